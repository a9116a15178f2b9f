import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { MAX_POLICY_CHARACTERS, parsePolicy } from '../../src/gate/parse-policy.js';
import { defaultPolicy } from '../../src/gate/policy-defaults.js';
import { validateRulesForTask } from '../../src/gate/validate-rules-for-task.js';
import type { Task } from '../../src/report/types.js';

const FILE = 'model-gate.yml';

function errorOf(action: () => unknown): ConfigurationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

describe('parsePolicy: bad files', () => {
  const cases: Array<{ name: string; text: string; message: string; line: number; key?: string }> = [
    {
      name: 'unknown top-level key',
      text: lines('data:', '  label: y', 'gaet:', '  alpha: 0.05'),
      message:
        'model-gate.yml:3: gaet: unknown key (did you mean "gate"?); allowed keys: version, data, models, gate',
      line: 3,
      key: 'gaet',
    },
    {
      name: 'typo in a rule key',
      text: lines('gate:', '  rules:', '    accuracy:', '      tolerence: 0.01'),
      message:
        'model-gate.yml:4: gate.rules.accuracy.tolerence: unknown key (did you mean "tolerance"?); allowed keys: tolerance, blocking',
      line: 4,
      key: 'gate.rules.accuracy.tolerence',
    },
    {
      name: 'misspelt metric, and an alias',
      text: lines('gate:', '  rules:', '    accuarcy: 0.01', '    auc: 0.01'),
      message: [
        'model-gate.yml:3: gate.rules.accuarcy: unknown key (did you mean "accuracy"?); allowed keys: accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro, log_loss, roc_auc, brier_score, mae, mse, rmse, r2, mape, binary, multiclass, regression',
        'model-gate.yml:4: gate.rules.auc: unknown key (did you mean "roc_auc"?); allowed keys: accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro, log_loss, roc_auc, brier_score, mae, mse, rmse, r2, mape, binary, multiclass, regression',
      ].join('\n'),
      line: 3,
      key: 'gate.rules.accuarcy',
    },
    {
      name: "another task's metric in a task's rule set",
      text: lines('gate:', '  rules:', '    binary:', '      mae: "2%"'),
      message:
        'model-gate.yml:4: gate.rules.binary.mae: unknown key ("mae" is a metric of regression models); allowed keys: accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro, log_loss, roc_auc, brier_score',
      line: 4,
    },
    {
      name: 'wrong type: a tolerance in words',
      text: lines('gate:', '  rules:', '    accuracy: { tolerance: "two" }'),
      message:
        'model-gate.yml:3: gate.rules.accuracy.tolerance: expected a number >= 0 or a percentage like "2%", got "two"',
      line: 3,
      key: 'gate.rules.accuracy.tolerance',
    },
    {
      name: 'wrong type: a list as a rule',
      text: lines('gate:', '  rules:', '    accuracy: [0.01]'),
      message:
        'model-gate.yml:3: gate.rules.accuracy: expected a rule like { tolerance: 0.005, blocking: true }, a tolerance (0.005 or "2%"), true or false, got a list',
      line: 3,
    },
    {
      name: 'wrong type: blocking as a word',
      text: lines('gate:', '  rules:', '    roc_auc:', '      tolerance: 0.005', '      blocking: yes'),
      message: 'model-gate.yml:5: gate.rules.roc_auc.blocking: expected true or false, got "yes"',
      line: 5,
    },
    {
      name: 'wrong type: a section that is not a mapping',
      text: lines('data: data/holdout.csv'),
      message: 'model-gate.yml:1: data: expected a mapping, got "data/holdout.csv"',
      line: 1,
    },
    {
      name: 'wrong type: a quoted alpha',
      text: lines('gate:', '  alpha: "0.05"'),
      message:
        'model-gate.yml:2: gate.alpha: must be a number greater than 0 and less than 0.5, got "0.05" (remove the quotes to make it a number)',
      line: 2,
    },
    {
      name: 'wrong type: a numeric label',
      text: lines('data:', '  label: 2024'),
      message:
        'model-gate.yml:2: data.label: must be a column name (non-empty text), got 2024 (quote it if the column is named "2024")',
      line: 2,
    },
    {
      name: 'negative tolerance',
      text: lines('gate:', '  rules:', '    log_loss: { tolerance: -0.01 }'),
      message:
        'model-gate.yml:3: gate.rules.log_loss.tolerance: expected a number >= 0 or a percentage like "2%", got -0.01 (a tolerance is the largest worsening allowed; the metric gives the direction)',
      line: 3,
    },
    {
      name: 'negative percentage',
      text: lines('gate:', '  rules:', '    log_loss: "-2%"'),
      message:
        'model-gate.yml:3: gate.rules.log_loss: expected a number >= 0 or a percentage like "2%", got "-2%" (a tolerance is the largest worsening allowed; the metric gives the direction)',
      line: 3,
    },
    {
      name: 'NaN tolerance',
      text: lines('gate:', '  rules:', '    mae: .nan'),
      message: 'model-gate.yml:3: gate.rules.mae: expected a number >= 0 or a percentage like "2%", got .nan',
      line: 3,
    },
    {
      name: 'infinite tolerance',
      text: lines('gate:', '  rules:', '    mae: { tolerance: -.inf }'),
      message:
        'model-gate.yml:3: gate.rules.mae.tolerance: expected a number >= 0 or a percentage like "2%", got -.inf',
      line: 3,
    },
    {
      name: 'infinite shorthand',
      text: lines('gate:', '  rules:', '    mae: .inf'),
      message: 'model-gate.yml:3: gate.rules.mae: expected a number >= 0 or a percentage like "2%", got .inf',
      line: 3,
    },
    {
      name: 'percentage over 100%',
      text: lines('gate:', '  rules:', '    log_loss: { tolerance: "150%" }'),
      message:
        'model-gate.yml:3: gate.rules.log_loss.tolerance: a percentage must be between 0% and 100%, got "150%"',
      line: 3,
    },
    {
      name: 'garbage percentage',
      text: lines('gate:', '  rules:', '    log_loss: { tolerance: "2%%" }'),
      message:
        'model-gate.yml:3: gate.rules.log_loss.tolerance: expected a number >= 0 or a percentage like "2%", got "2%%"',
      line: 3,
    },
    {
      name: 'a quoted number as tolerance',
      text: lines('gate:', '  rules:', '    rmse: "0.02"'),
      message:
        'model-gate.yml:3: gate.rules.rmse: expected a number >= 0 or a percentage like "2%", got "0.02" (write it without quotes for an absolute tolerance, or add % for a relative one)',
      line: 3,
    },
    {
      name: 'points written as a whole number',
      text: lines('gate:', '  rules:', '    accuracy: 5'),
      message:
        'model-gate.yml:3: gate.rules.accuracy: accuracy lies between 0 and 1, so an absolute tolerance must be at most 1, got 5 (for 5 points write 0.05)',
      line: 3,
    },
    {
      name: 'alpha out of range',
      text: lines('# policy', 'gate:', '  alpha: 0.7'),
      message: 'model-gate.yml:3: gate.alpha: must be a number greater than 0 and less than 0.5, got 0.7',
      line: 3,
      key: 'gate.alpha',
    },
    {
      name: 'alpha zero',
      text: lines('gate:', '  alpha: 0'),
      message: 'model-gate.yml:2: gate.alpha: must be a number greater than 0 and less than 0.5, got 0',
      line: 2,
    },
    {
      name: 'seed not whole',
      text: lines('gate:', '  seed: 1.5'),
      message: 'model-gate.yml:2: gate.seed: must be a whole number between 0 and 9007199254740991, got 1.5',
      line: 2,
    },
    {
      name: 'seed beyond a safe integer',
      text: lines('gate:', '  seed: 9007199254740993'),
      message:
        'model-gate.yml:2: gate.seed: must be a whole number between 0 and 9007199254740991, got 9007199254740992',
      line: 2,
    },
    {
      name: 'misspelt choice',
      text: lines('gate:', '  correction: hlom'),
      message:
        'model-gate.yml:2: gate.correction: must be one of "holm", "none", got "hlom" (did you mean "holm"?)',
      line: 2,
    },
    {
      name: 'unknown choice',
      text: lines('gate:', '  inconclusive: ignore'),
      message: 'model-gate.yml:2: gate.inconclusive: must be one of "warn", "fail", "pass", got "ignore"',
      line: 2,
    },
    {
      name: 'unknown version',
      text: lines('version: 2'),
      message: 'model-gate.yml:1: version: must be 1 (the only version so far), got 2',
      line: 1,
    },
    {
      name: 'label among the features, and a repeated feature',
      text: lines(
        'data:',
        '  label: churned',
        '  features:',
        '    - tenure',
        '    - churned',
        '    - tenure',
      ),
      message: [
        'model-gate.yml:5: data.features[1]: "churned" is the label column; a model must not see its label',
        'model-gate.yml:6: data.features[2]: "tenure" is listed twice (first as data.features[0])',
      ].join('\n'),
      line: 5,
    },
    {
      name: 'empty feature list',
      text: lines('data:', '  features: []'),
      message:
        'model-gate.yml:2: data.features: must list at least one column (leave the key out to use every column but the label and slices)',
      line: 2,
    },
    {
      name: 'an empty rule',
      text: lines('gate:', '  rules:', '    accuracy:'),
      message:
        'model-gate.yml:3: gate.rules.accuracy: expected a rule like { tolerance: 0.005, blocking: true }, a tolerance (0.005 or "2%"), true or false, got nothing (an empty value)',
      line: 3,
    },
    {
      name: 'YAML syntax error',
      text: lines('gate:', '  rules:', '    accuracy: { tolerance: 0.01'),
      message:
        'model-gate.yml:4:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      line: 4,
    },
    {
      name: 'YAML: unclosed quote',
      text: lines('data:', '  label: "churned'),
      message: 'model-gate.yml:3:1: invalid YAML: Missing closing "quote',
      line: 3,
    },
    {
      name: 'YAML: tab indentation',
      text: lines('gate:', '\talpha: 0.05'),
      message: 'model-gate.yml:2:1: invalid YAML: Tabs are not allowed as indentation',
      line: 2,
    },
    {
      name: 'YAML: unresolved tag',
      text: lines('gate:', '  alpha: !float 0.05'),
      message: 'model-gate.yml:2:10: invalid YAML: Unresolved tag: !float',
      line: 2,
    },
    {
      name: 'YAML: two documents',
      text: lines('gate:', '  alpha: 0.05', '---', 'gate:', '  alpha: 0.1'),
      message:
        "model-gate.yml:3:1: invalid YAML: the file holds more than one YAML document (a second '---'); a policy is one document",
      line: 3,
    },
    {
      name: 'duplicate key',
      text: lines('gate:', '  alpha: 0.05', '  seed: 3', '  alpha: 0.1'),
      message: 'model-gate.yml:4: gate.alpha: duplicate key (first on line 2)',
      line: 4,
      key: 'gate.alpha',
    },
    {
      name: 'duplicate rule in a flow mapping',
      text: lines('gate:', '  rules:', '    accuracy: { tolerance: 0.01, tolerance: 0.02 }'),
      message: 'model-gate.yml:3: gate.rules.accuracy.tolerance: duplicate key (first on line 3)',
      line: 3,
    },
    {
      name: 'not a mapping at the top',
      text: lines('- accuracy', '- log_loss'),
      message:
        'model-gate.yml:1: expected a mapping of keys (version, data, models, gate) at the top of the file, got a list',
      line: 1,
    },
    {
      name: 'a lone word',
      text: lines('', 'strict'),
      message:
        'model-gate.yml:2: expected a mapping of keys (version, data, models, gate) at the top of the file, got "strict"',
      line: 2,
    },
  ];

  it.each(cases)('$name', ({ text, message, line, key }) => {
    const error = errorOf(() => parsePolicy(text, FILE));
    expect(error.message).toBe(message);
    expect(error.location.file).toBe(FILE);
    expect(error.location.line).toBe(line);
    if (key !== undefined) expect(error.location.column).toBe(key);
  });

  it('lists every problem, by line', () => {
    const error = errorOf(() => parsePolicy(lines('gate:', '  seed: -1', '  alpha: 2', 'dat: {}'), FILE));
    expect(error.message.split('\n')).toEqual([
      'model-gate.yml:2: gate.seed: must be a whole number between 0 and 9007199254740991, got -1',
      'model-gate.yml:3: gate.alpha: must be a number greater than 0 and less than 0.5, got 2',
      'model-gate.yml:4: dat: unknown key (did you mean "data"?); allowed keys: version, data, models, gate',
    ]);
    expect(error.location.line).toBe(2);
  });

  it('refuses a huge file without parsing it', () => {
    const error = errorOf(() => parsePolicy(' '.repeat(MAX_POLICY_CHARACTERS + 1), FILE));
    expect(error.message).toMatch(
      /^model-gate\.yml: the policy file has 1000001 characters, more than the 1000000/,
    );
  });

  it('refuses alias bombs', () => {
    const bomb = lines(
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    );
    expect(errorOf(() => parsePolicy(bomb, FILE)).message).toMatch(/^model-gate\.yml:1: cannot be read: /);
  });
});

describe('parsePolicy: good files', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n\n# still nothing\n'],
    ['an explicit null', '~\n'],
    ['empty sections', lines('data:', 'models:', 'gate:', '  rules:')],
  ])('%s means every default', (_name, text) => {
    const policy = parsePolicy(text, FILE);
    const expected = defaultPolicy();
    expect({ ...policy, source: undefined }).toEqual({ ...expected, source: undefined });
    expect(policy.source.path).toBe(FILE);
  });

  it('reads a full file, keeping the line of every key', () => {
    const text = lines(
      '# .github/model-gate.yml',
      'version: 1',
      'data:',
      '  path: data/holdout.csv',
      '  label: churned',
      '  features: [a, b, c]',
      '  slices: [country]',
      'models:',
      '  candidate: models/churn.onnx',
      '  baseline: models/churn-prod.onnx',
      'gate:',
      '  alpha: 0.01',
      '  correction: none',
      '  inconclusive: fail',
      '  seed: 20240601',
      '  default_rules: false',
      '  rules:',
      '    accuracy: { tolerance: 0.005 }',
      '    log_loss: { tolerance: "2%" }',
      '    roc_auc: { tolerance: 0.005, blocking: true }',
      '    f1_macro: { tolerance: 0.01, blocking: false }',
      '    brier_score: " 1.5 % "',
      '    mape: false',
      '    r2: true',
      '    regression:',
      '      mae: 3%',
    );
    const policy = parsePolicy(text, '.github/model-gate.yml');
    expect(policy.data).toEqual({
      path: 'data/holdout.csv',
      label: 'churned',
      features: ['a', 'b', 'c'],
      slices: ['country'],
    });
    expect(policy.models).toEqual({ candidate: 'models/churn.onnx', baseline: 'models/churn-prod.onnx' });
    expect(policy.gate).toEqual({
      alpha: 0.01,
      correction: 'none',
      inconclusive: 'fail',
      seed: 20240601,
      defaultRules: false,
      slices: { minSize: 30, rules: {}, taskRules: {} },
      latency: { warmup: 2, rules: {} },
      drift: { features: {} },
      rules: {
        accuracy: { enabled: true, tolerance: { kind: 'absolute', value: 0.005 } },
        log_loss: { enabled: true, tolerance: { kind: 'relative', percent: 2 } },
        roc_auc: { enabled: true, tolerance: { kind: 'absolute', value: 0.005 }, blocking: true },
        f1_macro: { enabled: true, tolerance: { kind: 'absolute', value: 0.01 }, blocking: false },
        brier_score: { enabled: true, tolerance: { kind: 'relative', percent: 1.5 } },
        mape: { enabled: false },
        r2: { enabled: true },
      },
      taskRules: { regression: { mae: { enabled: true, tolerance: { kind: 'relative', percent: 3 } } } },
    });
    const positions = policy.source.lines;
    expect(positions.get('data.features')).toBe(6);
    expect(positions.get('data.features[2]')).toBe(6);
    expect(positions.get('gate.alpha')).toBe(12);
    expect(positions.get('gate.rules.roc_auc.blocking')).toBe(20);
    expect(positions.get('gate.rules.regression.mae')).toBe(26);
  });

  it('accepts a zero tolerance, 0%, 100% and a tolerance of exactly 1', () => {
    const policy = parsePolicy(
      lines(
        'gate:',
        '  rules:',
        '    accuracy: 0',
        '    log_loss: "0%"',
        '    mae: "100%"',
        '    roc_auc: 1',
      ),
      FILE,
    );
    expect(policy.gate.rules).toEqual({
      accuracy: { enabled: true, tolerance: { kind: 'absolute', value: 0 } },
      log_loss: { enabled: true, tolerance: { kind: 'relative', percent: 0 } },
      mae: { enabled: true, tolerance: { kind: 'relative', percent: 100 } },
      roc_auc: { enabled: true, tolerance: { kind: 'absolute', value: 1 } },
    });
  });

  it('accepts a label among the slices (per-class results)', () => {
    expect(parsePolicy(lines('data:', '  label: y', '  slices: [y]'), FILE).data.slices).toEqual(['y']);
  });
});

describe('the example policy', () => {
  const text = readFileSync(new URL('../../examples/policy/model-gate.yml', import.meta.url), 'utf8');
  const example = parsePolicy(text, 'examples/policy/model-gate.yml');

  it('states the default gate settings', () => {
    expect(example.gate.alpha).toBe(defaultPolicy().gate.alpha);
    expect(example.gate.correction).toBe(defaultPolicy().gate.correction);
    expect(example.gate.inconclusive).toBe(defaultPolicy().gate.inconclusive);
    expect(example.gate.seed).toBe(defaultPolicy().gate.seed);
    expect(example.gate.defaultRules).toBe(defaultPolicy().gate.defaultRules);
  });

  it.each<Task>(['binary', 'multiclass', 'regression'])('spells out the default %s rules exactly', (task) => {
    const essentials = (policy: ReturnType<typeof defaultPolicy>) =>
      validateRulesForTask(policy, task, 'x').map(({ metric, tolerance, blocking }) => ({
        metric,
        tolerance,
        blocking,
      }));
    expect(essentials(example)).toEqual(essentials(defaultPolicy()));
  });
});
