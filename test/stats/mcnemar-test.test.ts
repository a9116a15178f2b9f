import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MCNEMAR_EXACT_BELOW, mcnemarTest } from '../../src/stats/mcnemar-test.js';
import type { McNemarResult } from '../../src/report/types.js';

interface McNemarCase {
  b: number;
  c: number;
  exact: boolean;
  statistic: number;
  pValue: number;
}

// statsmodels 0.13.5 values, from scripts/reference/stats_reference.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/paired-tests.json', import.meta.url), 'utf8'),
) as { mcnemar: McNemarCase[] };

/** p-values: 1e-6 absolute or 1e-4 relative (DESIGN.md section 5). */
function expectPValue(actual: number, expected: number): void {
  const error = Math.abs(actual - expected);
  expect(error <= 1e-6 || error <= 1e-4 * Math.abs(expected), `p ${actual} vs ${expected}`).toBe(true);
}

/** Statistics: 1e-9 relative. */
function expectStatistic(actual: number, expected: number): void {
  expect(Math.abs(actual - expected), `statistic ${actual} vs ${expected}`).toBeLessThanOrEqual(
    1e-9 * Math.abs(expected),
  );
}

describe('mcnemarTest against statsmodels', () => {
  it.each(fixture.mcnemar.map((row) => [`b=${row.b}, c=${row.c}`, row] as const))('%s', (_name, row) => {
    const result = mcnemarTest(row.b, row.c);
    expect(result.exact).toBe(row.exact);
    expectStatistic(result.statistic, row.statistic);
    expectPValue(result.pValue, row.pValue);
  });

  it('covers both sides of the threshold', () => {
    const sums = new Set(fixture.mcnemar.map((row) => row.b + row.c));
    expect(sums.has(MCNEMAR_EXACT_BELOW - 1)).toBe(true);
    expect(sums.has(MCNEMAR_EXACT_BELOW)).toBe(true);
  });
});

describe('mcnemarTest', () => {
  it('switches from exact to chi-square at b + c = 25', () => {
    expect(MCNEMAR_EXACT_BELOW).toBe(25);
    const exact = mcnemarTest(11, 13);
    expect(exact.exact).toBe(true);
    expect(exact.statistic).toBe(11);
    expect(exact.df).toBeUndefined();
    expect(exact.method).toMatch(/exact binomial/);
    const chiSquare = mcnemarTest(12, 13);
    expect(chiSquare.exact).toBe(false);
    expect(chiSquare.df).toBe(1);
    expect(chiSquare.statistic).toBe(0);
    expect(chiSquare.pValue).toBe(1);
  });

  it('gives p = 1 when there are no discordant rows', () => {
    expect(mcnemarTest(0, 0)).toEqual({
      method: 'McNemar exact binomial test',
      b: 0,
      c: 0,
      statistic: 0,
      pValue: 1,
      exact: true,
      alternative: 'two-sided',
      n: 0,
    });
  });

  it('caps the exact p-value at 1 when b = c', () => {
    expect(mcnemarTest(5, 5).pValue).toBe(1);
  });

  it('is symmetric in b and c', () => {
    for (const [b, c] of [
      [3, 10],
      [40, 60],
      [0, 300],
    ] as const) {
      const forward = mcnemarTest(b, c);
      const backward = mcnemarTest(c, b);
      expect(backward.statistic).toBe(forward.statistic);
      expect(backward.pValue).toBe(forward.pValue);
    }
  });

  it('applies the continuity correction even when b = c (statsmodels convention)', () => {
    expect(mcnemarTest(50, 50).statistic).toBeCloseTo(1 / 100, 15);
  });

  it('keeps tiny p-values (no 1 - cdf cancellation)', () => {
    const result = mcnemarTest(0, 300);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-60);
  });

  it('maps 1:1 onto the report type', () => {
    const { b, c, statistic, pValue, exact } = mcnemarTest(30, 15);
    const report: McNemarResult = { b, c, statistic, pValue, exact };
    expect(report).toMatchObject({ b: 30, c: 15, exact: false });
    const assignable: McNemarResult = mcnemarTest(1, 2);
    expect(assignable.b).toBe(1);
  });

  it.each([
    [-1, 0],
    [0, 1.5],
    [Number.NaN, 0],
    [0, Number.POSITIVE_INFINITY],
  ])('rejects counts that are not non-negative integers: b=%s, c=%s', (b, c) => {
    expect(() => mcnemarTest(b, c)).toThrow(/must be a non-negative integer count/);
  });
});
