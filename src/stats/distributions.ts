/**
 * Probability distributions used by the paired tests, from stdlib-js (https://github.com/stdlib-js/stdlib),
 * a well-kept library whose implementations follow Cephes / Boost and are tested against R and SciPy.
 * We never hand-roll these (issue 2, item 7). This file is the one place they are imported, so a test can
 * check them against SciPy values and the rest of stats/ stays independent of the library's API.
 */
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
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

/**
 * The p-quantile of the standard normal. In the lower tail it is computed as -sqrt(2) erfcinv(2p), which keeps
 * full relative precision for tiny p (stdlib's quantile goes through erfinv(2p - 1) and loses the digits of p).
 */
export function standardNormalQuantile(p: number): number {
  if (p > 0 && p < 0.5) return -Math.SQRT2 * erfcinv(2 * p);
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
 * Upper tail P(X > x) for chi-square with df degrees of freedom: the regularized upper incomplete gamma
 * Q(df/2, x/2), computed directly so tiny p-values keep full relative precision (1 - cdf would round to 0).
 * For df = 1 the identity P(chi2_1 > x) = 2 P(Z > sqrt(x)) is used.
 */
export function chiSquareSf(x: number, df: number): number {
  if (x <= 0) return 1;
  if (df === 1) return 2 * standardNormalSf(Math.sqrt(x));
  return gammainc(x / 2, df / 2, true, true);
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdfAt(k: number, n: number, p: number): number {
  return binomialCdf(k, n, p);
}
