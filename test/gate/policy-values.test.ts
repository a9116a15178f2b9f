import { describe, expect, it } from 'vitest';
import { closestName } from '../../src/gate/closest-name.js';
import { METRIC_ALIASES, ALL_METRICS } from '../../src/gate/policy-schema.js';
import { describeYamlValue, parseTolerance } from '../../src/gate/policy-values.js';

describe('parseTolerance', () => {
  it.each([
    [0, { kind: 'absolute', value: 0 }],
    [0.005, { kind: 'absolute', value: 0.005 }],
    [12.5, { kind: 'absolute', value: 12.5 }],
    ['2%', { kind: 'relative', percent: 2 }],
    [' 2% ', { kind: 'relative', percent: 2 }],
    ['2 %', { kind: 'relative', percent: 2 }],
    ['0.5%', { kind: 'relative', percent: 0.5 }],
    ['.5%', { kind: 'relative', percent: 0.5 }],
    ['100%', { kind: 'relative', percent: 100 }],
  ])('accepts %o', (value, expected) => {
    expect(parseTolerance(value)).toEqual({ ok: true, value: expected });
  });

  it.each([
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    '2',
    '2%%',
    '%2',
    '2 percent',
    '+2%',
    '1e1%',
    '100.1%',
    '',
    true,
    null,
    [],
    {},
  ])('rejects %o', (value) => {
    expect(parseTolerance(value).ok).toBe(false);
  });

  it('knows that scores in [0, 1] take absolute tolerances up to 1', () => {
    expect(parseTolerance(2, 'roc_auc').ok).toBe(false);
    expect(parseTolerance(2, 'mae').ok).toBe(true);
    expect(parseTolerance(2, 'log_loss').ok).toBe(true);
  });
});

describe('describeYamlValue', () => {
  it.each([
    ['two', '"two"'],
    [-0.01, '-0.01'],
    [Number.NaN, '.nan'],
    [Number.NEGATIVE_INFINITY, '-.inf'],
    [false, 'false'],
    [null, 'nothing (an empty value)'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
  ])('%o -> %s', (value, text) => {
    expect(describeYamlValue(value)).toBe(text);
  });
});

describe('closestName', () => {
  const keys = ['tolerance', 'blocking'];
  it.each([
    ['tolerence', keys, 'tolerance'],
    ['Tolerance', keys, 'tolerance'],
    ['blockin', keys, 'blocking'],
    ['alpah', ['alpha', 'seed'], 'alpha'],
    ['log-loss', ALL_METRICS, 'log_loss'],
    ['auc', ALL_METRICS, 'roc_auc'],
    ['F1', ALL_METRICS, 'f1_macro'],
    ['speed', keys, undefined],
    ['x', ['alpha', 'seed'], undefined],
  ])('%s -> %s', (input, allowed, expected) => {
    expect(closestName(input, allowed, METRIC_ALIASES)).toBe(expected);
  });

  it('suggests an alias only when it is allowed', () => {
    expect(closestName('auc', ['mae', 'rmse'], METRIC_ALIASES)).toBeUndefined();
  });
});
