import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { WilcoxonResult } from '../../src/report/types.js';
import { wilcoxonTest } from '../../src/stats/wilcoxon-test.js';

interface WilcoxonCase {
  name: string;
  differences: number[];
  statistic: number;
  pValue: number;
  z: number;
  rankSumPositive: number;
  zerosDropped: number;
  nonZero: number;
}

// SciPy 1.10.1 wilcoxon(d, zero_method='wilcox', correction=False, method='approx') values,
// from scripts/reference/stats_reference.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/paired-tests.json', import.meta.url), 'utf8'),
) as { wilcoxon: WilcoxonCase[] };

function expectPValue(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  expect(error <= 1e-6 || error <= 1e-4 * Math.abs(expected), `p ${actual} vs ${expected}`).toBe(true);
}

function expectRelative(actual: number | null, expected: number, tolerance = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(tolerance * Math.abs(expected), 1e-15),
  );
}

describe('wilcoxonTest against scipy.stats.wilcoxon', () => {
  it.each(fixture.wilcoxon.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const differences = Float64Array.from(row.differences);
    const result = wilcoxonTest(differences, differences.length);
    expect(result.reason).toBeNull();
    expect(result.zerosDropped).toBe(row.zerosDropped);
    expect(result.nonZero).toBe(row.nonZero);
    expect(result.n).toBe(row.differences.length);
    expectRelative(result.statistic, row.statistic);
    expectRelative(result.rankSumPositive, row.rankSumPositive);
    expectRelative(result.z, row.z);
    expectPValue(result.pValue, row.pValue);
    // W+ + W- = N (N + 1) / 2
    expect((result.rankSumPositive as number) + (result.rankSumNegative as number)).toBe(
      (row.nonZero * (row.nonZero + 1)) / 2,
    );
  });
});

describe('wilcoxonTest', () => {
  it('computes a small case by hand', () => {
    // |d| = 1, 2, 2, 3 -> ranks 1, 2.5, 2.5, 4; W+ = 1 + 2.5 + 4 = 7.5, W- = 2.5; one tie group of 2.
    const result = wilcoxonTest(Float64Array.from([1, -2, 2, 3, 0]), 5);
    expect(result).toMatchObject({
      n: 5,
      zerosDropped: 1,
      nonZero: 4,
      rankSumPositive: 7.5,
      rankSumNegative: 2.5,
    });
    expect(result.statistic).toBe(2.5);
    const variance = (4 * 5 * 9 - 0.5 * 2 * 3) / 24;
    expect(result.z).toBeCloseTo((2.5 - 5) / Math.sqrt(variance), 14);
  });

  it('treats -0 as a zero difference', () => {
    const result = wilcoxonTest(Float64Array.from([-0, 0, 1, -2, 3]), 5);
    expect(result.zerosDropped).toBe(2);
    expect(result.nonZero).toBe(3);
  });

  it('ties a positive and a negative difference of equal size', () => {
    const result = wilcoxonTest(Float64Array.from([0.5, -0.5]), 2);
    expect(result.rankSumPositive).toBe(1.5);
    expect(result.rankSumNegative).toBe(1.5);
    expect(result.z).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('gives null with a reason when every difference is 0', () => {
    const result = wilcoxonTest(new Float64Array(7), 7);
    expect(result).toMatchObject({ statistic: null, pValue: null, z: null, zerosDropped: 7, nonZero: 0 });
    expect(result.reason).toMatch(/all 7 paired differences are 0/);
    expect(wilcoxonTest(new Float64Array(0), 0).reason).toMatch(/no paired differences/);
  });

  it('reads only the first n entries', () => {
    const result = wilcoxonTest(Float64Array.from([1, 2, -3, Number.NaN]), 3);
    expect(result.rankSumPositive).toBe(3);
    expect(result.rankSumNegative).toBe(3);
  });

  it('does not reorder its input', () => {
    const differences = Float64Array.from([3, -1, 2]);
    wilcoxonTest(differences, 3);
    expect(Array.from(differences)).toEqual([3, -1, 2]);
  });

  it('rejects NaN and infinite differences with a DataError naming the index', () => {
    expect(() => wilcoxonTest(Float64Array.from([1, Number.NaN]), 2)).toThrow(DataError);
    expect(() => wilcoxonTest(Float64Array.from([1, Number.POSITIVE_INFINITY]), 2)).toThrow(
      /loss difference at index 1 is Infinity; every per-example loss difference must be a finite number/,
    );
  });

  it('rejects an n outside the array', () => {
    expect(() => wilcoxonTest(new Float64Array(2), 3)).toThrow(RangeError);
  });

  it('maps 1:1 onto the report type', () => {
    const report: WilcoxonResult = wilcoxonTest(Float64Array.from([1, -2, 3]), 3);
    expect(report.zerosDropped).toBe(0);
  });

  it('ranks 1,000,000 differences (with zeros and ties) well under a second', () => {
    const n = 1_000_000;
    const differences = new Float64Array(n);
    let state = 12345;
    for (let index = 0; index < n; index++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      // Values in steps of 1e-4 so that ties and zeros occur.
      differences[index] = Math.round(((state / 2 ** 32) * 2 - 0.999) * 1e4) / 1e4;
    }
    const started = performance.now();
    const result = wilcoxonTest(differences, n);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(result.zerosDropped).toBeGreaterThan(0);
    expect((result.rankSumPositive as number) + (result.rankSumNegative as number)).toBe(
      (result.nonZero * (result.nonZero + 1)) / 2,
    );
  });
});
