/**
 * The words and numbers of the latency section (report.latency): time per row and per batch at p50 / p95 /
 * p99, throughput and model size for both models, each with candidate ÷ baseline, and the paired ratio of time
 * per row with its interval. A ratio above 1 means the candidate is slower (or larger); throughput is the
 * exception, where above 1 means faster. The speed is called slower / faster only when the interval excludes 1.
 */
import type { ComparisonRow } from './describe-comparison.js';
import { describeComparison, sharedConfidenceOf, sortWorstFirst } from './describe-comparison.js';
import {
  MISSING,
  formatBytes,
  formatPercent,
  formatRatio,
  formatRowsPerSecond,
  formatTime,
} from './format.js';
import type { LatencyQuantiles, ModelLatency, Report } from './types.js';

export interface LatencyRow {
  /** 'per row p50', 'throughput', 'model size'. */
  label: string;
  baseline: string;
  candidate: string;
  /** candidate ÷ baseline ('1.32×'), '—' when undefined. */
  ratio: string;
}

export interface LatencyDescription {
  rows: LatencyRow[];
  /** The paired ratio of time per row: '1.32×'. */
  ratio: string;
  /** '1.25×–1.40×', or null without an interval. */
  ratioInterval: string | null;
  confidence: string;
  method: string;
  speed: 'slower' | 'faster' | 'no clear difference';
  /** "the candidate takes 1.32× the baseline's time per row (90% CI 1.25×–1.40×): slower". */
  summary: string;
  batches: number;
  warmupBatches: number;
  comparisons: ComparisonRow[];
  sharedConfidence: string | null;
}

function ratioOf(candidate: number, baseline: number): string {
  return baseline > 0 && Number.isFinite(candidate) ? formatRatio(candidate / baseline) : MISSING;
}

function quantileRows(
  label: string,
  select: (model: ModelLatency) => LatencyQuantiles,
  toMilliseconds: number,
  baseline: ModelLatency,
  candidate: ModelLatency,
): LatencyRow[] {
  return (['p50', 'p95', 'p99'] as const).map((quantile) => ({
    label: `${label} ${quantile}`,
    baseline: formatTime(select(baseline)[quantile] * toMilliseconds),
    candidate: formatTime(select(candidate)[quantile] * toMilliseconds),
    ratio: ratioOf(select(candidate)[quantile], select(baseline)[quantile]),
  }));
}

/** The latency of the report, or null when it was not measured. */
export function describeLatency(report: Report): LatencyDescription | null {
  const latency = report.latency;
  if (latency === undefined) return null;
  const { baseline, candidate, ratio } = latency;
  const rows: LatencyRow[] = [
    ...quantileRows('per row', (model) => model.perRowUs, 1e-3, baseline, candidate),
    ...quantileRows('per batch', (model) => model.perBatchMs, 1, baseline, candidate),
    {
      label: 'throughput',
      baseline: formatRowsPerSecond(baseline.rowsPerSecond),
      candidate: formatRowsPerSecond(candidate.rowsPerSecond),
      ratio: ratioOf(candidate.rowsPerSecond, baseline.rowsPerSecond),
    },
    {
      label: 'model size',
      baseline: formatBytes(baseline.bytes),
      candidate: formatBytes(candidate.bytes),
      ratio: ratioOf(candidate.bytes, baseline.bytes),
    },
  ];
  const interval = ratio.ci === null ? null : `${formatRatio(ratio.ci[0])}–${formatRatio(ratio.ci[1])}`;
  const confidence = formatPercent(ratio.confidence);
  const speed =
    ratio.ci === null
      ? ('no clear difference' as const)
      : ratio.ci[0] > 1
        ? ('slower' as const)
        : ratio.ci[1] < 1
          ? ('faster' as const)
          : ('no clear difference' as const);
  const evidence = interval === null ? 'no interval' : `${confidence} CI ${interval}`;
  const comparisons = sortWorstFirst(latency.comparisons).map(describeComparison);
  return {
    rows,
    ratio: formatRatio(ratio.estimate),
    ratioInterval: interval,
    confidence,
    method: ratio.method,
    speed,
    summary: `the candidate takes ${formatRatio(ratio.estimate)} the baseline's time per row (${evidence}): ${speed}`,
    batches: latency.batches,
    warmupBatches: latency.warmupBatches,
    comparisons,
    sharedConfidence: sharedConfidenceOf(comparisons),
  };
}
