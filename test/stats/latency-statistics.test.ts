// The statistics of the latency report: type 7 quantiles against NumPy, the paired log-ratio interval and
// tests against SciPy (scripts/reference/latency_reference.py -> latency.json), and the paired quantile-ratio
// bootstrap by properties (exact cases, reproducibility, agreement of the interval with the p-values).
// Tolerances: quantiles and ratios 1e-12 relative; p-values 1e-6 absolute or 1e-4 relative (DESIGN.md 5).
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  logRatioTest,
  MIN_RATIO_BATCHES,
  pairedLogRatio,
  PAIRED_LOG_RATIO_METHOD,
} from '../../src/stats/paired-log-ratio.js';
import { summarizeBootstrap } from '../../src/stats/bootstrap-summary.js';
import { LATENCY_STREAM, pairedQuantileRatio } from '../../src/stats/paired-quantile-ratio.js';
import { createRandomSource } from '../../src/stats/random-source.js';
import { sampleQuantiles, sortedQuantile } from '../../src/stats/sample-quantiles.js';

interface Fixture {
  versions: Record<string, string>;
  quantiles: Array<{ name: string; values: number[]; probabilities: number[]; quantiles: number[] }>;
  ratios: Array<{
    name: string;
    candidate: number[];
    baseline: number[];
    n: number;
    estimate: number;
    meanLogRatio: number;
    standardError: number;
    df: number;
    levels: Array<{ confidence: number; ci: [number, number] }>;
    tests: Array<{ bound: number; statistic: number; pValueAbove: number; pValueBelow: number }>;
  }>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/latency.json', import.meta.url), 'utf8'),
) as Fixture;

function expectRelative(actual: number | null | undefined, expected: number, tolerance = 1e-12): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs((actual as number) - expected) / scale).toBeLessThanOrEqual(tolerance);
}

function expectPValue(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  const difference = Math.abs((actual as number) - expected);
  expect(difference <= 1e-6 || difference <= 1e-4 * expected).toBe(true);
}

describe('sampleQuantiles (type 7) against numpy.quantile', () => {
  it('uses the stated reference versions', () => {
    expect(fixture.versions).toMatchObject({ numpy: '1.24.2', scipy: '1.10.1' });
  });

  for (const testCase of fixture.quantiles) {
    it(testCase.name, () => {
      const actual = sampleQuantiles(testCase.values, testCase.probabilities);
      actual.forEach((value, index) => {
        const expected = testCase.quantiles[index] as number;
        if (expected === 0) expect(value).toBe(0);
        else expectRelative(value, expected, 1e-14);
      });
    });
  }

  it('leaves its input unsorted and untouched', () => {
    const values = [3, 1, 2];
    sampleQuantiles(values, [0.5]);
    expect(values).toEqual([3, 1, 2]);
  });

  it('is the minimum at 0, the maximum at 1, and monotone in p', () => {
    const values = [5, 0.5, 9, 2, 2, 7];
    const probabilities = Array.from({ length: 101 }, (_, index) => index / 100);
    const result = sampleQuantiles(values, probabilities);
    expect(result[0]).toBe(0.5);
    expect(result[100]).toBe(9);
    for (let index = 1; index < result.length; index += 1) {
      expect(result[index] as number).toBeGreaterThanOrEqual(result[index - 1] as number);
    }
  });

  it('interpolates between order statistics: (n - 1) p', () => {
    // n = 5: p = 0.3 -> h = 1.2, between 20 and 30.
    expect(sortedQuantile([10, 20, 30, 40, 50], 0.3)).toBeCloseTo(22, 12);
    expect(sortedQuantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 12);
  });

  it.each([
    [[], [0.5], 'there are no values'],
    [[1, Number.NaN], [0.5], 'value NaN at index 1 is not a finite number'],
    [[1, Number.POSITIVE_INFINITY], [0.5], 'value Infinity at index 1'],
    [[1, 2], [1.5], 'probability must be between 0 and 1, got 1.5'],
    [[1, 2], [Number.NaN], 'probability must be between 0 and 1, got NaN'],
  ])('rejects %j at %j', (values, probabilities, message) => {
    expect(() => sampleQuantiles(values, probabilities)).toThrow(message);
  });
});

describe('pairedLogRatio against SciPy (gmean, ttest_1samp on log ratios)', () => {
  for (const testCase of fixture.ratios) {
    describe(testCase.name, () => {
      it('estimate, mean log ratio and standard error', () => {
        const result = pairedLogRatio(testCase.candidate, testCase.baseline, 0.9);
        expect(result.n).toBe(testCase.n);
        expect(result.df).toBe(testCase.df);
        expect(result.method).toBe(PAIRED_LOG_RATIO_METHOD);
        expectRelative(result.ratio, testCase.estimate);
        expectRelative(result.meanLogRatio, testCase.meanLogRatio, 1e-10);
        expectRelative(result.standardError, testCase.standardError, 1e-10);
        expect(result.reason).toBeNull();
      });

      for (const level of testCase.levels) {
        it(`interval at ${level.confidence}`, () => {
          const result = pairedLogRatio(testCase.candidate, testCase.baseline, level.confidence);
          expect(result.confidence).toBe(level.confidence);
          expectRelative(result.ci?.[0], level.ci[0], 1e-9);
          expectRelative(result.ci?.[1], level.ci[1], 1e-9);
        });
      }

      for (const test of testCase.tests) {
        it(`one-sided tests against the bound ${test.bound}`, () => {
          const result = logRatioTest(pairedLogRatio(testCase.candidate, testCase.baseline, 0.9), test.bound);
          expectRelative(result.statistic, test.statistic, 1e-9);
          expectPValue(result.pValueAbove, test.pValueAbove);
          expectPValue(result.pValueBelow, test.pValueBelow);
        });
      }
    });
  }

  it('the interval and the tests agree: a bound outside the 1 - 2a interval is rejected at a', () => {
    const testCase = fixture.ratios[0];
    if (testCase === undefined) throw new Error('no ratio case');
    const result = pairedLogRatio(testCase.candidate, testCase.baseline, 0.9);
    const [lower, upper] = result.ci as [number, number];
    expect(logRatioTest(result, lower * 0.999).pValueAbove).toBeLessThan(0.05);
    expect(logRatioTest(result, lower * 1.001).pValueAbove).toBeGreaterThan(0.05);
    expect(logRatioTest(result, upper * 1.001).pValueBelow).toBeLessThan(0.05);
    expect(logRatioTest(result, upper * 0.999).pValueBelow).toBeGreaterThan(0.05);
    expect(logRatioTest(result, lower).pValueAbove).toBeCloseTo(0.05, 10);
  });

  it('swapping the models inverts the ratio and its interval', () => {
    const testCase = fixture.ratios[2];
    if (testCase === undefined) throw new Error('no ratio case');
    const forward = pairedLogRatio(testCase.candidate, testCase.baseline, 0.9);
    const backward = pairedLogRatio(testCase.baseline, testCase.candidate, 0.9);
    expectRelative(backward.ratio, 1 / (forward.ratio as number), 1e-12);
    expectRelative(backward.ci?.[0], 1 / (forward.ci as [number, number])[1], 1e-12);
    expectRelative(backward.ci?.[1], 1 / (forward.ci as [number, number])[0], 1e-12);
  });

  it(`needs ${MIN_RATIO_BATCHES} batches for an interval; says why otherwise`, () => {
    const two = pairedLogRatio([2, 4], [1, 2], 0.9);
    expect(two.ratio).toBeCloseTo(2, 14);
    expect(two.ci).toBeNull();
    expect(two.reason).toContain('only 2 timed batches: an interval needs at least 3');
    expect(logRatioTest(two, 1)).toEqual({ statistic: null, pValueAbove: null, pValueBelow: null });
    const one = pairedLogRatio([3], [1], 0.9);
    expect(one.ratio).toBeCloseTo(3, 14);
    expect(one.standardError).toBeNull();
    expect(one.reason).toContain('only 1 timed batch:');
    const none = pairedLogRatio([], [], 0.9);
    expect(none.ratio).toBeNull();
    expect(none.reason).toBe('no timed batches');
  });

  it('the same ratio on every batch: an interval of no width and no test', () => {
    const result = pairedLogRatio([2, 4, 6, 8], [1, 2, 3, 4], 0.9);
    expect(result.ratio).toBeCloseTo(2, 14);
    expect(result.ci?.[0]).toBeCloseTo(2, 14);
    expect(result.ci?.[1]).toBeCloseTo(2, 14);
    expect(result.reason).toContain('same time ratio');
    expect(logRatioTest(result, 1.5).pValueAbove).toBeNull();
  });

  it.each([
    [[1, 2], [1], 0.9, '2 candidate times but 1 baseline times'],
    [[1, 0], [1, 1], 0.9, 'time 0 of batch 1 is not a finite positive number'],
    [[1, 1], [1, Number.NaN], 0.9, 'time NaN of batch 1'],
    [[1, 1], [1, 1], 1, 'confidence must be strictly between 0 and 1'],
  ])('rejects candidate %j, baseline %j at %s', (candidate, baseline, confidence, message) => {
    expect(() => pairedLogRatio(candidate, baseline, confidence)).toThrow(message);
  });

  it('rejects a bound that is not positive', () => {
    const result = pairedLogRatio([1, 2, 3], [1, 2, 2], 0.9);
    expect(() => logRatioTest(result, 0)).toThrow('the bound must be a finite positive number, got 0');
  });
});

describe('pairedQuantileRatio (paired bootstrap over batches)', () => {
  const testCase = fixture.ratios[1];
  if (testCase === undefined) throw new Error('no ratio case');
  const { candidate, baseline } = testCase;
  const options = { confidence: 0.9, margin: 0.2, probability: 0.95, seed: 7, resamples: 2000 };

  it('the point estimate is 1 - Q(candidate) / Q(baseline) with NumPy-compatible quantiles', () => {
    const result = pairedQuantileRatio(candidate, baseline, options);
    const [candidateQuantile] = sampleQuantiles(candidate, [0.95]);
    const [baselineQuantile] = sampleQuantiles(baseline, [0.95]);
    expect(result.candidateQuantile).toBe(candidateQuantile);
    expect(result.baselineQuantile).toBe(baselineQuantile);
    expect(result.estimate).toBe(1 - (candidateQuantile as number) / (baselineQuantile as number));
    expect(result.n).toBe(candidate.length);
  });

  it.each([0, 0.5, 0.95, 0.99, 1, 0.37])(
    'p = %s: the counting walk gives exactly what sorting each resample gives (ties included)',
    (probability) => {
      // Ties in both models' times, and n = 29 so that (n - 1) p hits integers and fractions.
      const tied = candidate.slice(0, 29).map((time) => Math.round(time));
      const other = baseline.slice(0, 29).map((time) => Math.round(time * 2) / 2);
      const settings = { ...options, probability, resamples: 300, seed: 11 };
      const random = createRandomSource(11, LATENCY_STREAM);
      const n = tied.length;
      const deltas = new Float64Array(300);
      const drawnCandidate = new Float64Array(n);
      const drawnBaseline = new Float64Array(n);
      for (let resample = 0; resample < 300; resample += 1) {
        for (let draw = 0; draw < n; draw += 1) {
          const index = Math.floor((random.nextUint32() * n) / 4294967296);
          drawnCandidate[draw] = tied[index] as number;
          drawnBaseline[draw] = other[index] as number;
        }
        drawnCandidate.sort();
        drawnBaseline.sort();
        deltas[resample] =
          1 - sortedQuantile(drawnCandidate, probability) / sortedQuantile(drawnBaseline, probability);
      }
      const expected = summarizeBootstrap(deltas, settings);
      const result = pairedQuantileRatio(tied, other, settings);
      expect(result.ci).toEqual(expected.ci);
      expect(result.standardError).toBe(expected.standardError);
      expect(result.pValueRegression).toBe(expected.pValueRegression);
      expect(result.pValueNonInferiority).toBe(expected.pValueNonInferiority);
    },
  );

  it('is reproducible at a seed and changes with it', () => {
    const first = pairedQuantileRatio(candidate, baseline, options);
    const again = pairedQuantileRatio(candidate, baseline, options);
    const other = pairedQuantileRatio(candidate, baseline, { ...options, seed: 8 });
    expect(again).toEqual(first);
    // The interval's limits are ratios of order statistics, so two seeds can share them; the spread differs.
    expect(other.standardError).not.toBe(first.standardError);
    expect(first.seed).toBe(7);
    expect(first.resamples).toBe(2000);
  });

  it('the interval contains the estimate and agrees with the p-values', () => {
    const result = pairedQuantileRatio(candidate, baseline, options);
    const [lower, upper] = result.ci as [number, number];
    expect(lower).toBeLessThanOrEqual(result.estimate as number);
    expect(upper).toBeGreaterThanOrEqual(result.estimate as number);
    // Same speed: the interval holds 0 and lies well above -20%.
    expect(lower).toBeLessThan(0);
    expect(upper).toBeGreaterThan(0);
    expect(lower).toBeGreaterThan(-0.2);
    expect(result.pValueNonInferiority as number).toBeLessThanOrEqual(0.05);
    expect(result.pValueRegression as number).toBeGreaterThan(0.05);
    // A margin just at the lower limit flips non-inferiority (bootstrap-summary's exact equivalence).
    const atLimit = pairedQuantileRatio(candidate, baseline, { ...options, margin: -lower });
    expect(atLimit.pValueNonInferiority as number).toBeGreaterThan(0.05);
  });

  it('proportional times give an exact answer: every resample has the same ratio', () => {
    const slower = baseline.map((time) => time * 2);
    const result = pairedQuantileRatio(slower, baseline, { ...options, resamples: 200 });
    expect(result.estimate).toBe(-1);
    expect(result.ci).toEqual([-1, -1]);
    expect(result.pValueRegression).toBeLessThan(0.01);
    const same = pairedQuantileRatio(baseline, baseline, { ...options, resamples: 200 });
    expect(same.estimate).toBe(0);
    expect(same.ci).toEqual([0, 0]);
  });

  it('says when a high quantile rests on the two largest times', () => {
    const result = pairedQuantileRatio(candidate.slice(0, 30), baseline.slice(0, 30), {
      ...options,
      probability: 0.99,
      resamples: 200,
    });
    expect(result.reason).toContain('with 30 batches the p99 lies between the two largest times');
    const median = pairedQuantileRatio(candidate.slice(0, 30), baseline.slice(0, 30), {
      ...options,
      probability: 0.5,
      resamples: 200,
    });
    expect(median.reason).toBeNull();
  });

  it('fewer than 3 batches: an estimate without an interval', () => {
    const result = pairedQuantileRatio([2, 3], [1, 1.5], options);
    expect(result.estimate).toBeCloseTo(-1, 14);
    expect(result.ci).toBeNull();
    expect(result.pValueRegression).toBeNull();
    expect(result.reason).toContain('only 2 timed batches');
    const none = pairedQuantileRatio([], [], options);
    expect(none.estimate).toBeNull();
    expect(none.candidateQuantile).toBeNull();
  });

  it('rejects bad input', () => {
    expect(() => pairedQuantileRatio([1, 2], [1], options)).toThrow('2 candidate times but 1 baseline');
    expect(() => pairedQuantileRatio([1, -2], [1, 1], options)).toThrow('time -2 of batch 1');
    expect(() => pairedQuantileRatio([1], [1], { ...options, probability: 2 })).toThrow(
      'probability must be between 0 and 1, got 2',
    );
  });
});
