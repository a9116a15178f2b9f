import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { mergePolicy } from '../../src/gate/merge-policy.js';
import { parsePolicy } from '../../src/gate/parse-policy.js';
import { defaultPolicy } from '../../src/gate/policy-defaults.js';

const FILE = '.github/model-gate.yml';
const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

const filePolicy = parsePolicy(
  lines(
    'data:',
    '  path: data/holdout.csv',
    '  label: churned',
    '  features: [a, b]',
    'models:',
    '  candidate: models/churn.onnx',
    'gate:',
    '  alpha: 0.01',
    '  inconclusive: fail',
    '  seed: 7',
  ),
  FILE,
);

function errorOf(action: () => unknown): ConfigurationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('mergePolicy: precedence', () => {
  it('keeps the file where no flag is given', () => {
    expect(mergePolicy(filePolicy, {})).toEqual(filePolicy);
  });

  it('flags win over the file, which wins over the defaults', () => {
    const merged = mergePolicy(filePolicy, {
      alpha: '0.1',
      seed: '42',
      data: 'other.csv',
      features: 'a, b,c',
      slices: ['country', 'plan'],
      baseline: 'models/prod.onnx',
      correction: 'none',
    });
    expect(merged.data).toEqual({
      path: 'other.csv',
      label: 'churned',
      features: ['a', 'b', 'c'],
      slices: ['country', 'plan'],
    });
    expect(merged.models).toEqual({ candidate: 'models/churn.onnx', baseline: 'models/prod.onnx' });
    expect(merged.gate).toMatchObject({ alpha: 0.1, seed: 42, inconclusive: 'fail', correction: 'none' });
    // Keys now set by flags no longer point into the file; the others still do.
    expect(merged.source.lines.has('gate.alpha')).toBe(false);
    expect(merged.source.lines.has('data.features')).toBe(false);
    expect(merged.source.lines.has('data.features[1]')).toBe(false);
    expect(merged.source.lines.get('gate.inconclusive')).toBe(9);
    expect(merged.source.path).toBe(FILE);
  });

  it('overrides the defaults when there is no file', () => {
    const merged = mergePolicy(defaultPolicy(), { alpha: 0.025, seed: 3, label: 'y', inconclusive: 'pass' });
    expect(merged.gate).toMatchObject({ alpha: 0.025, seed: 3, inconclusive: 'pass', correction: 'holm' });
    expect(merged.data.label).toBe('y');
  });

  it('splits lists on new lines too (multi-line action inputs)', () => {
    expect(mergePolicy(defaultPolicy(), { slices: 'country\nplan' }).data.slices).toEqual([
      'country',
      'plan',
    ]);
  });
});

describe('mergePolicy: bad values', () => {
  it.each([
    [
      { alpha: '1.5' },
      "Invalid value '1.5' for '--alpha': must be a number greater than 0 and less than 0.5",
    ],
    [{ alpha: '0' }, "Invalid value '0' for '--alpha': must be a number greater than 0 and less than 0.5"],
    [
      { alpha: 'five' },
      "Invalid value 'five' for '--alpha': must be a number greater than 0 and less than 0.5",
    ],
    [{ alpha: '' }, "Invalid value '' for '--alpha': must be a number greater than 0 and less than 0.5"],
    [
      { alpha: '0x1' },
      "Invalid value '0x1' for '--alpha': must be a number greater than 0 and less than 0.5",
    ],
    [
      { alpha: Number.NaN },
      "Invalid value 'NaN' for '--alpha': must be a number greater than 0 and less than 0.5",
    ],
    [
      { seed: '-1' },
      "Invalid value '-1' for '--seed': must be a whole number between 0 and 9007199254740991",
    ],
    [
      { seed: '2.5' },
      "Invalid value '2.5' for '--seed': must be a whole number between 0 and 9007199254740991",
    ],
    [
      { seed: '99999999999999999999' },
      "Invalid value '99999999999999999999' for '--seed': must be a whole number between 0 and 9007199254740991",
    ],
    [
      { inconclusive: 'wran' },
      'Invalid value \'wran\' for \'--inconclusive\': must be one of "warn", "fail", "pass" (did you mean "warn"?)',
    ],
    [
      { correction: 'bonferroni' },
      'Invalid value \'bonferroni\' for \'--correction\': must be one of "holm", "none"',
    ],
    [{ label: ' ' }, "Invalid value ' ' for '--label': must be a column name (non-empty text)"],
    [{ data: '' }, "Invalid value '' for '--data': must be a path (non-empty text)"],
    [
      { features: 'a,,b' },
      "Invalid value 'a,,b' for '--features': must be column names separated by commas, none empty and none repeated",
    ],
    [
      { slices: ['country', 'country'] },
      "Invalid value 'country,country' for '--slice': must be column names separated by commas, none empty and none repeated",
    ],
    [
      { features: 'a,churned' },
      "Invalid value 'a,churned' for '--features': 'churned' is the label column; a model must not see its label",
    ],
    [
      { label: 'a' },
      "Invalid value 'a' for '--label': it is listed in data.features (.github/model-gate.yml:4); a model must not see its label",
    ],
  ])('%o', (overrides, message) => {
    const error = errorOf(() => mergePolicy(filePolicy, overrides));
    expect(error.message).toBe(message);
  });

  it('lists every bad flag, and uses the names the caller gives', () => {
    const error = errorOf(() =>
      mergePolicy(filePolicy, { alpha: '2', seed: 'x' }, { alpha: 'alpha', seed: 'seed' }),
    );
    expect(error.message.split('\n')).toEqual([
      "Invalid value '2' for 'alpha': must be a number greater than 0 and less than 0.5",
      "Invalid value 'x' for 'seed': must be a whole number between 0 and 9007199254740991",
    ]);
    expect(error.location.column).toBe('alpha');
  });
});
