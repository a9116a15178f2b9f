import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { parsePolicy } from '../../src/gate/parse-policy.js';
import { POLICY_DEFAULTS, defaultPolicy } from '../../src/gate/policy-defaults.js';
import { resolveTolerance } from '../../src/gate/resolve-tolerance.js';
import { sliceRulesForTask, validateRulesForTask } from '../../src/gate/validate-rules-for-task.js';
import { LATENCY_STATISTICS } from '../../src/gate/latency-comparisons.js';
import { LATENCY_RULE_KEYS } from '../../src/gate/policy-schema.js';
import { HIGHER_IS_BETTER, METRIC_NAMES, type Task } from '../../src/report/types.js';

const FILE = '.github/model-gate.yml';
const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

function errorOf(action: () => unknown): ConfigurationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('default rules', () => {
  it.each<Task>(['binary', 'multiclass', 'regression'])(
    'cover every %s metric, in METRIC_NAMES order',
    (task) => {
      expect(Object.keys(POLICY_DEFAULTS.rules[task])).toEqual(METRIC_NAMES[task]);
      const rules = validateRulesForTask(defaultPolicy(), task, '(defaults)');
      expect(rules.map((rule) => rule.metric)).toEqual(METRIC_NAMES[task]);
      for (const rule of rules) {
        expect(rule.source).toBe('default');
        expect(rule.line).toBeNull();
        expect(rule.higherIsBetter).toBe(HIGHER_IS_BETTER[rule.metric]);
      }
    },
  );

  it('block on the documented metrics', () => {
    const blocking = (task: Task) =>
      validateRulesForTask(defaultPolicy(), task, '(defaults)')
        .filter((rule) => rule.blocking)
        .map((rule) => rule.metric);
    expect(blocking('binary')).toEqual(['accuracy', 'log_loss', 'roc_auc', 'brier_score']);
    expect(blocking('multiclass')).toEqual(['accuracy', 'log_loss']);
    expect(blocking('regression')).toEqual(['mae', 'rmse']);
  });
});

describe('validateRulesForTask', () => {
  it('names the file, the line of the rule and the metrics of the task', () => {
    const policy = parsePolicy(lines('gate:', '  rules:', '    accuracy: 0.01', '    mae: "2%"'), FILE);
    const error = errorOf(() => validateRulesForTask(policy, 'binary', FILE));
    expect(error.message).toBe(
      '.github/model-gate.yml:4: gate.rules.mae: "mae" is not a metric of binary models, and the models are binary; ' +
        'binary metrics: accuracy, balanced_accuracy, precision_macro, recall_macro, f1_macro, log_loss, roc_auc, brier_score; ' +
        'put rules meant for regression models under gate.rules.regression',
    );
    expect(error.location).toEqual({ file: FILE, line: 4, column: 'gate.rules.mae' });
  });

  it('lists every misplaced rule, and knows metrics shared by two tasks', () => {
    const policy = parsePolicy(lines('gate:', '  rules:', '    log_loss: "2%"', '    roc_auc: 0.01'), FILE);
    const error = errorOf(() => validateRulesForTask(policy, 'regression', FILE));
    expect(error.message.split('\n')).toEqual([
      '.github/model-gate.yml:3: gate.rules.log_loss: "log_loss" is not a metric of regression models, and the models are regression; regression metrics: mae, mse, rmse, r2, mape; put rules meant for binary or multiclass models under gate.rules.binary',
      '.github/model-gate.yml:4: gate.rules.roc_auc: "roc_auc" is not a metric of regression models, and the models are regression; regression metrics: mae, mse, rmse, r2, mape; put rules meant for binary or multiclass models under gate.rules.binary',
    ]);
  });

  it('rejects brier_score for multiclass models', () => {
    const policy = parsePolicy(lines('gate:', '  rules:', '    brier_score: "2%"'), FILE);
    expect(errorOf(() => validateRulesForTask(policy, 'multiclass', FILE)).message).toMatch(
      /^\.github\/model-gate\.yml:3: gate\.rules\.brier_score: "brier_score" is not a metric of multiclass models/,
    );
  });

  it("ignores another task's rule set", () => {
    const policy = parsePolicy(lines('gate:', '  rules:', '    regression:', '      mae: "10%"'), FILE);
    expect(validateRulesForTask(policy, 'binary', FILE)).toEqual(
      validateRulesForTask(defaultPolicy(), 'binary', FILE),
    );
  });

  it('layers defaults, common rules and task rules; a written rule blocks unless it says not to', () => {
    const policy = parsePolicy(
      lines(
        'gate:',
        '  rules:',
        '    accuracy: { tolerance: 0.01, blocking: false }',
        '    f1_macro: "3%"',
        '    precision_macro: false',
        '    binary:',
        '      accuracy: { tolerance: 0.02 }',
        '      recall_macro: true',
        '      brier_score: false',
        '    multiclass:',
        '      precision_macro: true',
      ),
      FILE,
    );
    const binary = validateRulesForTask(policy, 'binary', FILE);
    expect(binary).toEqual([
      // tolerance from the task rule, blocking from the common rule
      {
        metric: 'accuracy',
        tolerance: { kind: 'absolute', value: 0.02 },
        blocking: false,
        higherIsBetter: true,
        source: 'policy',
        line: 7,
      },
      {
        metric: 'balanced_accuracy',
        tolerance: { kind: 'absolute', value: 0.01 },
        blocking: false,
        higherIsBetter: true,
        source: 'default',
        line: null,
      },
      {
        metric: 'recall_macro',
        tolerance: { kind: 'absolute', value: 0.01 },
        blocking: true,
        higherIsBetter: true,
        source: 'policy',
        line: 8,
      },
      {
        metric: 'f1_macro',
        tolerance: { kind: 'relative', percent: 3 },
        blocking: true,
        higherIsBetter: true,
        source: 'policy',
        line: 4,
      },
      {
        metric: 'log_loss',
        tolerance: { kind: 'relative', percent: 2 },
        blocking: true,
        higherIsBetter: false,
        source: 'default',
        line: null,
      },
      {
        metric: 'roc_auc',
        tolerance: { kind: 'absolute', value: 0.005 },
        blocking: true,
        higherIsBetter: true,
        source: 'default',
        line: null,
      },
    ]);
    // The multiclass set turns precision_macro back on for multiclass models only.
    const multiclass = validateRulesForTask(policy, 'multiclass', FILE).map((rule) => rule.metric);
    expect(multiclass).toEqual([
      'accuracy',
      'balanced_accuracy',
      'precision_macro',
      'recall_macro',
      'f1_macro',
      'log_loss',
      'roc_auc',
    ]);
  });

  it('with default_rules: false evaluates only the rules written, with the default tolerance when none is given', () => {
    const policy = parsePolicy(
      lines(
        'gate:',
        '  default_rules: false',
        '  rules:',
        '    regression:',
        '      r2: true',
        '      mae: 0.5',
      ),
      FILE,
    );
    expect(validateRulesForTask(policy, 'regression', FILE)).toEqual([
      {
        metric: 'mae',
        tolerance: { kind: 'absolute', value: 0.5 },
        blocking: true,
        higherIsBetter: false,
        source: 'policy',
        line: 6,
      },
      {
        metric: 'r2',
        tolerance: { kind: 'absolute', value: 0.005 },
        blocking: true,
        higherIsBetter: true,
        source: 'policy',
        line: 5,
      },
    ]);
  });

  it('refuses a policy that leaves no rule for the task', () => {
    const policy = parsePolicy(
      lines('gate:', '  default_rules: false', '  rules:', '    regression:', '      mae: 0.5'),
      FILE,
    );
    expect(errorOf(() => validateRulesForTask(policy, 'binary', FILE)).message).toBe(
      '.github/model-gate.yml: no rule is left for binary models (gate.default_rules is false and no rule in ' +
        'gate.rules applies to them, or all are false); add one, e.g. accuracy: { tolerance: 0.005 }',
    );
  });
});

describe('resolveTolerance', () => {
  it.each([
    [{ kind: 'absolute', value: 0.005 } as const, 0.9, 0.005],
    [{ kind: 'absolute', value: 0.005 } as const, null, 0.005],
    [{ kind: 'relative', percent: 2 } as const, 0.35, 0.007],
    [{ kind: 'relative', percent: 2 } as const, -0.5, 0.01],
    [{ kind: 'relative', percent: 2 } as const, 0, 0],
    [{ kind: 'relative', percent: 2 } as const, null, null],
    [{ kind: 'relative', percent: 2 } as const, Number.NaN, null],
  ])('%o with baseline %s -> %s', (tolerance, baseline, expected) => {
    const resolved = resolveTolerance({ tolerance }, baseline);
    if (expected === null) expect(resolved).toBeNull();
    else expect(resolved).toBeCloseTo(expected, 15);
  });
});

describe('slice rules (gate.slices)', () => {
  it('reads the minimum size and layers slice rules over the global ones', () => {
    const policy = parsePolicy(
      [
        'gate:',
        '  rules:',
        '    accuracy: 0.005',
        '  slices:',
        '    min_size: 100',
        '    rules:',
        '      accuracy: { tolerance: 0.02 }',
        '      roc_auc: false',
      ].join('\n'),
      'model-gate.yml',
    );
    expect(policy.gate.slices.minSize).toBe(100);
    const global = validateRulesForTask(policy, 'binary', 'model-gate.yml');
    const slices = sliceRulesForTask(policy, 'binary', 'model-gate.yml');
    expect(global.find((rule) => rule.metric === 'accuracy')?.tolerance).toEqual({
      kind: 'absolute',
      value: 0.005,
    });
    expect(slices.find((rule) => rule.metric === 'accuracy')?.tolerance).toEqual({
      kind: 'absolute',
      value: 0.02,
    });
    expect(slices.some((rule) => rule.metric === 'roc_auc')).toBe(false);
    expect(global.some((rule) => rule.metric === 'roc_auc')).toBe(true);
  });

  it('names the key and line of a slice rule for another task', () => {
    const policy = parsePolicy(
      ['gate:', '  slices:', '    rules:', '      mae: 0.1'].join('\n'),
      'model-gate.yml',
    );
    expect(() => sliceRulesForTask(policy, 'binary', 'model-gate.yml')).toThrow(
      'model-gate.yml:4: gate.slices.rules.mae: "mae" is not a metric of binary models',
    );
  });

  it('rejects a minimum size that is not a whole number of rows', () => {
    expect(() => parsePolicy(['gate:', '  slices:', '    min_size: 0'].join('\n'), 'model-gate.yml')).toThrow(
      'model-gate.yml:3: gate.slices.min_size: must be a whole number of rows, at least 1, got 0',
    );
  });
});

describe('latency rules (gate.latency)', () => {
  it('names the same statistics as the latency comparisons', () => {
    expect([...LATENCY_RULE_KEYS]).toEqual([...LATENCY_STATISTICS]);
  });

  it('reads rules in both forms, report-only unless they say blocking', () => {
    const policy = parsePolicy(
      [
        'gate:',
        '  latency:',
        '    warmup: 3',
        '    rules:',
        '      p95: { tolerance: "20%", blocking: true }',
        '      geomean: "10%"',
      ].join('\n'),
      'model-gate.yml',
    );
    expect(policy.gate.latency).toEqual({
      warmup: 3,
      rules: {
        p95: { tolerance: { kind: 'relative', percent: 20 }, blocking: true },
        geomean: { tolerance: { kind: 'relative', percent: 10 }, blocking: false },
      },
    });
  });

  it('names the file, line and key of a bad latency rule', () => {
    expect(() =>
      parsePolicy(['gate:', '  latency:', '    rules:', '      p90: "20%"'].join('\n'), 'model-gate.yml'),
    ).toThrow(/model-gate.yml:4: gate.latency.rules.p90/);
  });
});
