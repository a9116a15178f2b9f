/**
 * Building blocks of the Markdown report, shared by its sections: bounded and escaped text, names in code
 * spans (in prose and in table cells), GFM tables, collapsible sections, capped lists with a "N more" line,
 * and the table of gate comparisons. Every string from the report goes through `text`, `name`, `path` or
 * `cellCode`; numbers through the formatters. No section writes a user value any other way.
 */
import type { ComparisonRow } from './describe-comparison.js';
import { formatInteger, pluralize, showControlCharacters, truncate } from './format.js';
import { escapeMarkdown, markdownCode } from './markdown-escape.js';

/** Limits that keep a comment well under GitHub's 65,536-character limit whatever the input files hold. */
export const LIMITS = {
  classesShown: 10,
  featuresShown: 200,
  tensorsShownPerModel: 40,
  reasonsShown: 20,
  notesShown: 50,
  droppedReasonsShown: 20,
  findingsShown: 5,
  sliceColumnsShown: 5,
  slicesShownPerColumn: 20,
  flipClassesShown: 15,
  flipTransitionsShown: 10,
  flipSliceColumnsShown: 5,
  flipSlicesShownPerColumn: 10,
  flipExamplesShown: 20,
  driftFeaturesShown: 25,
  qualityColumnsShown: 20,
  sectionRulesShown: 10,
  nameCharacters: 60,
  /** Slice values and ids in long lists: shorter than other names. */
  valueCharacters: 40,
  pathCharacters: 200,
  textCharacters: 1000,
} as const;

/** Where a list cut by the limits can be read in full. */
export const FULL_REPORT = 'the full report (report.json)';

/** Free text (reasons, notes, interpretations) from the report, escaped and bounded. */
export function text(value: string): string {
  return escapeMarkdown(truncate(value, LIMITS.textCharacters));
}

/** A user-provided name (column, class, input) in a code span, bounded. Not for table cells. */
export function name(value: string | number, maxCharacters: number = LIMITS.nameCharacters): string {
  return markdownCode(truncate(String(value), maxCharacters));
}

export function path(value: string): string {
  return markdownCode(truncate(value, LIMITS.pathCharacters));
}

/**
 * A code span that is safe inside a GFM table cell: GFM turns '\|' into '|' before inline parsing, so pipes
 * are escaped after the code span is built. A backslash right before a pipe cannot be written that way; such
 * a value falls back to escaped text.
 */
export function cellCode(value: string | number, maxCharacters: number = LIMITS.nameCharacters): string {
  const bounded = truncate(String(value), maxCharacters);
  if (showControlCharacters(bounded).includes('\\|')) return escapeMarkdown(bounded);
  return markdownCode(bounded).replaceAll('|', '\\|');
}

export type Alignment = 'left' | 'right' | 'center';

/** A GFM table; every row must have as many cells as there are headers. */
export function table(headers: string[], alignments: Alignment[], rows: string[][]): string {
  const delimiters = alignments.map((alignment) =>
    alignment === 'right' ? '--:' : alignment === 'center' ? ':-:' : ':--',
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell) => (cell === '' ? ' ' : cell)).join(' | ')} |`;
  return [line(headers), line(delimiters), ...rows.map(line)].join('\n');
}

/**
 * A table of at most `limit` rows; when rows are left out, a last row says how many, in the first cell,
 * with the other cells empty (so the column count stays the same).
 */
export function cappedTable(
  headers: string[],
  alignments: Alignment[],
  rows: string[][],
  limit: number,
  moreText: (hidden: number) => string,
): string {
  const shown = rows.slice(0, limit);
  const hidden = rows.length - shown.length;
  if (hidden > 0) shown.push([`*${moreText(hidden)}*`, ...headers.slice(1).map(() => '')]);
  return table(headers, alignments, shown);
}

/** A collapsible section. `summary` is our own words, never a user value. */
export function details(summary: string, body: string, open = false): string {
  // The blank lines matter: they end the HTML block so the body is parsed as Markdown.
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** At most `limit` items, then 'and N more'. */
export function listWithMore(items: string[], limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  const hidden = items.length - limit;
  return hidden > 0 ? `${shown} and ${formatInteger(hidden)} more` : shown;
}

/** A bullet list of free text, at most `limit` items, then an italic 'N more' line. */
export function bulletList(items: string[], limit: number, moreText: (hidden: number) => string): string {
  const lines = items.slice(0, limit).map((item) => `- ${text(item)}`);
  if (items.length > limit) lines.push(`- *${moreText(items.length - limit)}*`);
  return lines.join('\n');
}

/** '✅ improved', '❌ regressed', '⚠️ regressed (not blocking)'. */
export function outcomeCell(row: Pick<ComparisonRow, 'outcome' | 'blocking'>): string {
  const icons = {
    improved: '✅',
    'non-inferior': '✅',
    inconclusive: '⚠️',
    regressed: row.blocking ? '❌' : '⚠️',
  };
  return `${icons[row.outcome]} ${row.outcome}${row.blocking ? '' : ' (not blocking)'}`;
}

/** The gate's comparisons as a table (overall rules, latency or drift rules). */
export function comparisonTable(
  rows: ComparisonRow[],
  sharedConfidence: string | null,
  limit: number = Number.POSITIVE_INFINITY,
): string {
  const cells = rows.map((row) => [
    escapeMarkdown(truncate(row.metric, LIMITS.nameCharacters)),
    row.delta,
    sharedConfidence === null ? `${row.interval} (${row.confidence})` : row.interval,
    row.pValue,
    row.tolerance,
    outcomeCell(row),
    escapeMarkdown(truncate(row.method, LIMITS.nameCharacters)),
  ]);
  return cappedTable(
    [
      'metric',
      'Δ',
      sharedConfidence === null ? 'CI' : `${sharedConfidence} CI`,
      'p (adjusted)',
      'tolerance',
      'outcome',
      'method',
    ],
    ['left', 'right', 'center', 'right', 'right', 'left', 'left'],
    cells,
    limit,
    (hidden) => `${pluralize(hidden, 'more rule')} in ${FULL_REPORT}`,
  );
}
