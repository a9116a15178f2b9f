/**
 * Paired t interval and one-sided paired t tests, with a margin, for a difference of means.
 *
 * What model-gate uses it for: rules on metrics that are means of per-example values: log loss (mean of
 * per-example log loss), Brier score, MAE, MSE, MAPE (means of per-example errors). For each row i the
 * caller forms the oriented difference d_i, positive when the candidate is better:
 *   for a loss or error (lower is better): d_i = loss_baseline_i - loss_candidate_i;
 *   for a score (higher is better):       d_i = score_candidate_i - score_baseline_i.
 * Then delta = mean(d) = metric(candidate) - metric(baseline), oriented.
 *
 * Method (Student 1908; any statistics text): with mean dbar, sample standard deviation s (n - 1
 * denominator), SE = s / sqrt(n), df = n - 1,
 *   interval   dbar -+ t_(df, (1+conf)/2) * SE
 *   statistic  t = (dbar + d) / SE
 *   pValueNonInferiority = P(T_df > t)   for H0: delta <= -d
 *   pValueRegression     = P(T_df < t)   for H0: delta >= -d
 * The interval is the inverted test, so both agree (comparison-inference.ts).
 * Assumptions: rows independent; the mean of d approximately normal (central limit theorem: fine for the
 * holdout sizes a gate sees, even for skewed per-example losses; the Wilcoxon test in the report is the
 * robustness check). Undefined: n = 0 (nothing); n = 1 (no spread: interval and p null); every d_i equal
 * (SE = 0: interval [dbar, dbar], t = 0/0 or +-infinity, p null; DESIGN.md 3.2 reports null, not a made-up
 * number).
 *
 * Reference: Student (1908). The probable error of a mean. Biometrika 6(1), 1-25.
 * https://doi.org/10.2307/2331554
 * Reference values: scipy.stats.ttest_1samp(d, popmean = -margin, alternative = 'greater' / 'less') and
 * its confidence_interval(confidence_level) (SciPy 1.10.1), from scripts/reference/inference_reference.py
 * into test/fixtures/reference/inference.json.
 */
import {
  checkInferenceOptions,
  undefinedInference,
  type ComparisonInference,
  type InferenceOptions,
} from './comparison-inference.js';
import { studentTCdf, studentTQuantile, studentTSf } from './distributions.js';

/** Sample summary of the oriented per-example differences. */
export interface DifferenceSummary {
  mean: number;
  /** Sample standard deviation (n - 1 denominator); ignored when n < 2. */
  standardDeviation: number;
  n: number;
}

export const PAIRED_MEAN_METHOD = 'Paired t interval and test for the mean difference (Student 1908)';

/**
 * Mean and sample standard deviation of the first `length` values, by two passes (the second pass removes
 * the rounding error of the first mean, as in Chan, Golub & LeVeque 1983), so millions of nearly equal
 * losses lose no digits.
 * @throws RangeError when a value is not finite (the data layer reports bad rows before this point)
 */
export function summarizeDifferences(
  values: ArrayLike<number>,
  length: number = values.length,
): DifferenceSummary {
  if (!Number.isSafeInteger(length) || length < 0 || length > values.length) {
    throw new RangeError(
      `Differences: length must be an integer between 0 and ${values.length}, got ${String(length)}`,
    );
  }
  let sum = 0;
  for (let index = 0; index < length; index += 1) {
    const value = values[index] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`Differences: value ${String(value)} at index ${index} is not a finite number`);
    }
    sum += value;
  }
  if (length === 0) return { mean: Number.NaN, standardDeviation: Number.NaN, n: 0 };
  const roughMean = sum / length;
  let correction = 0;
  let squares = 0;
  for (let index = 0; index < length; index += 1) {
    const deviation = (values[index] as number) - roughMean;
    correction += deviation;
    squares += deviation * deviation;
  }
  const mean = roughMean + correction / length;
  const standardDeviation =
    length < 2
      ? Number.NaN
      : Math.sqrt(Math.max(0, (squares - (correction * correction) / length) / (length - 1)));
  return { mean, standardDeviation, n: length };
}

/** Paired t interval for the mean oriented difference and the one-sided t tests against -margin. */
export function pairedMeanDifference(
  summary: DifferenceSummary,
  options: InferenceOptions,
): ComparisonInference {
  checkInferenceOptions(options, 'Paired mean difference');
  const { mean, standardDeviation, n } = summary;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Paired mean difference: n must be a non-negative integer, got ${String(n)}`);
  }
  if (n === 0)
    return undefinedInference(PAIRED_MEAN_METHOD, options, 0, 'no rows: the mean difference is undefined');
  if (!Number.isFinite(mean)) {
    throw new RangeError(`Paired mean difference: the mean must be finite, got ${String(mean)}`);
  }
  if (n === 1) {
    return {
      ...undefinedInference(PAIRED_MEAN_METHOD, options, 1, 'one row: no spread, so no interval and no test'),
      estimate: mean,
    };
  }
  if (!(standardDeviation >= 0 && Number.isFinite(standardDeviation))) {
    throw new RangeError(
      `Paired mean difference: the standard deviation must be finite and >= 0, got ${String(standardDeviation)}`,
    );
  }
  const df = n - 1;
  const standardError = standardDeviation / Math.sqrt(n);
  const base = {
    method: PAIRED_MEAN_METHOD,
    estimate: mean,
    standardError,
    confidence: options.confidence,
    margin: options.margin,
    df,
    n,
  };
  if (standardError === 0) {
    return {
      ...base,
      ci: [mean, mean],
      statistic: null,
      pValueRegression: null,
      pValueNonInferiority: null,
      reason: 'every per-example difference is the same: the t statistic is undefined',
    };
  }
  const tCritical = studentTQuantile((1 + options.confidence) / 2, df);
  const statistic = (mean + options.margin) / standardError;
  return {
    ...base,
    ci: [mean - tCritical * standardError, mean + tCritical * standardError],
    statistic,
    pValueRegression: studentTCdf(statistic, df),
    pValueNonInferiority: studentTSf(statistic, df),
    reason: null,
  };
}
