/**
 * Paired time ratio: the geometric mean of per-batch ratios candidate / baseline, with a t interval on the log
 * ratios, and one-sided t tests of "the ratio is above / below a bound".
 *
 * What model-gate uses it for: the headline latency figure of the report ("the candidate takes 1.08x the
 * baseline's time per row, 90% CI 1.05 to 1.11") and latency rules on the typical per-row time
 * (gate/latency-comparisons.ts). Both models ran the same batch back to back (interleaved A, B, A, B, the
 * order alternating per batch), so each batch gives one paired observation; batch size, batch content and
 * the runner's momentary state are shared by the pair and cancel in the ratio.
 *
 * Method. For timed batch i with candidate time c_i > 0 and baseline time b_i > 0 (per row or per batch: the
 * rows are the same for both, so they cancel), l_i = ln(c_i / b_i). With n batches, mean lbar, sample standard
 * deviation s (n - 1 denominator), SE = s / sqrt(n), df = n - 1:
 *   estimate   R = exp(lbar)                                  (geometric mean of the ratios)
 *   interval   [exp(lbar - t_(df,(1+conf)/2) SE), exp(lbar + t_(df,(1+conf)/2) SE)]
 *   test of a bound r0 > 0:  t = (lbar - ln r0) / SE,  P(ratio above r0) test p = P(T_df > t), below: P(T_df < t)
 * Why logs: timings are positive and their noise is multiplicative (a busy runner slows a run by a factor,
 * not by a fixed number of milliseconds); the log makes it additive and much closer to normal, makes a
 * ratio and its inverse symmetric (1.25x slower is -ln 1.25, 0.8x is +ln 1.25 from the other side), and keeps
 * the interval's limits positive. The geometric mean is the right average of ratios (Fleming & Wallace 1986);
 * the arithmetic mean of c_i / b_i is biased upward and not invariant to swapping the models.
 * Assumptions: batches independent given the models (runner noise that drifts slowly hits both members of a
 * pair alike and cancels); the mean log ratio approximately normal. With fewer than MIN_BATCHES (3) timed
 * batches the interval is null (a t interval on one or two differences is too wide to say anything and too
 * fragile to trust); with every log ratio equal the interval is [R, R] and the tests are undefined (null).
 *
 * References:
 * - Student (1908). The probable error of a mean. Biometrika 6(1), 1-25. https://doi.org/10.2307/2331554
 * - P. J. Fleming, J. J. Wallace (1986). How not to lie with statistics: the correct way to summarize
 *   benchmark results. Communications of the ACM 29(3), 218-221. https://doi.org/10.1145/5666.5673
 * - T. Kalibera, R. Jones (2013). Rigorous benchmarking in reasonable time. ISMM 2013, 63-74.
 *   https://doi.org/10.1145/2464757.2464763 (paired repetitions, ratio of execution times with an interval).
 * Reference values: scipy.stats.gmean of the ratios, exp of scipy.stats.ttest_1samp(log ratios, 0)
 * .confidence_interval(confidence), ttest_1samp(log ratios, popmean = ln r0, alternative = "greater" /
 * "less") (SciPy 1.10.1), from scripts/reference/latency_reference.py into test/fixtures/reference/latency.json.
 */
import { studentTCdf, studentTQuantile, studentTSf } from './distributions.js';

/** Fewer timed batches than this give no interval. */
export const MIN_RATIO_BATCHES = 3;

export const PAIRED_LOG_RATIO_METHOD =
  'Geometric mean of paired per-batch time ratios, t interval on the log ratios';

export interface PairedLogRatio {
  method: string;
  /** Paired batches. */
  n: number;
  /** Geometric mean of candidate / baseline; null when there is no batch. */
  ratio: number | null;
  /** Interval for the ratio at `confidence`; null with fewer than 3 batches. */
  ci: [number, number] | null;
  confidence: number;
  /** Mean of ln(candidate / baseline); null when there is no batch. */
  meanLogRatio: number | null;
  /** Standard error of the mean log ratio; null with fewer than 2 batches. */
  standardError: number | null;
  df: number;
  /** Why the interval (or more) is null; null when there is nothing to say. */
  reason: string | null;
}

export interface LogRatioTest {
  /** t = (mean log ratio - ln bound) / SE; null when undefined. */
  statistic: number | null;
  /** One-sided p-value of H0: ratio <= bound against H1: ratio > bound. */
  pValueAbove: number | null;
  /** One-sided p-value of H0: ratio >= bound against H1: ratio < bound. */
  pValueBelow: number | null;
}

/**
 * The paired ratio candidate / baseline over batches, with its interval at `confidence`.
 * @throws RangeError when the arrays differ in length, a time is not a finite positive number, or the
 * confidence is outside (0, 1)
 */
export function pairedLogRatio(
  candidate: ArrayLike<number>,
  baseline: ArrayLike<number>,
  confidence: number,
): PairedLogRatio {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Paired ratio: confidence must be strictly between 0 and 1, got ${String(confidence)}`,
    );
  }
  if (candidate.length !== baseline.length) {
    throw new RangeError(
      `Paired ratio: ${candidate.length} candidate times but ${baseline.length} baseline times`,
    );
  }
  const n = candidate.length;
  const logs = new Float64Array(n);
  for (let index = 0; index < n; index += 1) {
    const candidateTime = candidate[index] as number;
    const baselineTime = baseline[index] as number;
    for (const time of [candidateTime, baselineTime]) {
      if (!(time > 0 && Number.isFinite(time))) {
        throw new RangeError(
          `Paired ratio: time ${String(time)} of batch ${index} is not a finite positive number`,
        );
      }
    }
    logs[index] = Math.log(candidateTime / baselineTime);
  }
  const base = { method: PAIRED_LOG_RATIO_METHOD, n, confidence, df: Math.max(0, n - 1) };
  if (n === 0) {
    return {
      ...base,
      ratio: null,
      ci: null,
      meanLogRatio: null,
      standardError: null,
      reason: 'no timed batches',
    };
  }
  // Two passes (Chan, Golub & LeVeque 1983), as summarizeDifferences does for per-example losses.
  let sum = 0;
  for (const value of logs) sum += value;
  const roughMean = sum / n;
  let correction = 0;
  let squares = 0;
  for (const value of logs) {
    const deviation = value - roughMean;
    correction += deviation;
    squares += deviation * deviation;
  }
  const meanLogRatio = roughMean + correction / n;
  const ratio = Math.exp(meanLogRatio);
  const standardError =
    n < 2 ? null : Math.sqrt(Math.max(0, (squares - (correction * correction) / n) / (n - 1)) / n);
  if (n < MIN_RATIO_BATCHES) {
    return {
      ...base,
      ratio,
      ci: null,
      meanLogRatio,
      standardError,
      reason:
        `only ${n} timed batch${n === 1 ? '' : 'es'}: an interval needs at least ${MIN_RATIO_BATCHES} ` +
        '(more data, or fewer warm-up batches)',
    };
  }
  const spread = studentTQuantile((1 + confidence) / 2, n - 1) * (standardError as number);
  return {
    ...base,
    ratio,
    ci: [Math.exp(meanLogRatio - spread), Math.exp(meanLogRatio + spread)],
    meanLogRatio,
    standardError,
    reason: standardError === 0 ? 'every batch has the same time ratio: the interval has no width' : null,
  };
}

/** One-sided t tests of the ratio against `bound` (> 0), from a PairedLogRatio with an interval. */
export function logRatioTest(result: PairedLogRatio, bound: number): LogRatioTest {
  if (!(bound > 0 && Number.isFinite(bound))) {
    throw new RangeError(
      `Paired ratio test: the bound must be a finite positive number, got ${String(bound)}`,
    );
  }
  const { meanLogRatio, standardError, n } = result;
  if (meanLogRatio === null || standardError === null || n < MIN_RATIO_BATCHES || standardError === 0) {
    return { statistic: null, pValueAbove: null, pValueBelow: null };
  }
  const statistic = (meanLogRatio - Math.log(bound)) / standardError;
  return {
    statistic,
    pValueAbove: studentTSf(statistic, n - 1),
    pValueBelow: studentTCdf(statistic, n - 1),
  };
}
