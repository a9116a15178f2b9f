/**
 * The report's `latency` section from the batches a LatencyRecorder kept, the two model file sizes and the
 * latency rules.
 *
 * - Quantiles (p50 / p95 / p99, type 7 as NumPy's default) of each model's time per batch (ms) and per row
 *   (us = batch time / rows of that batch), over the timed batches of full size. A final batch smaller than
 *   the others is left out of the quantiles, the ratio and the rules, because its fixed per-run cost is spread
 *   over fewer rows and would pose as the slowest per-row time of both models; it still counts in the
 *   throughput.
 * - Throughput: rows / seconds over every timed batch (after the warm-up), per model.
 * - Ratio: candidate / baseline time per row, the geometric mean of the paired per-batch ratios with a t
 *   interval on the log ratios at 1 - 2 alpha (the gate's interval convention), stats/paired-log-ratio.ts.
 * - Comparisons: the policy's latency rules (gate/latency-comparisons.ts), report-only unless a rule blocks.
 * Notes (one line each, for the report's `notes`) say when the warm-up shrank, when a batch was left out, and
 * why the interval is missing.
 */
import { latencyComparisons, type LatencyRule } from '../gate/latency-comparisons.js';
import type { Correction } from '../gate/policy-schema.js';
import type { LatencyTimings } from '../inference/latency-recorder.js';
import type { LatencyQuantiles, LatencyReport, ModelLatency } from '../report/types.js';
import { intervalConfidence } from '../stats/comparison-inference.js';
import { pairedLogRatio } from '../stats/paired-log-ratio.js';
import { sampleQuantiles } from '../stats/sample-quantiles.js';

export interface LatencyReportInput {
  timings: LatencyTimings;
  /** Model file sizes in bytes. */
  bytes: { candidate: number; baseline: number };
  /** The gate's alpha: intervals are at 1 - 2 alpha. */
  alpha: number;
  /** Latency rules from the policy (none: no comparisons). */
  rules?: readonly LatencyRule[];
  correction?: Correction;
  /** The report's seed, for the quantile bootstrap. */
  seed?: number;
  resamples?: number;
}

export interface BuiltLatencyReport {
  latency: LatencyReport;
  /** Caveats for the report's notes, each starting with "latency: ". */
  notes: string[];
}

function quantiles(values: Float64Array): LatencyQuantiles {
  const [p50, p95, p99] = sampleQuantiles(values, [0.5, 0.95, 0.99]) as [number, number, number];
  return { p50, p95, p99 };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 'es'}`;
}

/** Null when no batch was timed (no rows at all). */
export function buildLatencyReport(input: LatencyReportInput): BuiltLatencyReport | null {
  const { timings, bytes, alpha } = input;
  const timed = timings.rows.length;
  if (timed === 0) return null;
  const confidence = intervalConfidence(alpha);

  let largest = 0;
  for (const rows of timings.rows) largest = Math.max(largest, rows);
  const full: number[] = [];
  for (let index = 0; index < timed; index += 1) {
    if (timings.rows[index] === largest) full.push(index);
  }
  const perBatch = (milliseconds: Float64Array) =>
    Float64Array.from(full, (index) => milliseconds[index] as number);
  const perRow = (milliseconds: Float64Array) =>
    Float64Array.from(
      full,
      (index) => ((milliseconds[index] as number) * 1000) / (timings.rows[index] as number),
    );
  let totalRows = 0;
  for (const rows of timings.rows) totalRows += rows;
  const model = (milliseconds: Float64Array, fileBytes: number): ModelLatency => {
    let totalMs = 0;
    for (const time of milliseconds) totalMs += time;
    return {
      perBatchMs: quantiles(perBatch(milliseconds)),
      perRowUs: quantiles(perRow(milliseconds)),
      rowsPerSecond: totalRows / (totalMs / 1000),
      bytes: fileBytes,
    };
  };

  const candidateUs = perRow(timings.candidateMs);
  const baselineUs = perRow(timings.baselineMs);
  const ratio = pairedLogRatio(candidateUs, baselineUs, confidence);
  const notes: string[] = [];
  if (timings.warmupBatches < timings.requestedWarmupBatches) {
    notes.push(
      `latency: the data has ${plural(timings.recorded, 'batch')}, so the warm-up was ` +
        `${timings.warmupBatches} instead of ${timings.requestedWarmupBatches}` +
        (timings.warmupBatches === 0 ? ': the times include the first run of each session' : ''),
    );
  }
  const partial = timed - full.length;
  if (partial > 0) {
    notes.push(
      `latency: ${plural(partial, 'batch')} smaller than ${largest} rows counted in the throughput only ` +
        '(not in the quantiles, the ratio or the rules)',
    );
  }
  if (ratio.ci === null && ratio.reason !== null)
    notes.push(`latency: no interval for the ratio: ${ratio.reason}`);

  const comparisons =
    input.rules === undefined || input.rules.length === 0
      ? []
      : latencyComparisons({ candidateUs, baselineUs }, input.rules, {
          alpha,
          ...(input.correction === undefined ? {} : { correction: input.correction }),
          ...(input.seed === undefined ? {} : { seed: input.seed }),
          ...(input.resamples === undefined ? {} : { resamples: input.resamples }),
        });

  return {
    latency: {
      candidate: model(timings.candidateMs, bytes.candidate),
      baseline: model(timings.baselineMs, bytes.baseline),
      batches: full.length,
      warmupBatches: timings.warmupBatches,
      ratio: {
        // At least one full-size batch exists, so the ratio is defined.
        estimate: ratio.ratio as number,
        ci: ratio.ci,
        confidence,
        method: ratio.method,
      },
      comparisons,
    },
    notes,
  };
}
