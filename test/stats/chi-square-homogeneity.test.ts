import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from '../../src/stats/chi-square-homogeneity.js';
import { driftFixture, expectClose, expectPValue } from './drift-fixture.js';

describe('chiSquareHomogeneity against scipy.stats.chi2_contingency(correction=False)', () => {
  it.each(driftFixture.chiSquare.map((row) => [row.name, row] as const))('%s', (name, row) => {
    const result = chiSquareHomogeneity(row.table);
    expectClose(result.statistic, row.statistic, name);
    expect(result.df).toBe(row.df);
    expectPValue(result.pValue, row.pValue, name);
    if (row.cramersV === null) expect(result.cramersV).toBeNull();
    else expectClose(result.cramersV, row.cramersV, name);
  });
});

describe('chiSquareHomogeneity', () => {
  it('computes a 2 x 2 table by hand', () => {
    // E = [[20, 20], [20, 20]]; X^2 = 4 * 10^2 / 20 = 20; V = sqrt(20 / 80) = 0.5.
    const result = chiSquareHomogeneity([
      [30, 10],
      [10, 30],
    ]);
    expect(result.statistic).toBeCloseTo(20, 12);
    expect(result.df).toBe(1);
    expect(result.cramersV).toBeCloseTo(0.5, 12);
    expect(result.n).toBe(80);
  });

  it('drops categories that no row has', () => {
    const withEmpty = chiSquareHomogeneity([
      [30, 0, 10],
      [20, 0, 25],
    ]);
    const without = chiSquareHomogeneity([
      [30, 10],
      [20, 25],
    ]);
    expect(withEmpty.columnsDropped).toBe(1);
    expect(withEmpty.statistic).toBe(without.statistic);
    expect(withEmpty.df).toBe(1);
    expect(withEmpty.cramersV).toBe(without.cramersV);
  });

  it('shows a negligible shift in a huge sample as a tiny p-value but a tiny effect size', () => {
    const result = chiSquareHomogeneity([
      [500_000, 500_000],
      [495_000, 505_000],
    ]);
    expect(result.pValue as number).toBeLessThan(1e-10);
    expect(result.cramersV as number).toBeLessThan(0.01);
  });

  it('is undefined when a row is empty, and df = 0 with one category', () => {
    const empty = chiSquareHomogeneity([
      [0, 0],
      [3, 4],
    ]);
    expect(empty.statistic).toBeNull();
    expect(empty.reason).toMatch(/row 0 has no counts/);
    const single = chiSquareHomogeneity([[5], [7]]);
    expect(single).toMatchObject({ statistic: 0, pValue: 1, df: 0, cramersV: null });
    expect(single.reason).toMatch(/one category/);
  });

  it('rejects negative counts and ragged rows', () => {
    expect(() =>
      chiSquareHomogeneity([
        [1, -1],
        [2, 2],
      ]),
    ).toThrow(/counts must be finite and >= 0/);
    expect(() => chiSquareHomogeneity([[1, 2], [2]])).toThrow(/row 1 has 1 columns/);
  });
});
