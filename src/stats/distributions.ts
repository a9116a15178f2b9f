/**
 * Probability distributions used by the paired tests, from stdlib-js (https://github.com/stdlib-js/stdlib),
 * a well-kept library whose implementations follow Cephes / Boost and are tested against R and SciPy.
 * We never hand-roll these (issue 2, item 7). This file is the one place they are imported, so a test can
 * check them against SciPy values and the rest of stats/ stays independent of the library's API.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** P(Z <= z) for the standard normal. */
export function standardNormalCdf(z: number): number {
  return normalCdf(z, 0, 1);
}

/** Upper tail P(Z > z) for the standard normal, computed without cancellation for large z. */
export function standardNormalSf(z: number): number {
  return normalCdf(-z, 0, 1);
}

/** The p-quantile of the standard normal. */
export function standardNormalQuantile(p: number): number {
  return normalQuantile(p, 0, 1);
}

/** P(T <= t) for Student's t with df degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df);
}

/** Upper tail P(T > t) for Student's t, by symmetry (no cancellation for large t). */
export function studentTSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/** The p-quantile of Student's t. */
export function studentTQuantile(p: number, df: number): number {
  return tQuantile(p, df);
}

/**
 * Upper tail P(X > x) for chi-square with df degrees of freedom. For df = 1 it uses the identity
 * P(chi2_1 > x) = 2 P(Z > sqrt(x)), which keeps full relative precision for tiny p-values where
 * 1 - cdf would round to 0.
 */
export function chiSquareSf(x: number, df: number): number {
  if (df === 1) return 2 * standardNormalSf(Math.sqrt(x));
  return 1 - chisquareCdf(x, df);
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdfAt(k: number, n: number, p: number): number {
  return binomialCdf(k, n, p);
}
