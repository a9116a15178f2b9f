/**
 * The Markdown "Slices" section: per slice column, a compact table of the slices worst first (value, rows, the
 * column's key metric baseline → candidate, Δ with its interval, outcome), regressed slices flagged ❌, and
 * how many slices were too small to test or show. Lists are capped (LIMITS); the rest is in report.json.
 */
import type { SliceColumnDescription, SliceRow, SlicesDescription } from './describe-slices.js';
import { MISSING, formatInteger, pluralize } from './format.js';
import { FULL_REPORT, LIMITS, cappedTable, cellCode, details, name, outcomeCell } from './markdown-blocks.js';
import { escapeMarkdown } from './markdown-escape.js';

function outcome(row: SliceRow): string {
  if (row.outcome === null) return MISSING;
  const cell = outcomeCell({ outcome: row.outcome, blocking: row.blocking });
  return row.worstMetric === null ? cell : `${cell}: ${escapeMarkdown(row.worstMetric)}`;
}

function columnCounts(column: SliceColumnDescription): string {
  const parts = [pluralize(column.rows.length, 'slice')];
  if (column.regressed > 0) parts.push(`${formatInteger(column.regressed)} regressed`);
  if (column.suppressed > 0) parts.push(`${formatInteger(column.suppressed)} too small, not shown`);
  return parts.join(', ');
}

function renderColumn(
  column: SliceColumnDescription,
  minSize: number | null,
  sharedConfidence: string | null,
): string {
  const title = `**${name(column.column)}** (${columnCounts(column)})`;
  if (column.rows.length === 0) {
    const reason = minSize === null ? '' : ` with at least ${pluralize(minSize, 'row')}`;
    return `${title}\n\n*No slice${reason} to show.*`;
  }
  const metric = column.keyMetric === null ? 'metric' : escapeMarkdown(column.keyMetric);
  const rows = column.rows.map((row) => [
    cellCode(row.value, LIMITS.valueCharacters),
    formatInteger(row.n),
    `${row.baseline} → ${row.candidate}`,
    row.interval === MISSING ? row.delta : `${row.delta} ${row.interval}`,
    outcome(row),
  ]);
  const rendered = cappedTable(
    [
      'value',
      'rows',
      `${metric}: baseline → candidate`,
      sharedConfidence === null ? 'Δ (CI)' : `Δ (${sharedConfidence} CI)`,
      'outcome',
    ],
    ['left', 'right', 'right', 'left', 'left'],
    rows,
    LIMITS.slicesShownPerColumn,
    (hidden) => `${pluralize(hidden, 'more slice')} in ${FULL_REPORT}`,
  );
  return `${title}\n\n${rendered}`;
}

/** The collapsed "Slices" section. */
export function renderSlicesMarkdown(slices: SlicesDescription): string {
  const counts = [`${formatInteger(slices.shown)} shown`];
  if (slices.regressed > 0) counts.push(`${formatInteger(slices.regressed)} regressed`);
  if (slices.suppressed > 0) counts.push(`${formatInteger(slices.suppressed)} suppressed`);
  const intro = [
    'Worst first. The gate tests each slice with the same rules as the whole holdout set; a blocking ' +
      'regression on a slice fails the gate like an overall one. Δ = candidate − baseline, oriented so that ' +
      'positive is better.',
  ];
  if (slices.minSize !== null) {
    intro.push(
      `Slices with fewer than ${pluralize(slices.minSize, 'row')} are neither tested nor shown: ` +
        `${formatInteger(slices.suppressed)} suppressed.`,
    );
  }
  const columns = slices.columns
    .slice(0, LIMITS.sliceColumnsShown)
    .map((column) => renderColumn(column, slices.minSize, slices.sharedConfidence));
  const hiddenColumns = slices.columns.length - LIMITS.sliceColumnsShown;
  if (hiddenColumns > 0)
    columns.push(`*${pluralize(hiddenColumns, 'more slice column')} in ${FULL_REPORT}.*`);
  if (slices.columns.length === 0) columns.push('*No slice column.*');
  return details(`Slices (${counts.join(', ')})`, [intro.join(' '), ...columns].join('\n\n'));
}
