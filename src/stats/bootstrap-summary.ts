/**
 * From resampled deltas to a percentile interval and one-sided p-values that always agree with it.
 *
 * What model-gate uses it for: both paired bootstraps (paired-bootstrap-cells.ts for confusion-based
 * metrics, paired-bootstrap-grouped.ts for smooth functions of means) end here.
 *
 * Method. B resampled deltas, sorted: D(1) <= ... <= D(B). With a = (1 - confidence) / 2 and
 * j = floor(a (B + 1)):
 *   interval  [D(j), D(B + 1 - j)]      (the (B+1)a-th order statistics; Davison & Hinkley 1997, eq. 5.18)
 *   pValueNonInferiority = (1 + #{D <= -d}) / (B + 1)   for H0: delta <= -d
 *   pValueRegression     = (1 + #{D >= -d}) / (B + 1)   for H0: delta >= -d
 * The "+1" counts the observed sample as one of the B + 1 equally likely values, so a p-value is never 0
 * (Davison & Hinkley 1997, section 4.2.1; North, Curtis & Sham 2002). With these definitions, exactly:
 *   pValueNonInferiority <= a  <=>  D(j) > -d  (lower bound above -d),
 *   pValueRegression     <= a  <=>  D(B + 1 - j) < -d  (upper bound below -d),
 * because #{D <= -d} <= j - 1 says that the j-th smallest is above -d. So the interval and the tests tell
 * the same story (comparison-inference.ts), at any B. With B = 9999 and a = 0.05, j = 500 exactly;
 * B = 10000 gives j = 500 as well.
 * Why the percentile interval and not BCa: BCa (Efron 1987) is second-order accurate, but (1) its bias
 * correction z0 = Phi^-1(#{D < estimate} / B) is unstable when the bootstrap distribution has ties, which
 * confusion-count metrics on small holdouts have in abundance; (2) its acceleration needs a jackknife over
 * rows; (3) it has no p-value that inverts it this simply. The percentile interval is transformation-
 * respecting, range-preserving (an F1 interval stays in [-1, 1]), and for the holdout sizes a gate sees the
 * difference is small; the coverage tests in test/stats check it on simulated data.
 * Resamples whose delta is undefined (NaN, e.g. a class never predicted makes a precision 0/0 under a
 * metric that returns NaN) are dropped and counted; B is then the number of defined ones.
 *
 * References:
 * - B. Efron, R. J. Tibshirani (1993). An Introduction to the Bootstrap. Chapman & Hall, chapters 13-16.
 * - A. C. Davison, D. V. Hinkley (1997). Bootstrap Methods and their Application. Cambridge University
 *   Press, sections 4.2 and 5.3.
 * - B. V. North, D. Curtis, P. C. Sham (2002). A note on the calculation of empirical P values from Monte
 *   Carlo procedures. American Journal of Human Genetics 71(2), 439-441. https://doi.org/10.1086/341527
 * Tests: the order-statistic rule and both equivalences are checked directly on constructed samples in
 * test/stats/bootstrap.test.ts; the interval's coverage on simulated data.
 */
import type { ComparisonInference, InferenceOptions } from './comparison-inference.js';

/** A bootstrap result: the comparison fields plus what the report needs to describe the resampling. */
export interface BootstrapInference extends ComparisonInference {
  /** Resamples drawn. */
  resamples: number;
  /** Resamples whose delta was undefined (NaN) and were left out. */
  undefinedResamples: number;
  /** The seed the resampling started from. */
  seed: number;
}

/** Fields of a bootstrap result computed from the resampled deltas. */
export interface BootstrapSummary {
  standardError: number | null;
  ci: [number, number] | null;
  pValueRegression: number | null;
  pValueNonInferiority: number | null;
  /** Defined (non-NaN) resamples used. */
  used: number;
  undefinedResamples: number;
  reason: string | null;
}

/**
 * Percentile interval and p-values from resampled deltas. The array is sorted in place (NaN first removed).
 * @param deltas resampled deltas (any order; NaN for an undefined resample)
 */
export function summarizeBootstrap(deltas: Float64Array, options: InferenceOptions): BootstrapSummary {
  let used = 0;
  for (let index = 0; index < deltas.length; index += 1) {
    const value = deltas[index] as number;
    if (!Number.isNaN(value)) {
      deltas[used] = value;
      used += 1;
    }
  }
  const undefinedResamples = deltas.length - used;
  const defined = deltas.subarray(0, used).sort();
  const tailProbability = (1 - options.confidence) / 2;
  // The tiny allowance keeps j exact when a (B + 1) is an integer up to rounding: a = (1 - 0.9) / 2 is
  // 0.04999999999999999 in floating point, and floor(0.04999999999999999 * 10000) would be 499, not 500.
  const orderIndex = Math.floor(tailProbability * (used + 1) + 1e-9);
  const threshold = -options.margin;
  if (used < 2) {
    return {
      standardError: null,
      ci: null,
      pValueRegression: null,
      pValueNonInferiority: null,
      used,
      undefinedResamples,
      reason: `only ${used} resample(s) had a defined delta`,
    };
  }
  let atOrBelow = 0;
  let atOrAbove = 0;
  let sum = 0;
  for (let index = 0; index < used; index += 1) {
    const value = defined[index] as number;
    if (value <= threshold) atOrBelow += 1;
    if (value >= threshold) atOrAbove += 1;
    sum += value;
  }
  const mean = sum / used;
  let squares = 0;
  for (let index = 0; index < used; index += 1) {
    const deviation = (defined[index] as number) - mean;
    squares += deviation * deviation;
  }
  const notes: string[] = [];
  if (undefinedResamples > 0)
    notes.push(`${undefinedResamples} resample(s) with an undefined delta were left out`);
  let ci: [number, number] | null = null;
  if (orderIndex >= 1) {
    ci = [defined[orderIndex - 1] as number, defined[used - orderIndex] as number];
  } else {
    notes.push(`${used} resamples are too few for a ${options.confidence} percentile interval`);
  }
  return {
    standardError: Math.sqrt(squares / (used - 1)),
    ci,
    pValueRegression: (1 + atOrAbove) / (used + 1),
    pValueNonInferiority: (1 + atOrBelow) / (used + 1),
    used,
    undefinedResamples,
    reason: notes.length > 0 ? notes.join('; ') : null,
  };
}

/** The comparison result of a bootstrap from its point estimate and the summary of its resampled deltas. */
export function bootstrapInference(
  method: string,
  estimate: number,
  summary: BootstrapSummary,
  options: InferenceOptions,
  sample: { n: number; resamples: number; seed: number; reason?: string | null },
): BootstrapInference {
  return {
    method,
    estimate,
    standardError: summary.standardError,
    ci: summary.ci,
    confidence: options.confidence,
    margin: options.margin,
    statistic: null,
    pValueRegression: summary.pValueRegression,
    pValueNonInferiority: summary.pValueNonInferiority,
    n: sample.n,
    reason: sample.reason === undefined ? summary.reason : sample.reason,
    resamples: sample.resamples,
    undefinedResamples: summary.undefinedResamples,
    seed: sample.seed,
  };
}
