import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { PairedTResult } from '../../src/report/types.js';
import { pairedTTest } from '../../src/stats/paired-t-test.js';

interface PairedTCase {
  name: string;
  lossCandidate: number[];
  lossBaseline: number[];
  t: number;
  df: number;
  pValue: number;
  meanDifference: number;
  standardDeviation: number;
  standardError: number;
}

// SciPy 1.10.1 ttest_rel values, from scripts/reference/stats_reference.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/paired-tests.json', import.meta.url), 'utf8'),
) as { pairedT: PairedTCase[] };

function expectPValue(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  expect(error <= 1e-6 || error <= 1e-4 * Math.abs(expected), `p ${actual} vs ${expected}`).toBe(true);
}

function expectRelative(actual: number | null, expected: number, tolerance = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance * Math.abs(expected),
  );
}

/** d = loss_candidate - loss_baseline, the same float64 subtraction SciPy does. */
function differencesOf(row: PairedTCase): Float64Array {
  return Float64Array.from(row.lossCandidate, (value, index) => value - (row.lossBaseline[index] as number));
}

describe('pairedTTest against scipy.stats.ttest_rel', () => {
  it.each(fixture.pairedT.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const differences = differencesOf(row);
    const result = pairedTTest(differences, differences.length);
    expect(result.reason).toBeNull();
    expect(result.df).toBe(row.df);
    expectRelative(result.t, row.t);
    expect(result.statistic).toBe(result.t);
    expectPValue(result.pValue, row.pValue);
    expectRelative(result.meanDifference, row.meanDifference);
    expectRelative(result.standardDeviation, row.standardDeviation);
    expectRelative(result.standardError, row.standardError);
  });
});

describe('pairedTTest', () => {
  it('returns the documented shape', () => {
    const result = pairedTTest(Float64Array.from([0.5, -0.25, 1, 0.75]), 4);
    expect(result).toMatchObject({
      method: 'Paired t-test (Student 1908)',
      alternative: 'two-sided',
      n: 4,
      df: 3,
    });
    // mean 0.5; deviations 0, -0.75, 0.5, 0.25; sd = sqrt((0 + 0.5625 + 0.25 + 0.0625) / 3)
    expect(result.meanDifference).toBe(0.5);
    expect(result.standardDeviation).toBeCloseTo(Math.sqrt(0.875 / 3), 15);
    expect(result.t).toBeCloseTo(0.5 / (Math.sqrt(0.875 / 3) / 2), 13);
  });

  it('reads only the first n entries', () => {
    const buffer = Float64Array.from([1, 2, 4, Number.NaN, 1000]);
    const result = pairedTTest(buffer, 3);
    expect(result.n).toBe(3);
    expect(result.meanDifference).toBeCloseTo(7 / 3, 15);
  });

  it('gives null t and p with a reason when every difference is equal', () => {
    const result = pairedTTest(new Float64Array(10).fill(0.1), 10);
    expect(result).toMatchObject({ t: null, pValue: null, statistic: null, df: 9, standardDeviation: 0 });
    expect(result.meanDifference).toBe(0.1);
    expect(result.reason).toMatch(/every paired difference equals 0\.1.*standard deviation is 0/);
  });

  it('gives null t and p when all differences are 0', () => {
    const result = pairedTTest(new Float64Array(5), 5);
    expect(result.t).toBeNull();
    expect(result.meanDifference).toBe(0);
  });

  it('needs two differences', () => {
    const one = pairedTTest(Float64Array.from([0.3]), 1);
    expect(one).toMatchObject({ meanDifference: 0.3, df: 0, t: null, pValue: null, standardDeviation: null });
    expect(one.reason).toMatch(/only 1 paired difference/);
    const none = pairedTTest(new Float64Array(0), 0);
    expect(none).toMatchObject({ meanDifference: null, df: null, t: null, pValue: null });
    expect(none.reason).toMatch(/no paired differences/);
  });

  it('gives null when the spread underflows to 0', () => {
    const result = pairedTTest(Float64Array.from([5e-324, 0, 0]), 3);
    expect(result.t).toBeNull();
    expect(result.reason).toMatch(/underflows/);
  });

  it('keeps its digits with a large common offset (one-pass sums of squares do not)', () => {
    const n = 1000;
    const differences = new Float64Array(n);
    for (let index = 0; index < n; index++) differences[index] = 1e9 + (index % 2 === 0 ? 1e-3 : -1e-3);
    const result = pairedTTest(differences, n);
    // sd of +-1e-3 alternating over an even n: 1e-3 * sqrt(n / (n - 1)), up to the spacing of doubles near 1e9.
    expectRelative(result.standardDeviation, 1e-3 * Math.sqrt(n / (n - 1)), 1e-4);
  });

  it('is exact for a symmetric sample: t = 0, p = 1', () => {
    const result = pairedTTest(Float64Array.from([-2, -1, 1, 2]), 4);
    expect(result.t).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('rejects NaN and infinite differences with a DataError naming the index', () => {
    expect(() => pairedTTest(Float64Array.from([0.1, Number.NaN]), 2)).toThrow(DataError);
    expect(() => pairedTTest(Float64Array.from([0.1, Number.NaN]), 2)).toThrow(
      /loss difference at index 1 is NaN; every per-example loss difference must be a finite number/,
    );
    expect(() => pairedTTest(Float64Array.from([Number.NEGATIVE_INFINITY, 1]), 2)).toThrow(
      /index 0 is -Infinity/,
    );
  });

  it('rejects an n outside the array', () => {
    expect(() => pairedTTest(new Float64Array(3), 4)).toThrow(RangeError);
    expect(() => pairedTTest(new Float64Array(3), -1)).toThrow(RangeError);
    expect(() => pairedTTest(new Float64Array(3), 1.5)).toThrow(RangeError);
  });

  it('maps 1:1 onto the report type once n >= 1', () => {
    const result = pairedTTest(Float64Array.from([0.1, 0.2, 0.4]), 3);
    if (result.meanDifference === null) throw new Error('unreachable');
    const report: PairedTResult = result;
    expect(report.df).toBe(2);
  });

  it('handles 1,000,000 differences quickly', () => {
    const n = 1_000_000;
    const differences = new Float64Array(n);
    for (let index = 0; index < n; index++) differences[index] = Math.sin(index) * 0.1 + 0.001;
    const started = performance.now();
    const result = pairedTTest(differences, n);
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.t).not.toBeNull();
  });
});
