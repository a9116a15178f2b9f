// The outcome rule of DESIGN.md section 4, table-driven, and its consistency with the methods' intervals.
import { describe, expect, it } from 'vitest';

import { classifyOutcome, type OutcomeInput } from '../../src/stats/classify-outcome.js';
import { intervalConfidence } from '../../src/stats/comparison-inference.js';
import { holmAdjust } from '../../src/stats/holm.js';
import { pairedMeanDifference } from '../../src/stats/paired-mean-difference.js';

describe('classifyOutcome', () => {
  const cases: Array<[string, OutcomeInput, string]> = [
    [
      'lower bound above 0',
      { ciLower: 0.004, tolerance: 0.01, adjustedRegressionPValue: 0.99, alpha: 0.05 },
      'improved',
    ],
    [
      'lower bound within the tolerance',
      { ciLower: -0.006, tolerance: 0.01, adjustedRegressionPValue: 0.9, alpha: 0.05 },
      'non-inferior',
    ],
    [
      'lower bound exactly -d',
      { ciLower: -0.01, tolerance: 0.01, adjustedRegressionPValue: 0.5, alpha: 0.05 },
      'non-inferior',
    ],
    [
      'lower bound exactly 0, zero tolerance',
      { ciLower: 0, tolerance: 0, adjustedRegressionPValue: 0.5, alpha: 0.05 },
      'non-inferior',
    ],
    [
      'lower bound below -d, test not rejected',
      { ciLower: -0.03, tolerance: 0.01, adjustedRegressionPValue: 0.2, alpha: 0.05 },
      'inconclusive',
    ],
    [
      'adjusted p at alpha',
      { ciLower: -0.08, tolerance: 0.01, adjustedRegressionPValue: 0.05, alpha: 0.05 },
      'regressed',
    ],
    [
      'adjusted p below alpha',
      { ciLower: -0.08, tolerance: 0.01, adjustedRegressionPValue: 0.001, alpha: 0.05 },
      'regressed',
    ],
    [
      'undefined interval',
      { ciLower: null, tolerance: 0.01, adjustedRegressionPValue: null, alpha: 0.05 },
      'inconclusive',
    ],
    [
      'undefined test, interval within tolerance',
      { ciLower: -0.001, tolerance: 0.01, adjustedRegressionPValue: null, alpha: 0.05 },
      'non-inferior',
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(`${name} -> ${expected}`, () => {
      expect(classifyOutcome(input)).toBe(expected);
    });
  }

  it('rejects an invalid alpha or tolerance', () => {
    expect(() =>
      classifyOutcome({ ciLower: 0, tolerance: 0, adjustedRegressionPValue: null, alpha: 0.5 }),
    ).toThrow(/alpha/);
    expect(() =>
      classifyOutcome({ ciLower: 0, tolerance: -1, adjustedRegressionPValue: null, alpha: 0.05 }),
    ).toThrow(/tolerance/);
  });

  it('agrees with the interval before correction: regressed exactly when the upper bound is below -d', () => {
    const alpha = 0.05;
    const confidence = intervalConfidence(alpha);
    expect(confidence).toBeCloseTo(0.9, 15);
    for (let mean = -0.05; mean <= 0.05; mean += 0.0025) {
      for (const margin of [0, 0.01, 0.02]) {
        const result = pairedMeanDifference(
          { mean, standardDeviation: 0.2, n: 2000 },
          { confidence, margin },
        );
        const [lower, upper] = result.ci as [number, number];
        const outcome = classifyOutcome({
          ciLower: lower,
          tolerance: margin,
          adjustedRegressionPValue: result.pValueRegression,
          alpha,
        });
        expect(outcome === 'regressed').toBe(upper < -margin);
        if (outcome !== 'regressed') expect(outcome === 'inconclusive').toBe(lower < -margin);
      }
    }
  });

  it('only makes regressed harder to reach after Holm', () => {
    const raw = [0.03, 0.2, 0.6];
    const adjusted = holmAdjust(raw);
    expect(
      classifyOutcome({
        ciLower: -0.1,
        tolerance: 0.01,
        adjustedRegressionPValue: raw[0] as number,
        alpha: 0.05,
      }),
    ).toBe('regressed');
    expect(
      classifyOutcome({
        ciLower: -0.1,
        tolerance: 0.01,
        adjustedRegressionPValue: adjusted[0] as number,
        alpha: 0.05,
      }),
    ).toBe('inconclusive');
  });
});
