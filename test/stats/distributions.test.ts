import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  binomialCdfAt,
  chiSquareSf,
  standardNormalCdf,
  standardNormalQuantile,
  standardNormalSf,
  studentTCdf,
  studentTQuantile,
  studentTSf,
} from '../../src/stats/distributions.js';

/**
 * src/stats/distributions.ts (stdlib-js) against SciPy 1.10.1 at 1e-12 relative. Where SciPy itself is
 * further than 1e-12 from the exact value (mpmath at 50 digits, stored beside it), the exact value is the
 * reference: SciPy 1.10's t.ppf is off by up to 2e-9 relative, and stdlib is right there.
 * Values from scripts/reference/stats_reference.py.
 *
 * Two extreme-tail cases guard fixes made in distributions.ts:
 * - standardNormalQuantile(p) for p <= 1e-10: stdlib's quantile computes sqrt(2) erfinv(2p - 1), and 2p - 1
 *   rounds away the digits of p (2e-9 relative error at 1e-10, -Infinity at 1e-20); we use erfcinv instead.
 * - chiSquareSf(x, 2) for large x: 1 - cdf cancels (0 instead of 1.9e-22 at x = 100); we use the upper
 *   incomplete gamma instead.
 */

const RELATIVE = 1e-12;

interface Distributions {
  normal: Array<{ x: number; cdf: number; sf: number; cdfExact: number; sfExact: number }>;
  normalQuantile: Array<{ p: number; quantile: number; quantileExact: number }>;
  t: Array<{ t: number; df: number; cdf: number; sf: number; cdfExact: number; sfExact: number }>;
  tQuantile: Array<{ p: number; df: number; quantile: number; quantileExact: number }>;
  chiSquare: Array<{ x: number; df: number; sf: number; sfExact: number }>;
  binomial: Array<{ k: number; n: number; p: number; cdf: number; cdfExact: number }>;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/paired-tests.json', import.meta.url), 'utf8'),
) as { distributions: Distributions };
const reference = fixture.distributions;

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** SciPy's value when it is within 1e-12 of the exact one, otherwise the exact value. */
function trusted(scipy: number, exact: number): number {
  return relativeError(scipy, exact) <= RELATIVE ? scipy : exact;
}

function expectClose(actual: number, expected: number, label: string): void {
  expect(relativeError(actual, expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE);
}

describe('standard normal', () => {
  it.each(reference.normal.map((row) => [row.x, row] as const))('cdf and sf at %s', (_x, row) => {
    expectClose(standardNormalCdf(row.x), trusted(row.cdf, row.cdfExact), 'cdf');
    expectClose(standardNormalSf(row.x), trusted(row.sf, row.sfExact), 'sf');
  });

  const accurate = reference.normalQuantile.filter((row) => row.p > 1e-10);
  const tail = reference.normalQuantile.filter((row) => row.p <= 1e-10);

  it.each(accurate.map((row) => [row.p, row] as const))('quantile at p = %s', (_p, row) => {
    expectClose(standardNormalQuantile(row.p), trusted(row.quantile, row.quantileExact), 'quantile');
  });

  it('covers the extreme lower tail in the fixture', () => {
    expect(tail.length).toBeGreaterThanOrEqual(3);
  });

  it.each(tail.map((row) => [row.p, row] as const))('extreme lower tail: quantile at p = %s', (_p, row) => {
    expectClose(standardNormalQuantile(row.p), trusted(row.quantile, row.quantileExact), 'quantile');
  });
});

describe("Student's t", () => {
  it.each(reference.t.map((row) => [row.t, row.df, row] as const))(
    'cdf and sf at t = %s, df = %s',
    (_t, _df, row) => {
      expectClose(studentTCdf(row.t, row.df), trusted(row.cdf, row.cdfExact), 'cdf');
      expectClose(studentTSf(row.t, row.df), trusted(row.sf, row.sfExact), 'sf');
    },
  );

  it('covers large df', () => {
    expect(Math.max(...reference.t.map((row) => row.df))).toBeGreaterThanOrEqual(1e7);
  });

  it.each(reference.tQuantile.map((row) => [row.p, row.df, row] as const))(
    'quantile at p = %s, df = %s',
    (_p, _df, row) => {
      const actual = studentTQuantile(row.p, row.df);
      if (row.p === 0.5) {
        // The median is exactly 0; SciPy returns ~7e-17 there.
        expect(actual).toBe(0);
        return;
      }
      expectClose(actual, trusted(row.quantile, row.quantileExact), 'quantile');
    },
  );

  it('approaches the normal as df grows', () => {
    expect(Math.abs(studentTCdf(-1.96, 1e9) - standardNormalCdf(-1.96))).toBeLessThan(1e-9);
  });
});

describe('chi-square upper tail', () => {
  const dfOne = reference.chiSquare.filter((row) => row.df === 1);
  const dfTwo = reference.chiSquare.filter((row) => row.df === 2 && row.x <= 10);
  const dfTwoTail = reference.chiSquare.filter((row) => row.df === 2 && row.x > 10);

  it.each(dfOne.map((row) => [row.x, row] as const))('df 1 at x = %s, tiny p included', (_x, row) => {
    expectClose(chiSquareSf(row.x, 1), trusted(row.sf, row.sfExact), 'sf');
  });

  it('reaches tiny p for df 1', () => {
    expect(Math.min(...dfOne.map((row) => row.sf))).toBeLessThan(1e-200);
  });

  it.each(dfTwo.map((row) => [row.x, row] as const))('df 2 at x = %s', (_x, row) => {
    expectClose(chiSquareSf(row.x, 2), trusted(row.sf, row.sfExact), 'sf');
  });

  it.each(dfTwoTail.map((row) => [row.x, row] as const))('extreme upper tail: df 2 at x = %s', (_x, row) => {
    expectClose(chiSquareSf(row.x, 2), trusted(row.sf, row.sfExact), 'sf');
  });
});

describe('binomial cdf', () => {
  it.each(reference.binomial.map((row) => [row.k, row.n, row.p, row] as const))(
    'P(X <= %s), n = %s, p = %s',
    (_k, _n, _p, row) => {
      expectClose(binomialCdfAt(row.k, row.n, row.p), trusted(row.cdf, row.cdfExact), 'cdf');
    },
  );
});
