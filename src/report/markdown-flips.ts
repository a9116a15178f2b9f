/**
 * The Markdown "Flips" section: how many rows became right (fixed) and wrong (broken), by true class worst
 * first, the largest prediction changes (baseline's class → candidate's class), by slice, and a few example
 * row ids in a nested collapsible section. Lists are capped (LIMITS); the rest is in report.json.
 */
import type { FlipRow, FlipsDescription } from './describe-flips.js';
import { formatNet } from './describe-flips.js';
import { formatInteger, pluralize, truncate } from './format.js';
import { FULL_REPORT, LIMITS, cappedTable, cellCode, details, name, text } from './markdown-blocks.js';

function countRows(rows: FlipRow[]): string[][] {
  return rows.map((row) => [
    cellCode(row.label, LIMITS.valueCharacters),
    formatInteger(row.fixed),
    formatInteger(row.broken),
    formatNet(row.net),
  ]);
}

function renderByClass(flips: FlipsDescription): string {
  const title = '**By true class** (worst first; net = fixed − broken)';
  if (flips.byClass.length === 0) return `${title}\n\n*No class has a flip.*`;
  const rendered = cappedTable(
    ['class', 'fixed', 'broken', 'net'],
    ['left', 'right', 'right', 'right'],
    countRows(flips.byClass),
    LIMITS.flipClassesShown,
    (hidden) => `${pluralize(hidden, 'more class', 'more classes')} in ${FULL_REPORT}`,
  );
  const without =
    flips.classesWithoutFlips > 0
      ? `\n\n${pluralize(flips.classesWithoutFlips, 'class', 'classes')} without any flip.`
      : '';
  return `${title}\n\n${rendered}${without}`;
}

function renderTransitions(flips: FlipsDescription): string {
  if (flips.transitions.length === 0) return '';
  const rows = flips.transitions.map((transition) => [
    cellCode(transition.from, LIMITS.valueCharacters),
    cellCode(transition.to, LIMITS.valueCharacters),
    formatInteger(transition.rows),
    formatInteger(transition.fixed),
    formatInteger(transition.broken),
  ]);
  const rendered = cappedTable(
    ['baseline predicted', 'candidate predicts', 'rows', 'became right', 'became wrong'],
    ['left', 'left', 'right', 'right', 'right'],
    rows,
    LIMITS.flipTransitionsShown,
    (hidden) => `${pluralize(hidden, 'more change')} in ${FULL_REPORT}`,
  );
  return `**Largest prediction changes**\n\n${rendered}`;
}

function renderBySlice(flips: FlipsDescription): string {
  if (flips.bySlice.length === 0) return '';
  const blocks = flips.bySlice.slice(0, LIMITS.flipSliceColumnsShown).map((column) => {
    if (column.rows.length === 0) return `By ${name(column.column)}: *no slice to show.*`;
    const rendered = cappedTable(
      ['value', 'fixed', 'broken', 'net'],
      ['left', 'right', 'right', 'right'],
      countRows(column.rows),
      LIMITS.flipSlicesShownPerColumn,
      (hidden) => `${pluralize(hidden, 'more slice')} in ${FULL_REPORT}`,
    );
    return `By ${name(column.column)}\n\n${rendered}`;
  });
  const hidden = flips.bySlice.length - LIMITS.flipSliceColumnsShown;
  if (hidden > 0) blocks.push(`*${pluralize(hidden, 'more slice column')} in ${FULL_REPORT}.*`);
  return `**By slice** (worst first)\n\n${blocks.join('\n\n')}`;
}

function idList(ids: string[]): string {
  if (ids.length === 0) return 'none';
  const shown = ids
    .slice(0, LIMITS.flipExamplesShown)
    .map((id) => name(truncate(id, LIMITS.valueCharacters)));
  const hidden = ids.length - shown.length;
  return shown.join(', ') + (hidden > 0 ? ` and ${formatInteger(hidden)} more` : '');
}

function renderExamples(flips: FlipsDescription): string {
  const examples = flips.examples;
  if (examples === null) return '';
  const body = [
    `Ids from the column ${name(examples.column)}; no feature values are shown.`,
    '',
    `- became wrong: ${idList(examples.broken)}`,
    `- became right: ${idList(examples.fixed)}`,
  ].join('\n');
  return details('Example rows', body);
}

/** The collapsed "Flips" section. */
export function renderFlipsMarkdown(flips: FlipsDescription): string {
  const lead = `${text(capitalize(flips.summary))}.`;
  const blocks = [
    lead,
    renderByClass(flips),
    renderTransitions(flips),
    renderBySlice(flips),
    renderExamples(flips),
  ];
  const summary = `Flips (${formatInteger(flips.fixed)} fixed, ${formatInteger(flips.broken)} broken)`;
  return details(summary, blocks.filter((block) => block !== '').join('\n\n'));
}

function capitalize(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
