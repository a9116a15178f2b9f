/**
 * The report for a terminal: verdict line, regressions outside the overall metrics (slices, latency, drift),
 * metrics table with deltas, one entry per paired test with what it means, the gate's comparisons, the worst
 * few slices, flips, latency and drift in a line or two each, models, dropped rows and notes, fitted to
 * `width` columns (100 by default). The Markdown and JSON reports have the full lists.
 *
 * Colour comes from picocolors, forced on or off by `options.color` (the CLI decides from the TTY and
 * NO_COLOR). With `color: false` the output holds no ANSI escape at all, and text from the report is always
 * cleaned of control characters, so a hostile column name cannot move the cursor or recolour the screen.
 * The paths of written files are not listed: the CLI prints those.
 */
import picocolors from 'picocolors';

import type { DriftDescription } from './describe-drift.js';
import type { FlipsDescription } from './describe-flips.js';
import { formatNet } from './describe-flips.js';
import type { LatencyDescription } from './describe-latency.js';
import { describePlaces } from './describe-comparison.js';
import type {
  ComparisonRow,
  Favours,
  FindingGroup,
  MetricRow,
  ReportDescription,
} from './describe-report.js';
import { describeReport } from './describe-report.js';
import type { SliceRow, SlicesDescription } from './describe-slices.js';
import { compareSliceRows } from './describe-slices.js';
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

/** Findings and slices shown in the terminal; the JSON report has the rest. */
const SHOWN = { findings: 5, slices: 5, reasons: 20, driftFeatures: 3 } as const;

function findingPlace(group: FindingGroup): string {
  const { scope } = group;
  if (scope.kind !== 'slice') return scope.kind;
  return `${clean(scope.column, 40)} = ${clean(scope.value, 40)} (${pluralize(scope.n, 'row')})`;
}

/** Regressions outside the overall rules, under the verdict: a slice can regress while every metric improves. */
function renderFindings(description: ReportDescription, palette: Palette, width: number): string[] {
  const { findingGroups: groups, overall } = description;
  const standing =
    overall === 'better'
      ? 'Better overall, but'
      : overall === 'not worse'
        ? 'Not worse overall, but'
        : 'Also';
  const lines = [`${INDENT}${palette.strong(`${standing} worse on ${describePlaces(groups)}:`)}`];
  for (const group of groups.slice(0, SHOWN.findings)) {
    const [first, ...others] = group.findings;
    if (first === undefined) continue;
    const interval = first.interval === MISSING ? '' : `, ${first.confidence} CI ${first.interval}`;
    const values =
      first.baseline === MISSING && first.candidate === MISSING
        ? ''
        : `${first.baseline} → ${first.candidate}, `;
    const also =
      others.length === 0
        ? ''
        : `; also regressed: ${others
            .slice(0, SHOWN.findings)
            .map((finding) => clean(finding.metric, 40))
            .join(', ')}${others.length > SHOWN.findings ? ' and more' : ''}`;
    const entry =
      `${findingPlace(group)}: ${clean(first.change, 300)}${first.blocking ? '' : ' (not blocking)'}; ` +
      `${values}Δ ${first.delta}${interval}${also}`;
    const paint = group.blocking ? palette.bad : palette.warn;
    const mark = group.blocking ? '✖ ' : '! ';
    lines.push(...wrapText(entry, width, `${INDENT}${mark}`, `${INDENT}  `).map(paint));
  }
  const hidden = groups.length - SHOWN.findings;
  if (hidden > 0) {
    lines.push(
      `${INDENT}  ${describePlaces(groups.slice(SHOWN.findings), 'more')}: see below and the JSON report`,
    );
  }
  return lines;
}

function renderVerdict(description: ReportDescription, palette: Palette, width: number): string[] {
  const pass = description.verdict === 'pass';
  const badge = pass ? '✔ PASS' : '✖ FAIL';
  const paintBadge = pass ? palette.verdictPass : palette.verdictFail;
  const [first = '', ...rest] = wrapText(`model-gate: ${clean(description.headline, 300)}`, width - 8);
  const lines = [`${paintBadge(badge)}  ${palette.strong(first)}`, ...rest.map((line) => `        ${line}`)];
  if (description.findings.length > 0) lines.push(...renderFindings(description, palette, width));
  for (const reason of description.reasons.slice(0, SHOWN.reasons)) {
    lines.push(...wrapText(clean(reason, 500), width, `${INDENT}- `, `${INDENT}  `));
  }
  if (description.reasons.length > SHOWN.reasons) {
    lines.push(
      `${INDENT}- ${pluralize(description.reasons.length - SHOWN.reasons, 'more reason')} in the JSON report`,
    );
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

function paintSliceOutcome(row: SliceRow, palette: Palette): Paint {
  if (row.outcome === 'regressed') return row.blocking ? palette.bad : palette.warn;
  if (row.outcome === 'inconclusive') return palette.warn;
  if (row.outcome === null) return (text) => text;
  return palette.good;
}

/** The worst few slices over every column, as a table (or one entry per slice when too narrow). */
function renderSlices(slices: SlicesDescription, palette: Palette, width: number): string[] {
  const all = slices.columns
    .flatMap((column) => column.rows.map((row) => ({ column, row })))
    .sort((a, b) => compareSliceRows(a.row, b.row));
  // A single hidden slice is shown rather than announced.
  const shown = all.length <= SHOWN.slices + 1 ? all : all.slice(0, SHOWN.slices);
  const suppressed =
    slices.minSize === null
      ? ''
      : `; ${formatInteger(slices.suppressed)} suppressed: fewer than ${pluralize(slices.minSize, 'row')}`;
  const which =
    shown.length === all.length
      ? `all ${formatInteger(all.length)}, worst first`
      : `worst ${formatInteger(shown.length)} of ${formatInteger(all.length)}`;
  const subtitle = `(${which}${suppressed})`;
  const lines = heading('Slices', subtitle, palette, width);
  if (shown.length === 0) return [...lines, `${INDENT}no slice to show`];
  const columns: TableColumn[] = [
    { header: 'slice (column)', align: 'left', shrinkable: true },
    { header: 'rows', align: 'right' },
    { header: 'metric', align: 'left', shrinkable: true },
    { header: 'baseline → candidate', align: 'right' },
    { header: 'Δ (+ better)', align: 'right' },
    { header: 'outcome', align: 'left' },
  ];
  const cells = shown.map(({ column, row }) => {
    const outcome =
      row.outcome === null
        ? MISSING
        : `${row.outcome}${row.blocking ? '' : ' (warn)'}${row.worstMetric === null ? '' : `: ${clean(row.worstMetric, 30)}`}`;
    return [
      // Value first: when the table must shrink, the column name is cut before the value.
      { text: `${clean(row.value, 30)} (${clean(column.column, 40)})` },
      { text: formatInteger(row.n) },
      { text: column.keyMetric === null ? MISSING : clean(column.keyMetric, 30) },
      { text: `${row.baseline} → ${row.candidate}` },
      { text: row.delta },
      { text: outcome, paint: paintSliceOutcome(row, palette) },
    ];
  });
  const table =
    layoutTable(columns, cells, width, INDENT, palette.strong) ??
    cells.flatMap((row) => {
      const [slice, rows, metric, values, delta, outcome] = row.map((cell) => cell.text);
      const entry = `${slice ?? ''}, ${rows ?? ''} rows: ${outcome ?? ''}; ${metric ?? ''} ${values ?? ''}, Δ ${delta ?? ''}`;
      return wrapText(entry, width, INDENT, INDENT + '  ').map(row[5]?.paint ?? ((line) => line));
    });
  lines.push(...table);
  if (all.length > shown.length) {
    lines.push(`${INDENT}${pluralize(all.length - shown.length, 'more slice')} in the JSON report`);
  }
  return lines;
}

function renderFlips(flips: FlipsDescription, palette: Palette, width: number): string[] {
  const parts = [
    `${formatInteger(flips.fixed)} fixed, ${formatInteger(flips.broken)} broken (net ${formatNet(flips.net)})`,
  ];
  const [worstClass] = flips.byClass;
  if (worstClass !== undefined && worstClass.net < 0) {
    parts.push(
      `worst class ${clean(worstClass.label, 30)} (net ${formatNet(worstClass.net)}: ` +
        `${formatInteger(worstClass.broken)} broken, ${formatInteger(worstClass.fixed)} fixed)`,
    );
  }
  const [largest] = flips.transitions;
  if (largest !== undefined) {
    parts.push(
      `largest change ${clean(largest.from, 30)} → ${clean(largest.to, 30)} (${pluralize(largest.rows, 'row')})`,
    );
  }
  const paint = flips.net < 0 ? palette.bad : flips.net > 0 ? palette.good : (text: string) => text;
  return [palette.strong('Flips'), ...wrapText(parts.join('; '), width, INDENT, INDENT + '  ').map(paint)];
}

function renderLatency(latency: LatencyDescription, palette: Palette, width: number): string[] {
  const [perRow] = latency.rows;
  const throughput = latency.rows.find((row) => row.label === 'throughput');
  const size = latency.rows.find((row) => row.label === 'model size');
  const parts = [latency.summary];
  if (perRow !== undefined) parts.push(`per row p50 ${perRow.candidate} vs ${perRow.baseline}`);
  if (throughput !== undefined) parts.push(`${throughput.candidate} vs ${throughput.baseline}`);
  if (size !== undefined) parts.push(`size ${size.candidate} vs ${size.baseline}`);
  const text = `${parts.join('; ')} (candidate vs baseline)`;
  const paint = latency.speed === 'slower' ? palette.warn : (line: string) => line;
  return [palette.strong('Latency'), ...wrapText(text, width, INDENT, INDENT + '  ').map(paint)];
}

function renderDrift(drift: DriftDescription, palette: Palette, width: number): string[] {
  const lines = [palette.strong('Drift')];
  if (drift.features.length > 0) {
    const top = drift.features
      .slice(0, SHOWN.driftFeatures)
      .map(
        (row) =>
          `${clean(row.feature, 40)} ${row.psi}${row.level === 'stable' || row.level === 'unknown' ? '' : ` (${row.level})`}`,
      );
    const text =
      `PSI against the reference: ${formatInteger(drift.counts.major)} major, ` +
      `${formatInteger(drift.counts.moderate)} moderate of ${pluralize(drift.features.length, 'feature')}; ` +
      `largest: ${top.join(', ')}`;
    const paint = drift.counts.major > 0 ? palette.warn : (line: string) => line;
    lines.push(...wrapText(text, width, `${INDENT}- `, `${INDENT}  `).map(paint));
  } else if (drift.reference === null) {
    lines.push(`${INDENT}- no reference sample: feature drift not measured`);
  }
  if (drift.prediction !== null) {
    lines.push(
      ...wrapText(
        `prediction (candidate vs baseline scores): ${drift.prediction}`,
        width,
        `${INDENT}- `,
        `${INDENT}  `,
      ),
    );
  }
  if (drift.quality.length > 0) {
    const missing = drift.quality.filter((row) => row.missing > 0).length;
    const constant = drift.quality.filter((row) => row.constant).length;
    const outside = drift.quality.filter((row) => (row.outOfRange ?? 0) > 0).length;
    const text =
      `data quality: ${pluralize(missing, 'column')} with missing values, ${formatInteger(constant)} constant, ` +
      `${formatInteger(outside)} with values outside the reference range`;
    lines.push(...wrapText(text, width, `${INDENT}- `, `${INDENT}  `));
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
  if (description.slices !== null) sections.push(renderSlices(description.slices, palette, width));
  if (description.flips !== null) sections.push(renderFlips(description.flips, palette, width));
  if (description.latency !== null) sections.push(renderLatency(description.latency, palette, width));
  if (description.drift !== null) sections.push(renderDrift(description.drift, palette, width));
  sections.push(renderModels(report, palette, width));
  if (report.notes.length > 0) sections.push(renderNotes(report, palette, width));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
