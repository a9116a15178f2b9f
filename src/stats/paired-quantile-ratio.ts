/**
 * Paired bootstrap of the relative change in a quantile of time (p50, p95, p99) between two models timed on
 * the same batches.
 *
 * What model-gate uses it for: latency rules on a quantile ("p95 per-row time may not rise more than 20%",
 * gate/latency-comparisons.ts). The geometric-mean ratio of paired-log-ratio.ts describes the typical batch;
 * a rule on p95 is about the slow batches, whose ratio can differ (a model that allocates more can suffer more
 * from a busy runner), so the quantile gets its own interval.
 *
 * Method. Batch i has candidate time c_i and baseline time b_i (same rows, run back to back). With Q_p the
 * type 7 sample quantile (sample-quantiles.ts), the oriented change, positive when the candidate is faster, is
 *   delta = 1 - Q_p(c) / Q_p(b)          (e.g. -0.12: the candidate's p95 is 12% higher).
 * Paired bootstrap (Efron & Tibshirani 1993, ch. 6 and 13): draw n batch indices with replacement, keeping
 * each pair (c_i, b_i) together, so that the runner state shared by the pair stays shared; recompute delta.
 * The percentile interval and the one-sided p-values against -d (d = relative tolerance) come from
 * bootstrap-summary.ts, which makes them agree exactly. Index draws use floor(u32 * n / 2^32) (bias below
 * n / 2^32, nothing at these sizes), from stream 3 of the seed (random-source.ts), so the same seed gives the
 * same interval, and every quantile is resampled with the same batches.
 * Assumptions and limits: batches exchangeable (the warm-up is excluded by the caller). The bootstrap of a
 * sample quantile is consistent for a continuous distribution, but for a high quantile of few batches it
 * rests on the few largest times: with (n - 1)(1 - p) < 1 the quantile interpolates between the two largest
 * times and the interval is rough (the result says so). Fewer than 3 batches: no interval.
 *
 * References:
 * - B. Efron, R. J. Tibshirani (1993). An Introduction to the Bootstrap. Chapman & Hall, chapters 6, 13.
 * - A. C. Davison, D. V. Hinkley (1997). Bootstrap Methods and their Application. Cambridge University
 *   Press, section 2.6 (quantiles) and 5.3 (percentile intervals).
 * Tests (test/stats/latency-statistics.test.ts): reproducible at a fixed seed; exact results where the
 * resampling cannot change the ratio (identical and proportional times); the interval and p-value
 * equivalences; the point estimate against NumPy's quantiles (latency.json). No reference software draws the
 * same resamples, so the interval itself is checked by properties, as the other bootstraps are.
 */
import { bootstrapInference, summarizeBootstrap, type BootstrapInference } from './bootstrap-summary.js';
import { undefinedInference } from './comparison-inference.js';
import { checkBootstrapOptions, type BootstrapOptions } from './paired-bootstrap-cells.js';
import { MIN_RATIO_BATCHES } from './paired-log-ratio.js';
import { createRandomSource } from './random-source.js';
import { interpolate, sortedQuantile } from './sample-quantiles.js';

/** The random stream of the latency bootstrap (0: resampling of metrics, 1: row partitions, 2: benchmark). */
export const LATENCY_STREAM = 3;

export const QUANTILE_RATIO_METHOD =
  'Paired bootstrap over batches of 1 - candidate/baseline quantile, percentile interval';

export interface QuantileRatioOptions extends BootstrapOptions {
  /** The quantile, in [0, 1] (0.95 for p95). */
  probability: number;
}

export interface QuantileRatioInference extends BootstrapInference {
  /** Q_p of the candidate's and of the baseline's times; null when there is no batch. */
  candidateQuantile: number | null;
  baselineQuantile: number | null;
}

function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** The indices of `values` in ascending order of value, and each index's position in that order. */
function rankOrder(values: Float64Array): { order: Int32Array; rank: Int32Array } {
  const order = Int32Array.from(values, (_, index) => index).sort(
    (left, right) => (values[left] as number) - (values[right] as number),
  );
  const rank = new Int32Array(values.length);
  order.forEach((index, position) => {
    rank[index] = position;
  });
  return { order, rank };
}

/**
 * The type 7 quantile of a resample given as counts per rank: the order statistics lowerRank and
 * lowerRank + 1 (0-based) of the multiset, interpolated at `fraction`.
 */
function countedQuantile(
  counts: Int32Array,
  sorted: Float64Array,
  lowerRank: number,
  fraction: number,
): number {
  let rank = 0;
  let seen = counts[0] as number;
  while (seen <= lowerRank) {
    rank += 1;
    seen += counts[rank] as number;
  }
  const lower = sorted[rank] as number;
  if (fraction === 0) return lower;
  if (seen <= lowerRank + 1) {
    do rank += 1;
    while ((counts[rank] as number) === 0);
  }
  return interpolate(lower, sorted[rank] as number, fraction);
}

/**
 * delta = 1 - Q_p(candidate) / Q_p(baseline) with a paired bootstrap interval and one-sided p-values
 * against -margin.
 * @throws RangeError for arrays of different lengths, a time that is not finite and positive, a probability
 * outside [0, 1], or bad confidence / margin / resamples
 */
export function pairedQuantileRatio(
  candidate: ArrayLike<number>,
  baseline: ArrayLike<number>,
  options: QuantileRatioOptions,
): QuantileRatioInference {
  const { resamples, seed } = checkBootstrapOptions(options, 'Quantile ratio');
  const { probability } = options;
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`Quantile ratio: probability must be between 0 and 1, got ${String(probability)}`);
  }
  if (candidate.length !== baseline.length) {
    throw new RangeError(
      `Quantile ratio: ${candidate.length} candidate times but ${baseline.length} baseline times`,
    );
  }
  const n = candidate.length;
  const candidateTimes = new Float64Array(n);
  const baselineTimes = new Float64Array(n);
  for (let index = 0; index < n; index += 1) {
    const candidateTime = candidate[index] as number;
    const baselineTime = baseline[index] as number;
    for (const time of [candidateTime, baselineTime]) {
      if (!(time > 0 && Number.isFinite(time))) {
        throw new RangeError(
          `Quantile ratio: time ${String(time)} of batch ${index} is not a finite positive number`,
        );
      }
    }
    candidateTimes[index] = candidateTime;
    baselineTimes[index] = baselineTime;
  }
  const bootstrapFields = { resamples, undefinedResamples: 0, seed };
  if (n === 0) {
    return {
      ...undefinedInference(QUANTILE_RATIO_METHOD, options, 0, 'no timed batches'),
      ...bootstrapFields,
      candidateQuantile: null,
      baselineQuantile: null,
    };
  }
  const candidateQuantile = sortedQuantile(sortedCopy(candidateTimes), probability);
  const baselineQuantile = sortedQuantile(sortedCopy(baselineTimes), probability);
  const estimate = 1 - candidateQuantile / baselineQuantile;
  const quantiles = { candidateQuantile, baselineQuantile };
  if (n < MIN_RATIO_BATCHES) {
    return {
      ...undefinedInference(
        QUANTILE_RATIO_METHOD,
        options,
        n,
        `only ${n} timed batch${n === 1 ? '' : 'es'}: an interval needs at least ${MIN_RATIO_BATCHES}`,
      ),
      estimate,
      ...bootstrapFields,
      ...quantiles,
    };
  }

  // A resample is a multiset of batches: instead of sorting the drawn times, count how often each batch is
  // drawn, in each model's rank order, and walk the counts to the two order statistics the quantile needs.
  // O(n) per resample, and the same numbers as sorting the drawn times (the test checks it).
  const candidateRanks = rankOrder(candidateTimes);
  const baselineRanks = rankOrder(baselineTimes);
  const candidateSorted = Float64Array.from(candidateRanks.order, (index) => candidateTimes[index] as number);
  const baselineSorted = Float64Array.from(baselineRanks.order, (index) => baselineTimes[index] as number);
  const position = (n - 1) * probability;
  const lowerRank = Math.floor(position);
  const fraction = position - lowerRank;
  const random = createRandomSource(seed, LATENCY_STREAM);
  const deltas = new Float64Array(resamples);
  const candidateCounts = new Int32Array(n);
  const baselineCounts = new Int32Array(n);
  for (let resample = 0; resample < resamples; resample += 1) {
    candidateCounts.fill(0);
    baselineCounts.fill(0);
    for (let draw = 0; draw < n; draw += 1) {
      const index = Math.floor((random.nextUint32() * n) / 4294967296);
      const candidateRank = candidateRanks.rank[index] as number;
      const baselineRank = baselineRanks.rank[index] as number;
      candidateCounts[candidateRank] = (candidateCounts[candidateRank] as number) + 1;
      baselineCounts[baselineRank] = (baselineCounts[baselineRank] as number) + 1;
    }
    const candidateQuantileDrawn = countedQuantile(candidateCounts, candidateSorted, lowerRank, fraction);
    const baselineQuantileDrawn = countedQuantile(baselineCounts, baselineSorted, lowerRank, fraction);
    deltas[resample] = 1 - candidateQuantileDrawn / baselineQuantileDrawn;
  }
  const summary = summarizeBootstrap(deltas, options);
  const caveats: string[] = [];
  if ((n - 1) * (1 - probability) < 1 && probability > 0.5) {
    caveats.push(
      `with ${n} batches the p${Number((probability * 100).toPrecision(3))} lies between the two largest ` +
        'times, so its interval is rough',
    );
  }
  if (summary.reason !== null) caveats.push(summary.reason);
  return {
    ...bootstrapInference(QUANTILE_RATIO_METHOD, estimate, summary, options, {
      n,
      resamples,
      seed,
      reason: caveats.length > 0 ? caveats.join('; ') : null,
    }),
    ...quantiles,
  };
}
