// Calibration of the whole gate by simulation (DESIGN.md section 5): synthetic paired predictions go through
// the real accumulators, comparison evidence, tolerance resolution, Holm and outcomes (simulate-gate.ts).
// Everything is seeded, so each check is deterministic; each band is 3 Monte Carlo standard errors wide
// around the rate the method promises. Sizes are small for CI; scripts/calibration.mjs runs 5,000 per
// scenario. n = 1000 rows per simulated holdout set throughout.
import { describe, expect, it } from 'vitest';

import {
  populationTolerance,
  scenarioWithDelta,
  simulateGate,
  type BinaryScenario,
  type RegressionScenario,
  type SimulationRule,
} from '../../src/evaluation/simulate-gate.js';
import type { Tolerance } from '../../src/gate/policy-values.js';
import { METRIC_NAMES } from '../../src/report/types.js';

const ROWS = 1000;
const ALPHA = 0.05;

/** Monte Carlo standard error of a rate p measured over `simulations` runs. */
function standardError(rate: number, simulations: number): number {
  return Math.sqrt((rate * (1 - rate)) / simulations);
}

const absolute = (value: number): Tolerance => ({ kind: 'absolute', value });
const relative = (percent: number): Tolerance => ({ kind: 'relative', percent });

/** Both models equally good: the same separation, independent latent noise (independent errors). */
const EQUAL: BinaryScenario = {
  task: 'binary',
  positiveRate: 0.3,
  baselineSeparation: 1,
  candidateSeparation: 1,
};

describe('the gate fails at most alpha of the time when the candidate is as good as the baseline', () => {
  it('with the default policy (8 rules, 4 blocking, Holm)', () => {
    const simulations = 150;
    const result = simulateGate({
      scenario: EQUAL,
      rows: ROWS,
      simulations,
      alpha: ALPHA,
      seed: 101,
      resamples: 200,
    });
    expect(result.rules.map((rule) => rule.metric)).toEqual(METRIC_NAMES.binary);
    // With tolerances > 0 and no true difference the rate is far below alpha; the bound is what is promised.
    expect(result.failRate).toBeLessThanOrEqual(ALPHA + 3 * standardError(ALPHA, simulations));
    for (const rule of result.rules) expect(rule.trueDelta).toBe(0);
  });

  // Tolerance 0 puts every rule exactly on the boundary of its null hypothesis: each test alone rejects about
  // alpha of the time, so a family of 8 would fail the gate more often without Holm's correction.
  const rules: SimulationRule[] = METRIC_NAMES.binary.map((metric) => ({ metric, tolerance: absolute(0) }));

  it('with every rule blocking at tolerance 0: Holm keeps the family-wise rate at alpha', () => {
    const simulations = 300;
    const result = simulateGate({
      scenario: EQUAL,
      rows: ROWS,
      simulations,
      alpha: ALPHA,
      seed: 102,
      resamples: 400,
      rules,
    });
    expect(result.failRate).toBeLessThanOrEqual(ALPHA + 3 * standardError(ALPHA, simulations));
  });

  it('the same at alpha = 0.2, where the check can see a missing correction', () => {
    // The 8 rules are strongly correlated (same rows, same models), so without Holm the family-wise rate at
    // alpha = 0.05 is only 0.095 (Holm: 0.014), too close to the bound to be told apart in a short run; at
    // alpha = 0.2 it is 0.34 against Holm's 0.054 (scripts/calibration.mjs, 5,000 runs each).
    const alpha = 0.2;
    const simulations = 200;
    const options = { scenario: EQUAL, rows: ROWS, simulations, alpha, seed: 103, resamples: 200, rules };
    const bound = alpha + 3 * standardError(alpha, simulations);
    expect(simulateGate(options).failRate).toBeLessThanOrEqual(bound);
    expect(simulateGate({ ...options, correction: 'none' }).failRate).toBeGreaterThan(bound);
  });
});

describe('at the boundary (candidate worse by exactly the tolerance) each rule fails about alpha of the time', () => {
  const cases: Array<[string, SimulationRule]> = [
    ['accuracy (Tango)', { metric: 'accuracy', tolerance: absolute(0.005) }],
    ['roc_auc (DeLong)', { metric: 'roc_auc', tolerance: absolute(0.005) }],
    ['log_loss (paired t, relative tolerance)', { metric: 'log_loss', tolerance: relative(2) }],
  ];
  const boundarySimulations = 800;
  const boundaryFailures: number[] = [];
  /** The mean minimum detectable effect the boundary runs reported, per metric (for the power checks). */
  const effects = new Map<string, number>();

  cases.forEach(([name, rule], index) => {
    it(`${name}; and a candidate worse by tolerance + 2 x MDE is caught at least 80% of the time`, () => {
      const tolerance = populationTolerance(EQUAL, rule.metric, rule.tolerance) as number;
      const atBoundary = simulateGate({
        scenario: scenarioWithDelta(EQUAL, rule.metric, -tolerance),
        rows: ROWS,
        simulations: boundarySimulations,
        alpha: ALPHA,
        seed: 201 + index,
        rules: [rule],
      });
      const summary = atBoundary.rules[0];
      // Kept first, so a failure below does not cascade into the checks that reuse them.
      boundaryFailures.push(atBoundary.failRate * boundarySimulations);
      effects.set(rule.metric, summary?.meanMinimumDetectableEffect ?? Number.NaN);
      expect(summary?.trueDelta).toBeCloseTo(-tolerance, 12);
      const band = 3 * standardError(ALPHA, boundarySimulations);
      expect(atBoundary.failRate).toBeGreaterThanOrEqual(ALPHA - band);
      expect(atBoundary.failRate).toBeLessThanOrEqual(ALPHA + band);
      // The matching two-sided interval is at 1 - 2 alpha = 90%, and covers the true delta (-tolerance).
      const coverageBand = 3 * standardError(0.9, boundarySimulations);
      expect(summary?.coverage).toBeGreaterThanOrEqual(0.9 - coverageBand);
      expect(summary?.coverage).toBeLessThanOrEqual(0.9 + coverageBand);

      // Power, against the minimum detectable effect the report shows for this n (its mean at the boundary).
      // The test is against -tolerance, so "worse by 2 x MDE" means that far beyond the tolerance.
      const effect = summary?.meanMinimumDetectableEffect as number;
      expect(effect).toBeGreaterThan(0);
      const powerSimulations = 100;
      const worse = simulateGate({
        scenario: scenarioWithDelta(EQUAL, rule.metric, -tolerance - 2 * effect),
        rows: ROWS,
        simulations: powerSimulations,
        alpha: ALPHA,
        seed: 211 + index,
        rules: [rule],
      });
      expect(worse.failRate).toBeGreaterThanOrEqual(0.8 - 3 * standardError(0.8, powerSimulations));
    });
  });

  it('pooled over the three methods, the boundary rate is alpha within 3 standard errors', () => {
    // Independent runs, so the pooled rate has a third of the variance: this band is tight enough to tell a
    // level-alpha test from one at alpha / 2 (a two-sided p-value, or a 1 - alpha interval's quantile).
    expect(boundaryFailures).toHaveLength(cases.length);
    const simulations = boundarySimulations * cases.length;
    const rate = boundaryFailures.reduce((sum, count) => sum + count, 0) / simulations;
    const band = 3 * standardError(ALPHA, simulations);
    expect(rate).toBeGreaterThanOrEqual(ALPHA - band);
    expect(rate).toBeLessThanOrEqual(ALPHA + band);
  });

  it('a candidate worse by tolerance + 1 x MDE is caught about 80% of the time (the MDE means what it says)', () => {
    // Loose band: the MDE here comes from the standard error observed at the boundary, and a worse candidate
    // disagrees with the baseline on more rows, so the power is a little under 80% (77% in 5,000 runs; 81%
    // with the MDE reported on the worse candidate's own data).
    const rule = cases[0]?.[1] as SimulationRule;
    const effect = effects.get('accuracy') as number;
    expect(effect).toBeGreaterThan(0);
    const simulations = 400;
    const worse = simulateGate({
      scenario: scenarioWithDelta(EQUAL, 'accuracy', -0.005 - effect),
      rows: ROWS,
      simulations,
      alpha: ALPHA,
      seed: 302,
      rules: [rule],
    });
    const band = 3 * standardError(0.8, simulations);
    expect(worse.failRate).toBeGreaterThanOrEqual(0.8 - 0.05 - band);
    expect(worse.failRate).toBeLessThanOrEqual(0.8 + band);
  });

  it('with the default policy, a candidate worse in accuracy by tolerance + 2 x MDE fails the gate', () => {
    const effect = effects.get('accuracy') as number;
    expect(effect).toBeGreaterThan(0);
    const simulations = 100;
    const worse = simulateGate({
      scenario: scenarioWithDelta(EQUAL, 'accuracy', -0.005 - 2 * effect),
      rows: ROWS,
      simulations,
      alpha: ALPHA,
      seed: 402,
      resamples: 400,
    });
    expect(worse.failRate).toBeGreaterThanOrEqual(0.8 - 3 * standardError(0.8, simulations));
  });
});

describe('the 95% intervals (alpha = 0.025) cover the true delta 95% of the time', () => {
  it('binary: accuracy (Tango), roc_auc (DeLong), log_loss and brier_score (t), f1_macro (cell bootstrap)', () => {
    // The candidate is truly worse (1 point of accuracy) and its errors correlate with the baseline's.
    const scenario = scenarioWithDelta({ ...EQUAL, noiseCorrelation: 0.5 }, 'accuracy', -0.01);
    const metrics = ['accuracy', 'roc_auc', 'log_loss', 'brier_score', 'f1_macro'];
    const simulations = 500;
    const result = simulateGate({
      scenario,
      rows: ROWS,
      simulations,
      alpha: 0.025,
      seed: 501,
      resamples: 500,
      rules: metrics.map((metric) => ({ metric, tolerance: absolute(0) })),
    });
    expect(result.confidence).toBeCloseTo(0.95, 12);
    const band = 3 * standardError(0.95, simulations);
    for (const rule of result.rules) {
      expect(rule.trueDelta).toBeLessThan(0);
      expect(rule.definedIntervals).toBe(simulations);
      expect(rule.coverage, rule.metric).toBeGreaterThanOrEqual(0.95 - band);
      expect(rule.coverage, rule.metric).toBeLessThanOrEqual(0.95 + band);
    }
  });

  it('regression: mae (t), rmse and r2 (grouped bootstrap)', () => {
    const scenario: RegressionScenario = {
      task: 'regression',
      labelMean: 10,
      labelStandardDeviation: 2,
      baselineErrorStandardDeviation: 1,
      candidateErrorStandardDeviation: 1.03,
      errorCorrelation: 0.5,
    };
    // The grouped bootstrap costs the same at any n (2048 groups per resample): few simulations and
    // resamples keep this fast, and the band is correspondingly wide.
    const simulations = 150;
    const result = simulateGate({
      scenario,
      rows: ROWS,
      simulations,
      alpha: 0.025,
      seed: 601,
      resamples: 200,
      rules: ['mae', 'rmse', 'r2'].map((metric) => ({ metric, tolerance: absolute(0) })),
    });
    const band = 3 * standardError(0.95, simulations);
    for (const rule of result.rules) {
      expect(rule.trueDelta).toBeLessThan(0);
      expect(rule.coverage, rule.metric).toBeGreaterThanOrEqual(0.95 - band);
      expect(rule.coverage, rule.metric).toBeLessThanOrEqual(0.95 + band);
    }
  });
});

describe('the simulation module', () => {
  it('places the candidate at the asked population delta, and is reproducible', () => {
    const scenario = scenarioWithDelta(EQUAL, 'roc_auc', -0.02);
    expect(scenario.candidateSeparation).toBeLessThan(EQUAL.baselineSeparation);
    const options = { scenario, rows: 300, simulations: 5, alpha: ALPHA, seed: 7, resamples: 100 };
    expect(simulateGate(options)).toEqual(simulateGate(options));
    expect(simulateGate(options).rules.find((rule) => rule.metric === 'roc_auc')?.trueDelta).toBeCloseTo(
      -0.02,
      12,
    );
  });
});
