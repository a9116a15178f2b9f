/**
 * The report for a terminal: verdict line, metrics table with deltas, one entry per paired test with what it
 * means, the gate's comparisons, models, dropped rows and notes, fitted to `width` columns (100 by default).
 *
 * Colour comes from picocolors, forced on or off by `options.color` (the CLI decides from the TTY and
 * NO_COLOR). With `color: false` the output holds no ANSI escape at all, and text from the report is always
 * cleaned of control characters, so a hostile column name cannot move the cursor or recolour the screen.
 * The paths of written files are not listed: the CLI prints those.
 */
import picocolors from 'picocolors';

import type { ComparisonRow, Favours, MetricRow, ReportDescription } from './describe-report.js';
import { describeReport } from './describe-report.js';
import { MISSING, formatBytes, formatInteger, pluralize, showControlCharacters, truncate } from './format.js';
import { layoutTable, wrapText } from './terminal-text.js';
import type { TableCell, TableColumn } from './terminal-text.js';
import type { Report } from './types.js';

export interface TerminalOptions {
  color: boolean;
  /** Columns available; 100 when omitted. Values below 60 are treated as 60. */
  width?: number;
}

type Paint = (text: string) => string;

interface Palette {
  good: Paint;
  bad: Paint;
  warn: Paint;
  strong: Paint;
  dim: Paint;
  verdictPass: Paint;
  verdictFail: Paint;
}

function paletteFor(color: boolean): Palette {
  const colors = picocolors.createColors(color);
  return {
    good: colors.green,
    bad: colors.red,
    warn: colors.yellow,
    strong: colors.bold,
    dim: colors.dim,
    verdictPass: (text) => colors.bold(colors.green(text)),
    verdictFail: (text) => colors.bold(colors.red(text)),
  };
}

/** Report text is shown with its control characters made visible, and bounded. */
function clean(text: string | number, maxCharacters = 200): string {
  return truncate(showControlCharacters(String(text)), maxCharacters);
}

const INDENT = '  ';

/** A section title in bold with a dim subtitle, on the same line when it fits. */
function heading(title: string, subtitle: string, palette: Palette, width: number): string[] {
  if (title.length + 1 + subtitle.length <= width)
    return [palette.strong(title) + palette.dim(` ${subtitle}`)];
  return [palette.strong(title), ...wrapText(subtitle, width, INDENT).map(palette.dim)];
}

function renderVerdict(description: ReportDescription, palette: Palette, width: number): string[] {
  const pass = description.verdict === 'pass';
  const badge = pass ? '✔ PASS' : '✖ FAIL';
  const paintBadge = pass ? palette.verdictPass : palette.verdictFail;
  const [first = '', ...rest] = wrapText(`model-gate: ${clean(description.headline, 300)}`, width - 8);
  const lines = [`${paintBadge(badge)}  ${palette.strong(first)}`, ...rest.map((line) => `        ${line}`)];
  for (const reason of description.reasons.slice(0, 20)) {
    lines.push(...wrapText(clean(reason, 500), width, `${INDENT}- `, `${INDENT}  `));
  }
  if (description.reasons.length > 20) {
    lines.push(`${INDENT}- ${pluralize(description.reasons.length - 20, 'more reason')} in the JSON report`);
  }
  return lines;
}

function renderContext(report: Report, palette: Palette, width: number): string[] {
  const task = report.task === 'regression' ? 'regression' : `${report.task} classification`;
  const dropped = report.data.rowsRead - report.n;
  const rows =
    dropped > 0
      ? `${formatInteger(report.n)} of ${formatInteger(report.data.rowsRead)} rows (${formatInteger(dropped)} dropped)`
      : pluralize(report.n, 'row');
  const parts = [task, rows];
  if (report.classes !== undefined && report.classes.length > 0) {
    const shown = report.classes.slice(0, 8).map((label) => clean(label, 24));
    const hidden = report.classes.length - shown.length;
    const list = shown.join(', ') + (hidden > 0 ? ` and ${formatInteger(hidden)} more` : '');
    parts.push(`${pluralize(report.classes.length, 'class', 'classes')}: ${list}`);
  }
  parts.push(`data ${clean(report.data.path, 80)}`, `label ${clean(report.data.label, 40)}`);
  return wrapText(parts.join(' · '), width, INDENT).map(palette.dim);
}

function changeCell(row: MetricRow, palette: Palette): TableCell {
  if (row.change === null) return { text: MISSING };
  const { arrow, delta, judgement } = row.change;
  const text = judgement === null ? `${arrow} ${delta}` : `${arrow} ${delta} ${judgement}`;
  if (judgement === 'better') return { text, paint: palette.good };
  if (judgement === 'worse') return { text, paint: palette.bad };
  return { text };
}

function renderMetrics(description: ReportDescription, palette: Palette, width: number): string[] {
  if (description.metrics.length === 0) return [`${INDENT}No metrics were computed.`];
  const columns: TableColumn[] = [
    { header: 'metric', align: 'left', shrinkable: true },
    { header: 'baseline', align: 'right' },
    { header: 'candidate', align: 'right' },
    { header: 'Δ candidate - baseline', align: 'left' },
  ];
  const rows = description.metrics.map((row) => [
    { text: clean(row.metric, 40) },
    { text: row.baseline },
    { text: row.candidate },
    changeCell(row, palette),
  ]);
  // Too narrow for columns: one wrapped line per metric.
  const lines =
    layoutTable(columns, rows, width, INDENT, palette.strong) ??
    description.metrics.flatMap((row, index) => {
      const change = rows[index]?.[3] ?? { text: MISSING };
      const text = `${clean(row.metric, 40)}: ${row.baseline} → ${row.candidate}  ${change.text}`;
      return wrapText(text, width, INDENT, INDENT + '  ').map(change.paint ?? ((line) => line));
    });
  if (description.hasMissingMetrics) {
    lines.push(
      ...wrapText(
        `${MISSING} not defined for these data or not produced by the model; see the notes.`,
        width,
        INDENT,
      ).map(palette.dim),
    );
  }
  return lines;
}

function paintFavours(favours: Favours, palette: Palette): Paint {
  if (favours === 'candidate') return palette.good;
  if (favours === 'baseline') return palette.bad;
  return (text) => text;
}

function renderTests(description: ReportDescription, palette: Palette, width: number): string[] {
  const lines = heading('Paired tests', '(same rows, two-sided, H0: no difference)', palette, width);
  if (description.tests.length === 0) {
    return [...lines, `${INDENT}none: there is no baseline model to compare with yet`];
  }
  const nameWidth = Math.max(...description.tests.map((test) => test.name.length));
  const hanging = INDENT + ' '.repeat(nameWidth + 2);
  for (const test of description.tests) {
    const label = `${INDENT}${test.name.padEnd(nameWidth)}  `;
    const wrapped = wrapText(
      `${clean(test.numbers, 300)} — ${clean(test.meaning, 300)}`,
      width,
      label,
      hanging,
    );
    const paint = paintFavours(test.favours, palette);
    lines.push(
      ...wrapped.map((line, index) =>
        index === 0 ? palette.strong(label) + paint(line.slice(label.length)) : paint(line),
      ),
    );
  }
  return lines;
}

function paintOutcome(row: ComparisonRow, palette: Palette): Paint {
  if (row.outcome === 'regressed') return row.blocking ? palette.bad : palette.warn;
  if (row.outcome === 'inconclusive') return palette.warn;
  return palette.good;
}

function renderComparisons(description: ReportDescription, palette: Palette, width: number): string[] {
  const confidence = description.sharedConfidence;
  const columns: TableColumn[] = [
    { header: 'metric', align: 'left', shrinkable: true },
    { header: 'Δ (+ better)', align: 'right' },
    { header: confidence === null ? 'CI' : `${confidence} CI`, align: 'left' },
    { header: 'p (adj.)', align: 'right' },
    { header: 'tolerance', align: 'right' },
    { header: 'outcome', align: 'left' },
    { header: 'method', align: 'left', shrinkable: true, dropBelow: 16 },
  ];
  const rows = description.comparisons.map((row) => [
    { text: clean(row.metric, 40) },
    { text: row.delta },
    { text: confidence === null ? `${row.interval} ${row.confidence}` : row.interval },
    { text: row.pValue },
    { text: row.tolerance },
    { text: row.blocking ? row.outcome : `${row.outcome} (warn)`, paint: paintOutcome(row, palette) },
    { text: clean(row.method, 60) },
  ]);
  // Too narrow for columns: one wrapped entry per rule.
  const lines =
    layoutTable(columns, rows, width, INDENT, palette.strong) ??
    description.comparisons.flatMap((row, index) => {
      const outcome = rows[index]?.[5] ?? { text: row.outcome };
      const interval = `${confidence ?? row.confidence} CI ${row.interval}`;
      const text =
        `${clean(row.metric, 40)}: ${outcome.text}; Δ ${row.delta}, ${interval}, p ${row.pValue}, ` +
        `tolerance ${row.tolerance}, ${clean(row.method, 60)}`;
      return wrapText(text, width, INDENT, INDENT + '  ').map(outcome.paint ?? ((line) => line));
    });
  const legend = '(Δ oriented so that positive is better; warn = not blocking)';
  return [...heading('Gate rules', legend, palette, width), ...lines];
}

function renderModels(report: Report, palette: Palette, width: number): string[] {
  const lines = [palette.strong('Models')];
  for (const role of ['baseline', 'candidate'] as const) {
    const model = report.models[role];
    if (model === null) {
      lines.push(`${INDENT}${role.padEnd(9)}  none yet: the candidate is reported alone`);
      continue;
    }
    const facts =
      `${clean(model.path, 120)} (sha256 ${clean(model.sha256.slice(0, 12))}, ${formatBytes(model.bytes)}) — ` +
      clean(model.interpretation, 300);
    lines.push(...wrapText(facts, width, `${INDENT}${role.padEnd(9)}  `, INDENT + ' '.repeat(11)));
  }
  const dropped = Object.entries(report.data.rowsDropped);
  if (dropped.length > 0) {
    lines.push(palette.strong('Rows dropped'));
    for (const [reason, count] of dropped.slice(0, 20)) {
      lines.push(
        ...wrapText(`${formatInteger(count)}: ${clean(reason, 300)}`, width, `${INDENT}- `, `${INDENT}  `),
      );
    }
  }
  return lines;
}

function renderNotes(report: Report, palette: Palette, width: number): string[] {
  const lines = [palette.strong('Notes')];
  for (const note of report.notes.slice(0, 50)) {
    lines.push(...wrapText(clean(note, 500), width, `${INDENT}- `, `${INDENT}  `));
  }
  if (report.notes.length > 50) {
    lines.push(`${INDENT}- ${pluralize(report.notes.length - 50, 'more note')} in the JSON report`);
  }
  return lines;
}

/** The report for a terminal, lines separated by '\n', ending with a newline. */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const width = Math.max(60, Math.floor(options.width ?? 100));
  const palette = paletteFor(options.color);
  const description = describeReport(report);
  const sections = [
    [...renderVerdict(description, palette, width), ...renderContext(report, palette, width)],
    renderMetrics(description, palette, width),
    renderTests(description, palette, width),
  ];
  if (description.comparisons.length > 0) sections.push(renderComparisons(description, palette, width));
  sections.push(renderModels(report, palette, width));
  if (report.notes.length > 0) sections.push(renderNotes(report, palette, width));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
