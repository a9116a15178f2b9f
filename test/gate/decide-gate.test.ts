import { describe, expect, it } from 'vitest';

import { decideGate, type GateSettings, type RuleEvidence } from '../../src/gate/decide-gate.js';
import type { ComparisonInference } from '../../src/stats/comparison-inference.js';

const settings: GateSettings = { alpha: 0.05, correction: 'holm', inconclusive: 'warn' };

function inference(estimate: number, ci: [number, number], pValueRegression: number, standardError = 0.004) {
  return {
    method: 'test method',
    estimate,
    standardError,
    ci,
    confidence: 0.9,
    margin: 0.005,
    statistic: null,
    pValueRegression,
    pValueNonInferiority: 1 - pValueRegression,
    n: 2000,
    reason: null,
  } satisfies ComparisonInference;
}

function rule(metric: string, inferred: ComparisonInference, blocking = true): RuleEvidence {
  return {
    metric,
    blocking,
    higherIsBetter: metric !== 'log_loss',
    tolerance: { kind: 'absolute', value: 0.005 },
    resolvedTolerance: 0.005,
    baseline: 0.8,
    candidate: 0.8 + (inferred.estimate ?? 0),
    inference: inferred,
  };
}

describe('decideGate', () => {
  it('fails on a blocking regression and says how much, with the interval and the Holm p-value', () => {
    const decision = decideGate(
      settings,
      [
        rule('accuracy', inference(-0.012, [-0.02, -0.004], 0.003)),
        rule('roc_auc', inference(0.01, [0.002, 0.018], 1)),
      ],
      2000,
    );
    expect(decision.verdict).toBe('fail');
    expect(decision.reasons).toEqual([
      'accuracy dropped 1.2 points (90% CI 0.4 points to 2 points), more than the 0.5 points allowed; p = 0.006 after Holm',
    ]);
    expect(decision.comparisons.map((c) => c.outcome)).toEqual(['regressed', 'improved']);
    // Holm: the smaller of two p-values is multiplied by 2.
    expect(decision.comparisons[0]?.pValueAdjusted).toBeCloseTo(0.006, 12);
  });

  it('lets Holm turn a marginal regression into an inconclusive result when many rules are tested', () => {
    const rules = [
      rule('accuracy', inference(-0.01, [-0.018, -0.001], 0.03)),
      rule('roc_auc', inference(0, [-0.004, 0.004], 0.5)),
      rule('f1_macro', inference(0, [-0.004, 0.004], 0.5), false),
    ];
    const decision = decideGate(settings, rules, 2000);
    expect(decision.comparisons[0]?.pValueAdjusted).toBeCloseTo(0.09, 12);
    expect(decision.comparisons[0]?.outcome).toBe('inconclusive');
    expect(decision.verdict).toBe('pass');
    expect(decision.warned).toBe(true);
    expect(decision.reasons[1]).toContain('accuracy is inconclusive');
    expect(decision.reasons[1]).toContain('add about');
    const uncorrected = decideGate({ ...settings, correction: 'none' }, rules, 2000);
    expect(uncorrected.verdict).toBe('fail');
  });

  it('applies the inconclusive policy to blocking rules only', () => {
    const rules = [
      rule('accuracy', inference(-0.004, [-0.012, 0.004], 0.2)),
      rule('f1_macro', inference(-0.004, [-0.012, 0.004], 0.2), false),
    ];
    expect(decideGate({ ...settings, inconclusive: 'fail' }, rules, 2000).verdict).toBe('fail');
    const passing = decideGate({ ...settings, inconclusive: 'pass' }, rules, 2000);
    expect(passing.verdict).toBe('pass');
    expect(passing.warned).toBe(false);
    const nonBlocking = decideGate({ ...settings, inconclusive: 'fail' }, [rules[1] as RuleEvidence], 2000);
    expect(nonBlocking.verdict).toBe('pass');
    expect(nonBlocking.reasons[0]).toContain('No blocking rule');
  });

  it('reports the minimum detectable effect and the rows needed', () => {
    const decision = decideGate(settings, [rule('accuracy', inference(0, [-0.0066, 0.0066], 0.3))], 2000);
    const [comparison] = decision.comparisons;
    // (z_0.95 + z_0.8) * SE = (1.6449 + 0.8416) * 0.004.
    expect(comparison?.minimumDetectableEffect).toBeCloseTo(2.4865 * 0.004, 4);
    expect(comparison?.rowsNeeded).toBe(Math.ceil(2000 * ((2.486475 * 0.004) / 0.005) ** 2));
  });

  it('treats an undefined comparison as inconclusive and says why', () => {
    const undefinedInference: ComparisonInference = {
      ...inference(0, [0, 0], 1),
      estimate: null,
      ci: null,
      standardError: null,
      pValueRegression: null,
      reason: 'the holdout set has a single class',
    };
    const decision = decideGate(settings, [rule('roc_auc', undefinedInference)], 2000);
    expect(decision.comparisons[0]?.outcome).toBe('inconclusive');
    expect(decision.reasons[1]).toBe('roc_auc could not be compared (the holdout set has a single class)');
  });
});

describe('decideGate with slices', () => {
  it('fails on a significant slice regression and names the slice', () => {
    const slice = { ...rule('accuracy', inference(-0.05, [-0.08, -0.02], 0.001)), scope: 'region = west' };
    const decision = decideGate(
      settings,
      [rule('accuracy', inference(0.01, [0.004, 0.016], 1)), slice],
      20000,
    );
    expect(decision.verdict).toBe('fail');
    expect(decision.reasons[0]).toMatch(/^accuracy on region = west dropped 5 points/);
  });

  it('reports an inconclusive slice without triggering the inconclusive policy', () => {
    const slice = { ...rule('accuracy', inference(-0.004, [-0.03, 0.02], 0.4)), scope: 'region = islands' };
    const decision = decideGate(
      { ...settings, inconclusive: 'fail' },
      [rule('accuracy', inference(0.01, [0.004, 0.016], 1)), slice],
      20000,
    );
    expect(decision.comparisons[1]?.outcome).toBe('inconclusive');
    expect(decision.verdict).toBe('pass');
    expect(decision.warned).toBe(false);
  });
});
