/**
 * Latency rules: "the candidate's p95 time per row may not exceed the baseline's by more than 20%".
 *
 * A rule names a statistic of the per-row time (batch time / rows, over the timed batches) and a tolerance:
 *   p50, p95, p99  a quantile; the interval is a paired bootstrap over batches (stats/paired-quantile-ratio.ts);
 *   geomean        the typical time, as the geometric mean of the paired per-batch ratios, with a t interval on
 *                  the log ratios (stats/paired-log-ratio.ts). The steadiest of the four on a noisy runner.
 * Every comparison is relative, oriented so that positive is better (the candidate is faster):
 *   delta = (baseline - candidate) / baseline = 1 - candidate / baseline,
 * with `baseline` and `candidate` the statistic in microseconds per row, and the tolerance d a share of the
 * baseline: "20%" is d = 0.2 (the candidate may take up to 1.2x the baseline's time). An absolute tolerance is
 * read as microseconds per row and divided by the baseline's value (prefer percentages: an absolute time says
 * more about the runner than about the model).
 * The interval is two-sided at 1 - 2 alpha, the p-value one-sided for H0 "not slower by more than d", and the
 * outcome follows classify-outcome.ts: regressed when the (Holm-adjusted, across the latency rules) p-value is
 * <= alpha, improved when the interval's lower bound is > 0, non-inferior when it is >= -d, inconclusive
 * otherwise. Rules are report-only (blocking false) unless a rule says otherwise, because shared CI runners are
 * noisy.
 */
import type { Comparison, Outcome } from '../report/types.js';
import { classifyOutcome } from '../stats/classify-outcome.js';
import { intervalConfidence } from '../stats/comparison-inference.js';
import { holmAdjust } from '../stats/holm.js';
import { logRatioTest, pairedLogRatio } from '../stats/paired-log-ratio.js';
import { pairedQuantileRatio } from '../stats/paired-quantile-ratio.js';
import { sampleQuantiles } from '../stats/sample-quantiles.js';
import type { Correction } from './policy-schema.js';
import type { Tolerance } from './policy-values.js';

export const LATENCY_STATISTICS = ['p50', 'p95', 'p99', 'geomean'] as const;
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

const PROBABILITIES: Record<Exclude<LatencyStatistic, 'geomean'>, number> = {
  p50: 0.5,
  p95: 0.95,
  p99: 0.99,
};

export interface LatencyRule {
  statistic: LatencyStatistic;
  tolerance: Tolerance;
  /** Default false: reported, never decides the verdict. */
  blocking?: boolean;
}

/** Per-row times (microseconds) of the timed batches, paired: index i is the same batch for both models. */
export interface PairedRowTimes {
  candidateUs: ArrayLike<number>;
  baselineUs: ArrayLike<number>;
}

export interface LatencyComparisonOptions {
  /** The gate's one-sided level; intervals are at 1 - 2 alpha. */
  alpha: number;
  /** Holm (default) or none, across the latency rules only. */
  correction?: Correction;
  /** Seed of the quantile bootstrap (the report's seed). */
  seed?: number;
  /** Bootstrap resamples (default 10,000). */
  resamples?: number;
}

/** The report's metric name of a rule: latency_p95, latency_geomean, ... */
export function latencyMetricName(statistic: LatencyStatistic): string {
  return `latency_${statistic}`;
}

interface RuleInference {
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  ci: [number, number] | null;
  method: string;
  pValue: number | null;
  note: string | null;
}

function relativeTolerance(tolerance: Tolerance, baselineValue: number | null): number | null {
  if (tolerance.kind === 'relative') return tolerance.percent / 100;
  if (baselineValue === null || !(baselineValue > 0)) return null;
  return tolerance.value / baselineValue;
}

function geometricMean(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) sum += Math.log(values[index] as number);
  return Math.exp(sum / values.length);
}

function inferGeomean(
  times: PairedRowTimes,
  tolerance: Tolerance,
  confidence: number,
): RuleInference & { margin: number | null } {
  const result = pairedLogRatio(times.candidateUs, times.baselineUs, confidence);
  const baseline = geometricMean(times.baselineUs);
  const candidate = geometricMean(times.candidateUs);
  const margin = relativeTolerance(tolerance, baseline);
  const test = margin === null ? null : logRatioTest(result, 1 + margin);
  return {
    baseline,
    candidate,
    delta: result.ratio === null ? null : 1 - result.ratio,
    // delta = 1 - ratio reverses the order of the limits.
    ci: result.ci === null ? null : [1 - result.ci[1], 1 - result.ci[0]],
    method: result.method,
    pValue: test?.pValueAbove ?? null,
    note: result.reason,
    margin,
  };
}

function inferQuantile(
  times: PairedRowTimes,
  statistic: Exclude<LatencyStatistic, 'geomean'>,
  tolerance: Tolerance,
  confidence: number,
  options: LatencyComparisonOptions,
): RuleInference & { margin: number | null } {
  const probability = PROBABILITIES[statistic];
  const bootstrapOptions = {
    confidence,
    probability,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
  };
  // The baseline's quantile resolves an absolute tolerance before the bootstrap runs.
  const baselineQuantile =
    times.baselineUs.length === 0 ? null : (sampleQuantiles(times.baselineUs, [probability])[0] ?? null);
  const margin = relativeTolerance(tolerance, baselineQuantile);
  const result = pairedQuantileRatio(times.candidateUs, times.baselineUs, {
    ...bootstrapOptions,
    margin: margin ?? 0,
  });
  return {
    baseline: result.baselineQuantile,
    candidate: result.candidateQuantile,
    delta: result.estimate,
    ci: result.ci,
    method: `${result.method} (${result.resamples.toLocaleString('en')} resamples, seed ${result.seed})`,
    pValue: margin === null ? null : result.pValueRegression,
    note: result.reason,
    margin,
  };
}

/**
 * One Comparison per rule, in rule order. `metric` is latency_<statistic>; `baseline` / `candidate` are in
 * microseconds per row; `delta`, `ci` and `tolerance` are shares of the baseline (0.2 = 20%).
 */
export function latencyComparisons(
  times: PairedRowTimes,
  rules: readonly LatencyRule[],
  options: LatencyComparisonOptions,
): Comparison[] {
  const { alpha } = options;
  const confidence = intervalConfidence(alpha);
  const inferences = rules.map((rule) =>
    rule.statistic === 'geomean'
      ? inferGeomean(times, rule.tolerance, confidence)
      : inferQuantile(times, rule.statistic, rule.tolerance, confidence, options),
  );
  const raw = inferences.map((inference) => inference.pValue);
  const adjusted = (options.correction ?? 'holm') === 'holm' ? holmAdjust(raw) : raw;
  return rules.map((rule, index) => {
    const inference = inferences[index] as RuleInference & { margin: number | null };
    const pValueAdjusted = adjusted[index] ?? null;
    const { margin } = inference;
    const outcome: Outcome =
      margin === null
        ? 'inconclusive'
        : classifyOutcome({
            ciLower: inference.ci?.[0] ?? null,
            tolerance: margin,
            adjustedRegressionPValue: pValueAdjusted,
            alpha,
          });
    const notes = [
      inference.note,
      margin === null ? 'the absolute tolerance needs a baseline time, which is undefined' : null,
    ].filter((note): note is string => note !== null);
    return {
      metric: latencyMetricName(rule.statistic),
      baseline: inference.baseline,
      candidate: inference.candidate,
      delta: inference.delta,
      ci: inference.ci,
      confidence,
      method: inference.method,
      pValue: inference.pValue,
      pValueAdjusted,
      tolerance: margin,
      toleranceRule:
        rule.tolerance.kind === 'relative' ? `${rule.tolerance.percent}%` : `${rule.tolerance.value} us/row`,
      outcome,
      blocking: rule.blocking ?? false,
      note: notes.length > 0 ? notes.join('; ') : null,
    };
  });
}
