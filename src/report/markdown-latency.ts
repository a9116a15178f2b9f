/**
 * The Markdown "Latency" section: the paired ratio of time per row with its interval, a table of time per row
 * and per batch (p50 / p95 / p99), throughput and model size for both models with candidate ÷ baseline, how it
 * was measured, and the latency rules of the policy when there are any.
 */
import type { LatencyDescription } from './describe-latency.js';
import { pluralize } from './format.js';
import { LIMITS, comparisonTable, details, table, text } from './markdown-blocks.js';

/** The collapsed "Latency" section. */
export function renderLatencyMarkdown(latency: LatencyDescription): string {
  const interval =
    latency.ratioInterval === null ? 'no interval' : `${latency.confidence} CI ${latency.ratioInterval}`;
  const lead =
    `The candidate takes **${latency.ratio}** the baseline's time per row (${interval}, ` +
    `${text(latency.method)}): **${latency.speed}**.`;
  const rendered = table(
    ['', 'baseline', 'candidate', 'candidate ÷ baseline'],
    ['left', 'right', 'right', 'right'],
    latency.rows.map((row) => [row.label, row.baseline, row.candidate, row.ratio]),
  );
  const method =
    `Measured on ${pluralize(latency.batches, 'timed batch', 'timed batches')} per model after ` +
    `${pluralize(latency.warmupBatches, 'warm-up batch', 'warm-up batches')}, the two models run in turn ` +
    'on the same batches; time per row = batch time ÷ rows in the batch.';
  const blocks = [lead, rendered, method];
  if (latency.comparisons.length > 0) {
    blocks.push(
      `**Latency rules** (worst first)\n\n${comparisonTable(latency.comparisons, latency.sharedConfidence, LIMITS.sectionRulesShown)}`,
    );
  }
  return details(`Latency (${latency.ratio} time per row, ${latency.speed})`, blocks.join('\n\n'));
}
