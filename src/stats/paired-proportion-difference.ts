/**
 * Tango's score interval and score test for the difference of two paired proportions.
 *
 * What model-gate uses it for: the accuracy rule (and error rate). On the same n rows, the candidate and
 * the baseline are each right or wrong, which gives the paired 2x2 counts
 *   n11 = both right, n10 = b = candidate right / baseline wrong, n01 = c = candidate wrong / baseline right,
 *   n00 = both wrong,
 * and delta = accuracy(candidate) - accuracy(baseline) = (b - c) / n. Only the discordant pairs b, c carry
 * information about delta; n enters through the proportions.
 *
 * Method (Tango 1998). Cell probabilities p11, p10, p01, p00 (multinomial). For a hypothesised
 * delta0 = p10 - p01, the efficient-score statistic is
 *   Z(delta0) = (b - c - n delta0) / sqrt( n (2 q + delta0 (1 - delta0)) ),
 * where q is the maximum likelihood estimate of p01 restricted to p10 - p01 = delta0, which Tango gives in
 * closed form as the root of 2n q^2 + B q + C = 0:
 *   q = (sqrt(B^2 - 4 (2n) C) - B) / (2 (2n)),  B = -b - c + (2n - b + c) delta0,  C = -c delta0 (1 - delta0).
 * (Computed here in the cancellation-free form -2C / (B + sqrt(...)) when B > 0.) The variance term is
 * Var(b/n - c/n) = (p10 + p01 - delta0^2) / n under the restriction, so Z is the score statistic; at
 * delta0 = 0 it is McNemar's z = (b - c) / sqrt(b + c), without continuity correction.
 * - Test (non-inferiority / regression): the statistic is Z(-d). pValueNonInferiority = P(N(0,1) > Z(-d))
 *   for H0: delta <= -d (Tango's one-sided equivalence test); pValueRegression = P(N(0,1) < Z(-d)) for
 *   H0: delta >= -d.
 * - Interval: { delta0 : |Z(delta0)| <= z_(1+conf)/2 }, the inverted test. Z is decreasing in delta0, so
 *   each limit is the single root of Z(delta0) = +-z, found by bisection on [-1, estimate] and
 *   [estimate, 1] to full double precision (about 60 halvings; each step is the closed form above). The
 *   interval and the test therefore always agree (comparison-inference.ts).
 * Why Tango rather than Newcombe's (1998) method 10: both perform well (Fagerland, Lydersen & Laake 2014),
 * but Tango's interval is the inversion of a test, so the interval and the one-sided p-value are one method
 * and cannot contradict each other; it stays within [-1, 1] and works with zero off-diagonal cells.
 * Assumptions: rows independent; asymptotic normality of the score (fine for the holdout sizes a gate sees;
 * with b + c very small the interval is still defined but approximate).
 * Undefined: n = 0 (nothing); b = c = 0 with d = 0 (Z(0) = 0/0: p-values null, interval still defined);
 * d >= 1 (every delta >= -1 is within the margin: no test needed, p-values null).
 *
 * References:
 * - T. Tango (1998). Equivalence test and confidence interval for the difference in proportions for the
 *   paired-sample design. Statistics in Medicine 17(8), 891-908.
 *   https://doi.org/10.1002/(SICI)1097-0258(19980430)17:8<891::AID-SIM780>3.0.CO;2-B
 * - R. G. Newcombe (1998). Improved confidence intervals for the difference between binomial proportions
 *   based on paired data. Statistics in Medicine 17(22), 2635-2650.
 * - M. W. Fagerland, S. Lydersen, P. Laake (2014). Recommended tests and confidence intervals for paired
 *   binomial proportions. Statistics in Medicine 33(16), 2850-2875. https://doi.org/10.1002/sim.6148
 *
 * Reference values: no R package with Tango's interval (PropCIs, exact2x2, ratesci, contingencytables) is
 * installed or installable from Debian here, so scripts/reference/inference_reference.py implements the same
 * method by a different algorithm: the restricted MLE by root-finding on the profile score equation
 * (scipy.optimize.brentq), the limits by brentq on Z(delta0) -+ z. At margin 0 the p-values are also
 * checked against statsmodels' McNemar test without continuity correction. Stored in
 * test/fixtures/reference/inference.json.
 */
import {
  checkInferenceOptions,
  undefinedInference,
  type ComparisonInference,
  type InferenceOptions,
} from './comparison-inference.js';
import { standardNormalCdf, standardNormalQuantile, standardNormalSf } from './distributions.js';

/** The paired 2x2 table of right / wrong for the candidate and the baseline on the same rows. */
export interface PairedCorrectnessCounts {
  /** n11: both right. */
  bothRight: number;
  /** n10 = b: candidate right, baseline wrong. */
  candidateOnlyRight: number;
  /** n01 = c: candidate wrong, baseline right. */
  baselineOnlyRight: number;
  /** n00: both wrong. */
  bothWrong: number;
}

export const PAIRED_PROPORTION_METHOD = 'Tango score interval and test for paired proportions (Tango 1998)';

/** Checks the counts and returns n. */
function checkCounts(counts: PairedCorrectnessCounts): number {
  for (const [name, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new RangeError(
        `Paired proportions: count '${name}' must be a non-negative integer, got ${String(value)}`,
      );
    }
  }
  return counts.bothRight + counts.candidateOnlyRight + counts.baselineOnlyRight + counts.bothWrong;
}

/**
 * Tango's restricted MLE of p01 given p10 - p01 = delta0 (closed form), clamped to its feasible range
 * [max(0, -delta0), (1 - delta0) / 2] against rounding.
 */
export function restrictedBaselineOnlyRate(b: number, c: number, n: number, delta0: number): number {
  const quadratic = 2 * n;
  const linear = -b - c + (2 * n - b + c) * delta0;
  const constant = -c * delta0 * (1 - delta0);
  const discriminant = Math.max(0, linear * linear - 4 * quadratic * constant);
  const root = Math.sqrt(discriminant);
  let rate: number;
  if (linear > 0) {
    rate = (-2 * constant) / (linear + root);
  } else if (root - linear > 0) {
    rate = (root - linear) / (2 * quadratic);
  } else {
    rate = 0;
  }
  const lower = Math.max(0, -delta0);
  const upper = (1 - delta0) / 2;
  return Math.min(upper, Math.max(lower, rate));
}

/** n times the restricted variance of (b - c)/n at delta0: n (2q + delta0 (1 - delta0)), never negative. */
function scaledVariance(b: number, c: number, n: number, delta0: number): number {
  const rate = restrictedBaselineOnlyRate(b, c, n, delta0);
  return Math.max(0, n * (2 * rate + delta0 * (1 - delta0)));
}

/** Tango's score statistic Z(delta0); NaN when it is 0/0. */
export function tangoScoreStatistic(b: number, c: number, n: number, delta0: number): number {
  const numerator = b - c - n * delta0;
  const variance = scaledVariance(b, c, n, delta0);
  if (variance === 0) return numerator === 0 ? Number.NaN : numerator > 0 ? Infinity : -Infinity;
  return numerator / Math.sqrt(variance);
}

/**
 * The root in [low, high] of a function that goes from >= 0 at low to <= 0 at high, by bisection to full
 * double precision. Stops when the midpoint can no longer be distinguished from an end.
 */
function bisectDecreasing(fn: (x: number) => number, low: number, high: number): number {
  let left = low;
  let right = high;
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const middle = left + (right - left) / 2;
    if (middle <= left || middle >= right) break;
    if (fn(middle) > 0) left = middle;
    else right = middle;
  }
  return left + (right - left) / 2;
}

/** Tango's (conf) interval for delta = (b - c) / n. */
function tangoInterval(b: number, c: number, n: number, zCritical: number): [number, number] {
  const estimate = (b - c) / n;
  // Written without division so that 0/0 at delta0 = estimate never occurs: f(delta0) = numerator - z * sd.
  const lowerFn = (delta0: number): number =>
    b - c - n * delta0 - zCritical * Math.sqrt(scaledVariance(b, c, n, delta0));
  const upperFn = (delta0: number): number =>
    b - c - n * delta0 + zCritical * Math.sqrt(scaledVariance(b, c, n, delta0));
  const lower = estimate <= -1 ? -1 : bisectDecreasing(lowerFn, -1, estimate);
  const upper = estimate >= 1 ? 1 : bisectDecreasing(upperFn, estimate, 1);
  return [lower, upper];
}

/**
 * The Wald standard error of delta from the discordant pairs: sqrt(b + c - (b - c)^2 / n) / n, the
 * observed variability the minimum detectable effect uses.
 */
export function pairedProportionStandardError(counts: PairedCorrectnessCounts): number {
  const n = checkCounts(counts);
  if (n === 0) return Number.NaN;
  const b = counts.candidateOnlyRight;
  const c = counts.baselineOnlyRight;
  return Math.sqrt(Math.max(0, b + c - ((b - c) * (b - c)) / n)) / n;
}

/**
 * Tango's score interval for accuracy(candidate) - accuracy(baseline), and the one-sided score tests of
 * delta against -margin.
 */
export function pairedProportionDifference(
  counts: PairedCorrectnessCounts,
  options: InferenceOptions,
): ComparisonInference {
  checkInferenceOptions(options, 'Paired proportions');
  const n = checkCounts(counts);
  if (n === 0) {
    return undefinedInference(PAIRED_PROPORTION_METHOD, options, 0, 'no rows: the accuracies are undefined');
  }
  const b = counts.candidateOnlyRight;
  const c = counts.baselineOnlyRight;
  const estimate = (b - c) / n;
  const zCritical = standardNormalQuantile((1 + options.confidence) / 2);
  const ci = tangoInterval(b, c, n, zCritical);
  const standardError = pairedProportionStandardError(counts);
  const base = {
    method: PAIRED_PROPORTION_METHOD,
    estimate,
    standardError,
    ci,
    confidence: options.confidence,
    margin: options.margin,
    n,
  };
  if (options.margin >= 1) {
    return {
      ...base,
      statistic: null,
      pValueRegression: null,
      pValueNonInferiority: null,
      reason: `a margin of ${String(options.margin)} admits every difference of proportions (>= -1): nothing to test`,
    };
  }
  const statistic = tangoScoreStatistic(b, c, n, -options.margin);
  if (Number.isNaN(statistic)) {
    return {
      ...base,
      statistic: null,
      pValueRegression: null,
      pValueNonInferiority: null,
      reason:
        'no discordant pairs (both models right or wrong on the same rows): the score test at margin 0 is 0/0',
    };
  }
  return {
    ...base,
    statistic,
    pValueRegression: standardNormalCdf(statistic),
    pValueNonInferiority: standardNormalSf(statistic),
    reason: null,
  };
}
