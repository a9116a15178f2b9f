// Reference tests of the gate's inferential pieces against SciPy / statsmodels / R pROC and an independent
// implementation of Tango's method (scripts/reference/inference_reference.py -> inference.json).
// Tolerances: p-values 1e-6 absolute or 1e-4 relative (DESIGN.md section 5); interval limits 1e-9 absolute.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { aucDifferenceInterval } from '../../src/stats/auc-difference-interval.js';
import { intervalConfidence } from '../../src/stats/comparison-inference.js';
import { holmAdjust } from '../../src/stats/holm.js';
import { minimumDetectableEffect } from '../../src/stats/minimum-detectable-effect.js';
import { pairedMeanDifference, summarizeDifferences } from '../../src/stats/paired-mean-difference.js';
import {
  pairedProportionDifference,
  pairedProportionStandardError,
  tangoScoreStatistic,
  type PairedCorrectnessCounts,
} from '../../src/stats/paired-proportion-difference.js';
import { createRandomSource, splitMix64Outputs, Xoshiro128StarStar } from '../../src/stats/random-source.js';

interface MarginTest {
  margin: number;
  statistic: number | null;
  pValueNonInferiority: number | null;
  pValueRegression: number | null;
}

interface Fixture {
  tango: Array<{
    name: string;
    counts: PairedCorrectnessCounts;
    confidence: number;
    estimate: number;
    ci: [number, number];
    tests: MarginTest[];
    mcnemarTwoSidedNoCorrection: number | null;
  }>;
  aucDifference: Array<{
    name: string;
    n: number;
    aucCandidate: number;
    aucBaseline: number;
    standardError: number;
    levels: Array<{ confidence: number; z: number; ci: [number, number] }>;
    tests: MarginTest[];
  }>;
  pairedMean: Array<{
    name: string;
    differences: number[];
    mean: number;
    standardDeviation: number;
    df: number;
    levels: Array<{ confidence: number; ci: [number, number] }>;
    tests: MarginTest[];
  }>;
  holm: Array<{ name: string; pValues: Array<number | null>; adjusted: Array<number | null> }>;
  minimumDetectableEffect: {
    normal: Array<{
      standardError: number;
      n: number;
      alpha: number;
      power: number;
      tolerance: number;
      normalIndPowerAtMde: number;
      normalIndPowerRowsNeeded: number;
    }>;
    tTestPower: Array<{ n: number; alpha: number; power: number; effectSize: number }>;
  };
  random: {
    xoshiro128StarStarFrom1234: number[];
    splitMix64From1234567: string[];
    modelGateSeeding: Array<{ seed: number; stream: number; uint32: number[]; doubles: number[] }>;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/inference.json', import.meta.url), 'utf8'),
) as Fixture;

/** p-values: within 1e-6 absolute or 1e-4 relative. */
function expectPValue(actual: number | null, expected: number | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  const difference = Math.abs((actual as number) - expected);
  expect(difference <= 1e-6 || difference <= 1e-4 * Math.abs(expected)).toBe(true);
}

function expectClose(actual: number | null | undefined, expected: number, tolerance: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

describe('Tango score interval and test for paired proportions', () => {
  for (const reference of fixture.tango) {
    it(`${reference.name}, ${reference.confidence * 100}%`, () => {
      for (const test of reference.tests) {
        const result = pairedProportionDifference(reference.counts, {
          confidence: reference.confidence,
          margin: test.margin,
        });
        expect(result.estimate).toBe(reference.estimate);
        expectClose(result.ci?.[0], reference.ci[0], 1e-9);
        expectClose(result.ci?.[1], reference.ci[1], 1e-9);
        if (test.statistic === null) {
          expect(result.statistic).toBeNull();
        } else {
          expect(Math.abs((result.statistic as number) - test.statistic)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(test.statistic)),
          );
        }
        expectPValue(result.pValueNonInferiority, test.pValueNonInferiority);
        expectPValue(result.pValueRegression, test.pValueRegression);
        if (test.margin === 0 && reference.mcnemarTwoSidedNoCorrection !== null) {
          // statsmodels' McNemar (no continuity correction) is Tango's test at margin 0, two-sided.
          const twoSided =
            2 * Math.min(result.pValueRegression as number, result.pValueNonInferiority as number);
          expectPValue(twoSided, reference.mcnemarTwoSidedNoCorrection);
        }
      }
    });
  }

  it('makes the interval and the one-sided tests agree: lower >= -d exactly when p(non-inferiority) <= alpha', () => {
    const alpha = 0.05;
    const confidence = intervalConfidence(alpha);
    const tables: PairedCorrectnessCounts[] = [
      { bothRight: 800, candidateOnlyRight: 40, baselineOnlyRight: 52, bothWrong: 108 },
      { bothRight: 30, candidateOnlyRight: 2, baselineOnlyRight: 9, bothWrong: 4 },
      { bothRight: 9000, candidateOnlyRight: 300, baselineOnlyRight: 301, bothWrong: 399 },
    ];
    for (const counts of tables) {
      const interval = pairedProportionDifference(counts, { confidence, margin: 0 }).ci as [number, number];
      // Margins just inside and just outside the interval's lower and upper limits flip the decisions there.
      for (const margin of [
        -interval[0] - 1e-6,
        -interval[0] + 1e-6,
        -interval[1] - 1e-6,
        -interval[1] + 1e-6,
      ]) {
        if (margin < 0) continue;
        const result = pairedProportionDifference(counts, { confidence, margin });
        expect((result.ci as [number, number])[0] >= -margin).toBe(
          (result.pValueNonInferiority as number) <= alpha,
        );
        expect((result.ci as [number, number])[1] < -margin).toBe(
          (result.pValueRegression as number) < alpha,
        );
      }
    }
  });

  it('has a score statistic that decreases in delta0 (so each limit is a single root)', () => {
    for (const [b, c, n] of [
      [1, 7, 21],
      [0, 0, 500],
      [5, 0, 20],
      [0, 10, 10],
      [30120, 28900, 1_000_000],
    ] as const) {
      let previous = Infinity;
      for (let step = 1; step < 2000; step += 1) {
        const delta0 = -1 + step / 1000;
        const z = tangoScoreStatistic(b, c, n, delta0);
        if (Number.isNaN(z)) continue;
        expect(z).toBeLessThanOrEqual(previous);
        previous = z;
      }
    }
  });

  it('mirrors when the models swap roles', () => {
    const counts = { bothRight: 50, candidateOnlyRight: 13, baselineOnlyRight: 4, bothWrong: 33 };
    const swapped = { ...counts, candidateOnlyRight: 4, baselineOnlyRight: 13 };
    const result = pairedProportionDifference(counts, { confidence: 0.9, margin: 0 });
    const mirror = pairedProportionDifference(swapped, { confidence: 0.9, margin: 0 });
    expectClose(mirror.ci?.[0], -(result.ci as [number, number])[1], 1e-14);
    expectClose(mirror.ci?.[1], -(result.ci as [number, number])[0], 1e-14);
    expectClose(mirror.pValueRegression, result.pValueNonInferiority as number, 1e-15);
  });

  it('reports undefined values as null with a reason', () => {
    const empty = pairedProportionDifference(
      { bothRight: 0, candidateOnlyRight: 0, baselineOnlyRight: 0, bothWrong: 0 },
      { confidence: 0.9, margin: 0.01 },
    );
    expect(empty).toMatchObject({ estimate: null, ci: null, pValueRegression: null, n: 0 });
    expect(empty.reason).toMatch(/no rows/);
    const concordant = pairedProportionDifference(
      { bothRight: 480, candidateOnlyRight: 0, baselineOnlyRight: 0, bothWrong: 20 },
      { confidence: 0.9, margin: 0 },
    );
    expect(concordant.estimate).toBe(0);
    expect(concordant.ci).not.toBeNull();
    expect(concordant.pValueRegression).toBeNull();
    expect(concordant.reason).toMatch(/no discordant pairs/);
    const wide = pairedProportionDifference(
      { bothRight: 10, candidateOnlyRight: 1, baselineOnlyRight: 2, bothWrong: 3 },
      { confidence: 0.9, margin: 1 },
    );
    expect(wide.pValueRegression).toBeNull();
    expect(wide.reason).toMatch(/admits every difference/);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() =>
      pairedProportionDifference(
        { bothRight: 1.5, candidateOnlyRight: 0, baselineOnlyRight: 0, bothWrong: 0 },
        { confidence: 0.9, margin: 0 },
      ),
    ).toThrow(/bothRight/);
    expect(() =>
      pairedProportionDifference(
        { bothRight: 1, candidateOnlyRight: 0, baselineOnlyRight: 0, bothWrong: 0 },
        { confidence: 1.2, margin: 0 },
      ),
    ).toThrow(/confidence/);
  });

  it('computes the discordant-pair standard error', () => {
    const se = pairedProportionStandardError({
      bothRight: 8000,
      candidateOnlyRight: 412,
      baselineOnlyRight: 380,
      bothWrong: 1208,
    });
    expectClose(se, Math.sqrt(412 + 380 - (32 * 32) / 10000) / 10000, 1e-15);
  });
});

describe('DeLong interval for an AUC difference (R pROC)', () => {
  for (const reference of fixture.aucDifference) {
    it(reference.name, () => {
      const input = {
        aucCandidate: reference.aucCandidate,
        aucBaseline: reference.aucBaseline,
        standardError: reference.standardError,
        n: reference.n,
      };
      for (const level of reference.levels) {
        const result = aucDifferenceInterval(input, { confidence: level.confidence, margin: 0 });
        expectClose(result.ci?.[0], level.ci[0], 1e-9);
        expectClose(result.ci?.[1], level.ci[1], 1e-9);
        expectClose(result.statistic, level.z, 1e-7);
      }
      for (const test of reference.tests) {
        const result = aucDifferenceInterval(input, { confidence: 0.9, margin: test.margin });
        expectClose(result.statistic, test.statistic as number, 1e-9);
        expectPValue(result.pValueNonInferiority, test.pValueNonInferiority);
        expectPValue(result.pValueRegression, test.pValueRegression);
      }
    });
  }

  it('returns null p-values when the standard error is 0 or undefined', () => {
    const zero = aucDifferenceInterval(
      { aucCandidate: 1, aucBaseline: 1, standardError: 0, n: 10 },
      { confidence: 0.9, margin: 0 },
    );
    expect(zero.ci).toEqual([0, 0]);
    expect(zero.pValueRegression).toBeNull();
    const missing = aucDifferenceInterval(
      { aucCandidate: 0.8, aucBaseline: 0.7, standardError: null, n: 3 },
      { confidence: 0.9, margin: 0 },
    );
    expect(missing.estimate).toBeCloseTo(0.1, 15);
    expect(missing.ci).toBeNull();
    const noAuc = aucDifferenceInterval(
      { aucCandidate: null, aucBaseline: 0.7, standardError: null, n: 3 },
      { confidence: 0.9, margin: 0 },
    );
    expect(noAuc.estimate).toBeNull();
  });
});

describe('paired t interval and tests (SciPy ttest_1samp)', () => {
  for (const reference of fixture.pairedMean) {
    it(reference.name, () => {
      const summary = summarizeDifferences(Float64Array.from(reference.differences));
      expect(Math.abs(summary.mean - reference.mean)).toBeLessThanOrEqual(
        1e-14 * Math.max(1, Math.abs(reference.mean)),
      );
      expect(Math.abs(summary.standardDeviation - reference.standardDeviation)).toBeLessThanOrEqual(
        1e-12 * reference.standardDeviation,
      );
      for (const level of reference.levels) {
        const result = pairedMeanDifference(summary, { confidence: level.confidence, margin: 0 });
        expect(result.df).toBe(reference.df);
        expectClose(result.ci?.[0], level.ci[0], 1e-9);
        expectClose(result.ci?.[1], level.ci[1], 1e-9);
      }
      for (const test of reference.tests) {
        const result = pairedMeanDifference(summary, { confidence: 0.9, margin: test.margin });
        expectClose(
          result.statistic,
          test.statistic as number,
          1e-9 * Math.max(1, Math.abs(test.statistic as number)),
        );
        expectPValue(result.pValueNonInferiority, test.pValueNonInferiority);
        expectPValue(result.pValueRegression, test.pValueRegression);
      }
    });
  }

  it('returns nulls, not made-up numbers, when the spread is undefined or zero', () => {
    expect(
      pairedMeanDifference(summarizeDifferences(new Float64Array(0)), { confidence: 0.9, margin: 0 }),
    ).toMatchObject({
      estimate: null,
      n: 0,
    });
    const one = pairedMeanDifference(summarizeDifferences(Float64Array.of(0.2)), {
      confidence: 0.9,
      margin: 0,
    });
    expect(one).toMatchObject({ estimate: 0.2, ci: null, pValueRegression: null });
    const constant = pairedMeanDifference(summarizeDifferences(Float64Array.of(0, 0, 0)), {
      confidence: 0.9,
      margin: 0.1,
    });
    expect(constant).toMatchObject({ estimate: 0, ci: [0, 0], statistic: null, pValueRegression: null });
    expect(constant.reason).toMatch(/every per-example difference/);
    expect(() => summarizeDifferences(Float64Array.of(1, Number.NaN))).toThrow(/index 1/);
  });

  it('keeps its digits when the differences share a large offset', () => {
    const values = Float64Array.from({ length: 1000 }, (_, index) => 1e9 + (index % 7) * 1e-3);
    const summary = summarizeDifferences(values);
    const plain = Float64Array.from({ length: 1000 }, (_, index) => (index % 7) * 1e-3);
    expect(summary.standardDeviation).toBeCloseTo(summarizeDifferences(plain).standardDeviation, 9);
  });
});

describe('Holm adjustment (statsmodels multipletests)', () => {
  for (const reference of fixture.holm) {
    it(reference.name, () => {
      const adjusted = holmAdjust(reference.pValues);
      expect(adjusted).toHaveLength(reference.adjusted.length);
      adjusted.forEach((value, index) => expectPValue(value, reference.adjusted[index] ?? null));
    });
  }

  it('is monotone in the raw p-values and rejects invalid input', () => {
    const raw = [0.03, 0.001, 0.2, 0.01, 0.04];
    const adjusted = holmAdjust(raw) as number[];
    const order = raw
      .map((_, index) => index)
      .sort((left, right) => (raw[left] as number) - (raw[right] as number));
    for (let rank = 1; rank < order.length; rank += 1) {
      expect(adjusted[order[rank] as number]).toBeGreaterThanOrEqual(
        adjusted[order[rank - 1] as number] as number,
      );
    }
    expect(holmAdjust([])).toEqual([]);
    expect(() => holmAdjust([0.1, Number.NaN])).toThrow(/position 1/);
    expect(() => holmAdjust([1.5])).toThrow(/\[0, 1\]/);
  });
});

describe('minimum detectable effect (statsmodels NormalIndPower / TTestPower)', () => {
  for (const reference of fixture.minimumDetectableEffect.normal) {
    it(`SE ${reference.standardError}, n ${reference.n}, alpha ${reference.alpha}, power ${reference.power}`, () => {
      const result = minimumDetectableEffect(reference.standardError, reference.n, {
        alpha: reference.alpha,
        power: reference.power,
        tolerance: reference.tolerance,
      });
      // statsmodels' power at our MDE is the target power.
      expect(Math.abs(reference.normalIndPowerAtMde - reference.power)).toBeLessThanOrEqual(1e-9);
      // Rows needed: statsmodels' solution, rounded up.
      expect(result.rowsNeeded).toBe(Math.ceil(reference.normalIndPowerRowsNeeded - 1e-6));
      expect(result.additionalRows).toBe(Math.max(0, (result.rowsNeeded as number) - reference.n));
      // The MDE statsmodels would see: effect size (MDE / sd) at which power is exactly the target.
      const sd = reference.standardError * Math.sqrt(reference.n);
      expect(
        Math.abs(
          reference.n * (result.minimumDetectableEffect / reference.tolerance) ** 2 -
            reference.normalIndPowerRowsNeeded,
        ),
      ).toBeLessThanOrEqual(1e-6 * reference.normalIndPowerRowsNeeded);
      expect(result.minimumDetectableEffect / sd).toBeGreaterThan(0);
    });
  }

  for (const reference of fixture.minimumDetectableEffect.tTestPower) {
    it(`is within 1% of the noncentral-t answer at n = ${reference.n}`, () => {
      const result = minimumDetectableEffect(1 / Math.sqrt(reference.n), reference.n, {
        alpha: reference.alpha,
        power: reference.power,
      });
      // With sd = 1 the MDE is the effect size.
      expect(Math.abs(result.minimumDetectableEffect / reference.effectSize - 1)).toBeLessThan(0.01);
      expect(result.rowsNeeded).toBeNull();
    });
  }

  it('has no finite answer for a zero tolerance and validates its inputs', () => {
    expect(minimumDetectableEffect(0.01, 100, { alpha: 0.05, tolerance: 0 }).rowsNeeded).toBeNull();
    expect(minimumDetectableEffect(0, 100, { alpha: 0.05, tolerance: 0.01 })).toMatchObject({
      minimumDetectableEffect: 0,
      rowsNeeded: 0,
      additionalRows: 0,
    });
    expect(() => minimumDetectableEffect(0.01, 100, { alpha: 0.7 })).toThrow(/alpha/);
    expect(() => minimumDetectableEffect(Number.NaN, 100, { alpha: 0.05 })).toThrow(/standard error/);
  });
});

describe('random source (published xoshiro128** and SplitMix64 outputs)', () => {
  it('reproduces xoshiro128** from state {1, 2, 3, 4}', () => {
    const generator = new Xoshiro128StarStar([1, 2, 3, 4]);
    const outputs = fixture.random.xoshiro128StarStarFrom1234.map(() => generator.nextUint32());
    expect(outputs).toEqual(fixture.random.xoshiro128StarStarFrom1234);
  });

  it('reproduces SplitMix64 from seed 1234567', () => {
    expect(splitMix64Outputs(1234567n, 5).map(String)).toEqual(fixture.random.splitMix64From1234567);
  });

  it("matches the Python transcription of model-gate's seeding", () => {
    for (const reference of fixture.random.modelGateSeeding) {
      const source = createRandomSource(reference.seed, reference.stream);
      expect(reference.uint32.map(() => source.nextUint32())).toEqual(reference.uint32);
      expect(reference.doubles.map(() => source.nextDouble())).toEqual(reference.doubles);
    }
  });

  it('rejects seeds that would not survive JSON', () => {
    expect(() => createRandomSource(-1)).toThrow(/seed/);
    expect(() => createRandomSource(2 ** 53)).toThrow(/seed/);
    expect(() => createRandomSource(1.5)).toThrow(/seed/);
  });
});
