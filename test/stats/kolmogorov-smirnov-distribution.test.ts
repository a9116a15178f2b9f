import { describe, expect, it } from 'vitest';
import { kolmogorovSmirnovSf, smirnovSf } from '../../src/stats/kolmogorov-smirnov-distribution.js';
import { driftFixture } from './drift-fixture.js';

/** Relative accuracy reached against SciPy; checked much tighter than the p-value bar (1e-6 abs / 1e-4 rel). */
function expectSf(actual: number, expected: number, label: string): void {
  const error = Math.abs(actual - expected);
  expect(error <= 1e-12 || error <= 1e-9 * Math.abs(expected), `${label}: ${actual} vs ${expected}`).toBe(
    true,
  );
}

describe('kolmogorovSmirnovSf against scipy.stats.kstwo.sf', () => {
  it.each(
    driftFixture.kstwo.map((row) => [`n=${row.n} x=${row.x.toPrecision(6)} (${row.branch})`, row] as const),
  )('%s', (label, row) => {
    expectSf(kolmogorovSmirnovSf(row.n, row.x), row.sf, label);
  });

  it('reaches every branch of SciPy', () => {
    const branches = new Set(driftFixture.kstwo.map((row) => row.branch));
    expect([...branches].sort()).toEqual(
      [
        '1 - Durbin matrix',
        '1 - Pelz-Good',
        '2 smirnov',
        '2 smirnov (n <= 140)',
        '2 smirnov (x >= 0.5)',
        'Durbin matrix (n <= 140)',
        'Pomeranz',
        'Ruben-Gambino lower',
        'Ruben-Gambino upper',
        't <= 0.5',
        'zero',
      ].sort(),
    );
  });

  it('is 1 at 0, 0 at 1, NaN for a bad n, and decreasing in x', () => {
    expect(kolmogorovSmirnovSf(10, 0)).toBe(1);
    expect(kolmogorovSmirnovSf(10, 1)).toBe(0);
    expect(kolmogorovSmirnovSf(0, 0.3)).toBeNaN();
    expect(kolmogorovSmirnovSf(2.5, 0.3)).toBeNaN();
    expect(kolmogorovSmirnovSf(10, Number.NaN)).toBeNaN();
    for (const n of [7, 140, 141, 5000]) {
      let previous = 1;
      for (let step = 1; step < 200; step++) {
        const value = kolmogorovSmirnovSf(n, step / 200);
        expect(value).toBeLessThanOrEqual(previous + 1e-12);
        previous = value;
      }
    }
  });
});

describe('smirnovSf against scipy.special.smirnov', () => {
  it.each(driftFixture.smirnov.map((row) => [`n=${row.n} x=${row.x}`, row] as const))('%s', (label, row) => {
    expectSf(smirnovSf(row.n, row.x), row.sf, label);
  });

  it('has the closed forms at the ends', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnovSf(5, 0)).toBe(1);
    expect(smirnovSf(5, 1)).toBe(0);
    expect(smirnovSf(5, -0.1)).toBeNaN();
  });
});
