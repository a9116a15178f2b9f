/**
 * The HTML report: one self-contained file (written by the CLI's --html, uploaded with the report artifact)
 * with the same content as the Markdown comment, in more detail, and charts drawn as inline SVG.
 *
 * Self-contained and inert: inline CSS, inline SVG, no script, no external resource of any kind (fonts,
 * images, styles), and a Content-Security-Policy meta tag that forbids scripts, remote loads, forms, frames
 * and plugins, and allows only the one stylesheet of the document (by its SHA-256 hash), so even an injected
 * style would not apply. Every string from the report goes through escapeHtml; numbers go through the shared
 * formatters, and the words come from describeReport, so the HTML says what the Markdown says.
 * Verdict first, then: metrics, gate rules (forest plot + full table), paired tests, slices, ROC curves,
 * calibration, latency, flips, drift, models, data, notes, method.
 * Pure: the output depends on the report and the chart data only (no clock, no locale, no environment).
 */
import { createHash } from 'node:crypto';

import type { ChartData, ReliabilityDiagram } from './chart-data.js';
import type { ComparisonRow, MetricRow, ReportDescription } from './describe-report.js';
import { describeMethod, describeReport, describeTimings } from './describe-report.js';
import {
  MISSING,
  formatBytes,
  formatInteger,
  formatNumber,
  formatPValue,
  formatPercent,
  formatShape,
  formatSigned,
  pluralize,
  truncate,
} from './format.js';
import { escapeHtml, htmlElement } from './html-escape.js';
import type { ForestRow } from './svg-charts.js';
import {
  deltaSummary,
  forestPlotSvg,
  latencyChartSvg,
  reliabilityChartSvg,
  rocChartSvg,
} from './svg-charts.js';
import type { Comparison, ModelFacts, Report, TensorDescription } from './types.js';

/** Bounds that keep the document a reasonable size whatever the input files hold. */
const LIMITS = {
  nameCharacters: 200,
  pathCharacters: 500,
  textCharacters: 2000,
  features: 2000,
  tensorsPerModel: 200,
  notes: 500,
  reasons: 200,
  droppedReasons: 100,
  sliceValuesPerColumn: 200,
  sliceMetricsCharted: 8,
  driftFeatures: 500,
} as const;

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0;
  --panel: #f6f8fa; --grid: #e6e9ed; --candidate: #2563eb; --baseline: #ea580c; --reference: #8c959f;
  --tolerance: #cf222e; --improved: #1a7f37; --non-inferior: #0969da; --inconclusive: #9a6700;
  --regressed: #cf222e; --pass-bg: #dafbe1; --fail-bg: #ffebe9; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1;
  --border: #3d444d; --panel: #151b23; --grid: #262c36; --candidate: #4493f8; --baseline: #f0883e;
  --reference: #6e7681; --tolerance: #f85149; --improved: #3fb950; --non-inferior: #4493f8;
  --inconclusive: #d29922; --regressed: #f85149; --pass-bg: #12261e; --fail-bg: #25171c; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h3 { font-size: 15px; margin: 20px 0 6px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, monospace; font-size: 12px;
  background: var(--panel); border-radius: 4px; padding: 1px 4px; overflow-wrap: break-word; }
.verdict { border-radius: 8px; padding: 16px 20px; border: 1px solid var(--border); }
.verdict.pass { background: var(--pass-bg); border-color: var(--improved); }
.verdict.fail { background: var(--fail-bg); border-color: var(--regressed); }
.verdict ul { margin: 8px 0 0; padding-left: 20px; }
.verdict-mark { display: inline-block; border-radius: 6px; padding: 0 10px; margin-right: 6px; color: #ffffff;
  font-size: 18px; vertical-align: 3px; letter-spacing: 0.05em; }
.verdict-mark.pass { background: var(--improved); } .verdict-mark.fail { background: var(--regressed); }
.context { color: var(--muted); margin: 12px 0 0; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.muted { color: var(--muted); fill: var(--muted); }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600;
  color: #ffffff; white-space: nowrap; }
.badge.improved { background: var(--improved); } .badge.non-inferior { background: var(--non-inferior); }
.badge.inconclusive { background: var(--inconclusive); } .badge.regressed { background: var(--regressed); }
.better { color: var(--improved); } .worse { color: var(--regressed); font-weight: 600; }
figure { margin: 12px 0; } figcaption { color: var(--muted); font-size: 13px; max-width: 760px; }
svg.chart { max-width: 100%; height: auto; display: block; background: var(--bg); }
svg.chart text { fill: var(--fg); } svg.chart text.tick, svg.chart text.muted { fill: var(--muted); }
svg.chart text.axis-title { fill: var(--muted); font-size: 12px; }
svg.chart text.number { font-variant-numeric: tabular-nums; }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .frame { fill: none; stroke: var(--border); }
svg.chart .zero { stroke: var(--reference); stroke-width: 1.5; }
svg.chart .tolerance { stroke: var(--tolerance); stroke-width: 1.5; stroke-dasharray: 5 3; }
svg.chart .chance { stroke: var(--reference); stroke-width: 1.5; stroke-dasharray: 4 4; fill: none; }
svg.chart .curve { fill: none; stroke-width: 2.5; stroke-linejoin: round; }
svg.chart .swatch { stroke-width: 4; }
svg.chart .series-candidate { stroke: var(--candidate); } svg.chart .series-baseline { stroke: var(--baseline); }
svg.chart .marker.series-candidate, svg.chart .bar.series-candidate { fill: var(--candidate); }
svg.chart .marker.series-baseline, svg.chart .bar.series-baseline { fill: var(--baseline); }
svg.chart .marker { stroke: var(--bg); stroke-width: 1; fill-opacity: 0.85; }
svg.chart .interval { stroke-width: 4; stroke-linecap: round; stroke-opacity: 0.45; }
svg.chart .delta { stroke-width: 2; }
svg.chart .outcome-improved { stroke: var(--improved); fill: var(--improved); }
svg.chart .outcome-non-inferior { stroke: var(--non-inferior); fill: var(--non-inferior); }
svg.chart .outcome-inconclusive { stroke: var(--inconclusive); fill: var(--inconclusive); }
svg.chart .outcome-regressed { stroke: var(--regressed); fill: var(--regressed); }
svg.chart .hollow { fill: var(--bg); }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: 600; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;

const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

/** No scripts, no remote loads, no forms or frames; only this document's stylesheet and data: images. */
export const CONTENT_SECURITY_POLICY =
  `default-src 'none'; script-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:; ` +
  "font-src 'none'; connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

// --- Small builders --------------------------------------------------------------------------------------

/** Text from the report as a sentence: capital first letter, final period. */
function sentence(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

/** User text, bounded and escaped. */
function text(value: string, maxCharacters: number = LIMITS.textCharacters): string {
  return escapeHtml(truncate(value, maxCharacters));
}

/** A user-provided name (column, class, input, path) as code. */
function code(value: string | number, maxCharacters: number = LIMITS.nameCharacters): string {
  const shown = String(value);
  return shown === '' ? '<em>(empty)</em>' : htmlElement('code', {}, text(shown, maxCharacters));
}

interface Cell {
  html: string;
  numeric?: boolean;
}

function table(headers: Array<string | Cell>, rows: Array<Array<string | Cell>>, className?: string): string {
  const cell = (tag: 'th' | 'td', value: string | Cell): string => {
    const content = typeof value === 'string' ? { html: value } : value;
    return htmlElement(tag, { class: content.numeric ? 'number' : undefined }, content.html);
  };
  const head = htmlElement(
    'thead',
    {},
    htmlElement('tr', {}, headers.map((value) => cell('th', value)).join('')),
  );
  const body = htmlElement(
    'tbody',
    {},
    rows.map((row) => htmlElement('tr', {}, row.map((value) => cell('td', value)).join(''))).join(''),
  );
  return htmlElement('div', { class: 'table-wrap' }, htmlElement('table', { class: className }, head + body));
}

const numeric = (html: string): Cell => ({ html, numeric: true });

function section(id: string, title: string, content: string): string {
  return htmlElement('section', { id }, htmlElement('h2', {}, escapeHtml(title)) + content);
}

function paragraph(html: string, className?: string): string {
  return htmlElement('p', { class: className }, html);
}

function list(items: string[]): string {
  return htmlElement('ul', {}, items.map((item) => htmlElement('li', {}, item)).join(''));
}

function figure(svg: string, caption: string): string {
  return htmlElement('figure', {}, svg + htmlElement('figcaption', {}, caption));
}

function moreLine(hidden: number, what: string): string {
  return hidden > 0
    ? paragraph(escapeHtml(`… and ${pluralize(hidden, what)} more in report.json.`), 'muted')
    : '';
}

function badge(outcome: Comparison['outcome'], blocking: boolean): string {
  return (
    htmlElement('span', { class: `badge ${outcome}` }, escapeHtml(outcome)) +
    (blocking ? '' : htmlElement('span', { class: 'muted' }, ' not blocking'))
  );
}

// --- Sections --------------------------------------------------------------------------------------------

function renderVerdict(report: Report, description: ReportDescription): string {
  // A text badge, not an emoji: it reads the same on machines without an emoji font.
  const mark = htmlElement(
    'span',
    { class: `verdict-mark ${description.verdict}` },
    description.verdict === 'pass' ? 'PASS' : 'FAIL',
  );
  const heading = htmlElement('h1', {}, `${mark} model-gate: ${text(description.headline)}`);
  const reasons = description.reasons.slice(0, LIMITS.reasons).map((reason) => text(reason));
  const hidden = description.reasons.length - reasons.length;
  if (hidden > 0) reasons.push(escapeHtml(`${pluralize(hidden, 'more reason')} in report.json`));
  const warned = report.gate.warned
    ? paragraph(escapeHtml('Passed with a warning: a blocking rule is inconclusive and the policy warns.'))
    : '';
  return htmlElement(
    'header',
    { class: `verdict ${description.verdict}` },
    heading + (reasons.length > 0 ? list(reasons) : '') + warned,
  );
}

function renderContext(report: Report): string {
  const task = report.task === 'regression' ? 'regression' : `${report.task} classification`;
  const dropped = report.data.rowsRead - report.n;
  const parts = [
    htmlElement('strong', {}, escapeHtml(task)),
    dropped > 0
      ? escapeHtml(
          `${formatInteger(report.n)} of ${formatInteger(report.data.rowsRead)} rows (${formatInteger(dropped)} dropped)`,
        )
      : escapeHtml(pluralize(report.n, 'row')),
  ];
  if (report.classes !== undefined && report.classes.length > 0) {
    const shown = report.classes.slice(0, 20).map((value) => code(value));
    const more = report.classes.length > 20 ? escapeHtml(` and ${report.classes.length - 20} more`) : '';
    parts.push(
      `${escapeHtml(pluralize(report.classes.length, 'class', 'classes'))}: ${shown.join(', ')}${more}`,
    );
  }
  parts.push(`data ${code(report.data.path, LIMITS.pathCharacters)}`, `label ${code(report.data.label)}`);
  return paragraph(parts.join(' · '), 'context');
}

function changeCell(row: MetricRow): string {
  if (row.change === null) return MISSING;
  const { arrow, delta, judgement } = row.change;
  const word =
    judgement === null
      ? ''
      : ` ${htmlElement('span', { class: judgement === 'worse' ? 'worse' : judgement === 'better' ? 'better' : 'muted' }, escapeHtml(judgement))}`;
  return `${escapeHtml(arrow)} ${escapeHtml(delta)}${word}`;
}

function renderMetrics(description: ReportDescription): string {
  if (description.metrics.length === 0)
    return section('metrics', 'Metrics', paragraph('No metrics were computed.'));
  const rows = description.metrics.map((row) => [
    code(row.metric),
    numeric(escapeHtml(row.baseline)),
    numeric(escapeHtml(row.candidate)),
    changeCell(row),
  ]);
  const footnote = description.hasMissingMetrics
    ? paragraph(
        escapeHtml(`${MISSING} not defined for these data or not produced by the model; the notes say why.`),
        'muted',
      )
    : '';
  return section(
    'metrics',
    'Metrics',
    table(['metric', numeric('baseline'), numeric('candidate'), 'Δ (candidate − baseline)'], rows) + footnote,
  );
}

function forestRow(label: string, comparison: Comparison): ForestRow {
  const interval =
    comparison.ci === null
      ? 'no interval'
      : `${formatPercent(comparison.confidence)} interval [${formatSigned(comparison.ci[0])}, ${formatSigned(comparison.ci[1])}]`;
  const tolerance =
    comparison.tolerance === null ? 'no tolerance' : `tolerance ${formatNumber(comparison.tolerance)}`;
  return {
    label,
    delta: comparison.delta,
    ci: comparison.ci,
    tolerance: comparison.tolerance,
    outcome: comparison.outcome,
    blocking: comparison.blocking,
    summary: deltaSummary(comparison.delta, comparison.ci),
    tooltip:
      `${label}: Δ ${formatSigned(comparison.delta)}, ${interval}, ${tolerance}, ${comparison.outcome}` +
      `${comparison.blocking ? '' : ' (not blocking)'}, p ${formatPValue(comparison.pValueAdjusted ?? comparison.pValue)}`,
  };
}

function comparisonDetailRow(row: ComparisonRow, comparison: Comparison): Array<string | Cell> {
  const tolerance =
    comparison.toleranceRule !== undefined && comparison.toleranceRule.endsWith('%')
      ? `${escapeHtml(row.tolerance)} ${htmlElement('span', { class: 'muted' }, `(${text(comparison.toleranceRule, 40)})`)}`
      : escapeHtml(row.tolerance);
  const power =
    comparison.minimumDetectableEffect === undefined
      ? MISSING
      : escapeHtml(formatNumber(comparison.minimumDetectableEffect)) +
        (comparison.rowsNeeded === undefined || comparison.rowsNeeded === null
          ? ''
          : htmlElement(
              'div',
              { class: 'muted' },
              escapeHtml(`${formatInteger(comparison.rowsNeeded)} rows to detect the tolerance`),
            ));
  return [
    code(row.metric),
    numeric(escapeHtml(row.delta)),
    numeric(escapeHtml(row.interval)),
    numeric(escapeHtml(row.pValue)),
    numeric(tolerance),
    numeric(power),
    badge(row.outcome, row.blocking),
    text(row.method, 300) +
      (comparison.note ? htmlElement('div', { class: 'muted' }, text(comparison.note)) : ''),
  ];
}

function renderComparisons(report: Report, description: ReportDescription): string {
  if (report.comparisons.length === 0) return '';
  const confidence = description.sharedConfidence;
  const chart = figure(
    forestPlotSvg(
      report.comparisons.map((comparison) => forestRow(comparison.metric, comparison)),
      'Gate rules: Δ with its interval, per metric',
    ),
    escapeHtml(
      `Δ = candidate − baseline, oriented so that positive is better, with its ${confidence === null ? '' : `${confidence} `}interval` +
        ' (bar) and outcome (colour; a hollow dot is a rule that does not block). In units of each rule’s ' +
        'tolerance: the dashed red line is −1, worse by exactly the tolerance; a bar entirely right of it shows ' +
        'the candidate is not worse by more than the tolerance. Hover a row for its numbers.',
    ),
  );
  const rows = report.comparisons.map((comparison, index) => {
    const row = description.comparisons[index];
    return row === undefined ? [] : comparisonDetailRow(row, comparison);
  });
  const intro = paragraph(
    escapeHtml(
      `${sentence(report.gate.convention)} p in parentheses: adjusted for multiple comparisons ` +
        `(${report.gate.correction === 'holm' ? 'Holm' : 'no correction'}). Inconclusive blocking rules ` +
        `${report.gate.inconclusive === 'warn' ? 'warn' : report.gate.inconclusive === 'fail' ? 'fail the gate' : 'pass'}.`,
    ),
  );
  const detail = table(
    [
      'metric',
      numeric('Δ'),
      numeric(escapeHtml(confidence === null ? 'interval' : `${confidence} interval`)),
      numeric('p (adjusted)'),
      numeric('tolerance'),
      numeric('detectable Δ (80% power)'),
      'outcome',
      'method',
    ],
    rows,
  );
  return section('gate', 'Gate rules', intro + chart + detail);
}

function renderTests(report: Report, description: ReportDescription): string {
  if (description.tests.length === 0) {
    return section(
      'tests',
      'Paired tests',
      paragraph('None: there is no baseline model to compare with yet.'),
    );
  }
  const intro = paragraph(
    escapeHtml(
      `Both models scored on the same ${pluralize(report.n, 'row')}; two-sided tests of "no difference"; ` +
        `per-row loss: ${truncate(report.loss, 300)}. In plain words, p < 0.01 reads "very unlikely to be ` +
        'chance", p < 0.05 "unlikely", p < 0.10 "weak evidence"; the verdict comes from the gate rules.',
    ),
  );
  const rows = description.tests.map((test) => [
    htmlElement('strong', {}, escapeHtml(test.name)),
    escapeHtml(test.subject),
    escapeHtml(test.detail),
    escapeHtml(test.meaning),
  ]);
  return section('tests', 'Paired tests', intro + table(['test', 'of', 'numbers', 'meaning'], rows));
}

function renderSlices(report: Report): string {
  const slices = report.slices;
  if (slices === undefined || Object.keys(slices).length === 0) {
    const summary = report.sliceSummary;
    if (summary === undefined) return '';
    return section(
      'slices',
      'Slices',
      paragraph(escapeHtml(`No slice reached the minimum size of ${formatInteger(summary.minSize)} rows.`)),
    );
  }
  let content = '';
  const summary = report.sliceSummary;
  if (summary !== undefined) {
    const suppressed = Object.entries(summary.suppressed).filter(([, count]) => count > 0);
    content += paragraph(
      escapeHtml(
        `Slices of fewer than ${formatInteger(summary.minSize)} rows are neither tested nor shown` +
          (suppressed.length > 0 ? '; suppressed: ' : '.'),
      ) +
        suppressed
          .map(([column, count]) => `${code(column)} ${escapeHtml(pluralize(count, 'value'))}`)
          .join(', ') +
        (suppressed.length > 0 ? '.' : ''),
      'muted',
    );
  }
  // One forest plot per metric (the whole set first), then a table per column.
  const metrics = [
    ...new Set(
      Object.values(slices).flatMap((values) =>
        Object.values(values).flatMap((slice) => slice.comparisons.map((comparison) => comparison.metric)),
      ),
    ),
  ];
  const ordered = [
    ...report.comparisons.filter((comparison) => comparison.blocking).map((comparison) => comparison.metric),
    ...report.comparisons.map((comparison) => comparison.metric),
    ...metrics,
  ];
  const charted = [...new Set(ordered)]
    .filter((metric) => metrics.includes(metric))
    .slice(0, LIMITS.sliceMetricsCharted);
  for (const metric of charted) {
    const rows: ForestRow[] = [];
    const overall = report.comparisons.find((comparison) => comparison.metric === metric);
    if (overall !== undefined) rows.push(forestRow('all rows', overall));
    for (const [column, values] of Object.entries(slices)) {
      for (const [value, slice] of Object.entries(values).slice(0, LIMITS.sliceValuesPerColumn)) {
        const comparison = slice.comparisons.find((candidate) => candidate.metric === metric);
        if (comparison !== undefined) rows.push(forestRow(`${truncate(column, 12)} = ${value}`, comparison));
      }
    }
    content +=
      htmlElement('h3', {}, `${code(metric)} by slice`) +
      figure(
        forestPlotSvg(rows, `${metric} by slice: Δ with its interval`),
        escapeHtml('As in the gate rules chart, per slice; the first row is the whole holdout set.'),
      );
  }
  for (const [column, values] of Object.entries(slices)) {
    const entries = Object.entries(values);
    const rows = entries
      .slice(0, LIMITS.sliceValuesPerColumn)
      .flatMap(([value, slice]) =>
        slice.comparisons.map((comparison, index) => [
          index === 0 ? code(value) : '',
          index === 0 ? numeric(escapeHtml(formatInteger(slice.n))) : numeric(''),
          code(comparison.metric),
          numeric(escapeHtml(formatNumber(comparison.baseline))),
          numeric(escapeHtml(formatNumber(comparison.candidate))),
          numeric(escapeHtml(deltaSummary(comparison.delta, comparison.ci))),
          numeric(escapeHtml(formatPValue(comparison.pValueAdjusted ?? comparison.pValue))),
          badge(comparison.outcome, comparison.blocking),
        ]),
      );
    content +=
      htmlElement('h3', {}, `Slice column ${code(column)}`) +
      table(
        [
          'value',
          numeric('rows'),
          'metric',
          numeric('baseline'),
          numeric('candidate'),
          numeric('Δ [interval]'),
          numeric('p (adjusted)'),
          'outcome',
        ],
        rows,
      ) +
      moreLine(entries.length - LIMITS.sliceValuesPerColumn, 'value');
  }
  return section('slices', 'Slices', content);
}

function renderRoc(report: Report, charts: ChartData | undefined): string {
  const roc = charts?.roc;
  if (report.task !== 'binary' || roc === undefined) return '';
  const facts = [roc.candidate, roc.baseline].filter((curve) => curve !== null);
  const caption = escapeHtml(
    'True positive rate against false positive rate as the threshold on P(class 1) falls; higher and further ' +
      'left is better. AUC of the full curves; each curve is drawn through at most about 100 of its ' +
      `${formatInteger(Math.max(...facts.map((curve) => curve.vertices)))} vertices. ` +
      `${formatInteger(roc.candidate.positives)} positive and ${formatInteger(roc.candidate.negatives)} negative ` +
      'rows. Hover a marker for its threshold.',
  );
  return section('roc', 'ROC curves', figure(rocChartSvg(roc), caption));
}

function reliabilityRows(role: string, diagram: ReliabilityDiagram): Array<Array<string | Cell>> {
  return diagram.bins.map((bin, index) => [
    index === 0 ? escapeHtml(role) : '',
    escapeHtml(`${formatNumber(bin.lower)} – ${formatNumber(bin.upper)}`),
    numeric(escapeHtml(formatInteger(bin.count))),
    numeric(escapeHtml(formatNumber(bin.meanPredicted))),
    numeric(escapeHtml(formatNumber(bin.observedFrequency))),
    numeric(
      escapeHtml(
        bin.meanPredicted === null || bin.observedFrequency === null
          ? MISSING
          : formatSigned(bin.observedFrequency - bin.meanPredicted),
      ),
    ),
  ]);
}

function renderReliability(report: Report, charts: ChartData | undefined): string {
  const reliability = charts?.reliability;
  if (report.task !== 'binary' || reliability === undefined) return '';
  const caption = escapeHtml(
    'Share of rows of class 1 against the mean predicted P(class 1), in 10 equal-width bins (as ' +
      "scikit-learn's calibration_curve); point size follows the rows in the bin. A calibrated model follows " +
      'the dashed diagonal. ECE (expected calibration error) is the row-weighted mean gap. Below: rows per bin.',
  );
  const rows = [
    ...reliabilityRows('candidate', reliability.candidate),
    ...(reliability.baseline === null ? [] : reliabilityRows('baseline', reliability.baseline)),
  ];
  const detail = htmlElement(
    'details',
    {},
    htmlElement('summary', {}, 'Bins') +
      table(
        [
          'model',
          'predicted',
          numeric('rows'),
          numeric('mean predicted'),
          numeric('observed'),
          numeric('observed − predicted'),
        ],
        rows,
      ),
  );
  return section('calibration', 'Calibration', figure(reliabilityChartSvg(reliability), caption) + detail);
}

function renderLatency(report: Report): string {
  const latency = report.latency;
  if (latency === undefined) return '';
  const { ratio } = latency;
  const interval =
    ratio.ci === null
      ? ''
      : `, ${formatPercent(ratio.confidence)} interval ${ratio.ci[0].toFixed(2)}× to ${ratio.ci[1].toFixed(2)}×`;
  const caption = escapeHtml(
    `Microseconds per row (time of a batch / its rows); ${pluralize(latency.batches, 'timed batch', 'timed batches')} per model ` +
      `after ${pluralize(latency.warmupBatches, 'warm-up batch', 'warm-up batches')}, run interleaved on the same ` +
      `batches. Candidate / baseline time per row: ${ratio.estimate.toFixed(2)}×${interval} (${truncate(ratio.method, 200)}).`,
  );
  const modelRow = (role: 'candidate' | 'baseline'): Array<string | Cell> => {
    const facts = latency[role];
    const quantiles = (values: { p50: number; p95: number; p99: number }): string =>
      `${formatNumber(values.p50)} / ${formatNumber(values.p95)} / ${formatNumber(values.p99)}`;
    return [
      escapeHtml(role),
      numeric(escapeHtml(quantiles(facts.perRowUs))),
      numeric(escapeHtml(quantiles(facts.perBatchMs))),
      numeric(escapeHtml(formatInteger(Math.round(facts.rowsPerSecond)))),
      numeric(escapeHtml(formatBytes(facts.bytes))),
    ];
  };
  const detail = table(
    [
      'model',
      numeric('µs per row p50 / p95 / p99'),
      numeric('ms per batch p50 / p95 / p99'),
      numeric('rows/s'),
      numeric('size'),
    ],
    [modelRow('candidate'), modelRow('baseline')],
  );
  const rules =
    latency.comparisons.length === 0
      ? ''
      : table(
          ['rule', numeric('Δ [interval]'), numeric('tolerance'), 'outcome'],
          latency.comparisons.map((comparison) => [
            code(comparison.metric),
            numeric(escapeHtml(deltaSummary(comparison.delta, comparison.ci))),
            numeric(escapeHtml(formatNumber(comparison.tolerance))),
            badge(comparison.outcome, comparison.blocking),
          ]),
        );
  return section('latency', 'Latency', figure(latencyChartSvg(latency), caption) + detail + rules);
}

function renderFlips(report: Report): string {
  const flips = report.flips;
  if (flips === undefined) return '';
  let content = paragraph(
    escapeHtml(
      `${pluralize(flips.fixed, 'row')} became right (the candidate fixed them), ${pluralize(flips.broken, 'row')} ` +
        'became wrong (the candidate broke them).',
    ),
  );
  content += table(
    ['true class', numeric('fixed'), numeric('broken')],
    flips.byClass.map((entry) => [
      code(entry.class),
      numeric(escapeHtml(formatInteger(entry.fixed))),
      numeric(escapeHtml(formatInteger(entry.broken))),
    ]),
  );
  if (flips.changed.length > 0) {
    content +=
      htmlElement('h3', {}, 'Predictions that changed') +
      table(
        ['baseline → candidate', numeric('rows'), numeric('fixed'), numeric('broken')],
        flips.changed.map((entry) => [
          `${code(entry.from)} → ${code(entry.to)}`,
          numeric(escapeHtml(formatInteger(entry.rows))),
          numeric(escapeHtml(formatInteger(entry.fixed))),
          numeric(escapeHtml(formatInteger(entry.broken))),
        ]),
      );
  }
  if (flips.examples !== undefined) {
    const ids = (values: string[]): string =>
      values.length === 0
        ? MISSING
        : values
            .slice(0, 20)
            .map((value) => code(value))
            .join(', ');
    content += paragraph(
      `${escapeHtml('Rows (by ')}${code(flips.examples.column)}${escapeHtml(') that became wrong: ')}${ids(flips.examples.broken)}` +
        `${escapeHtml('; that became right: ')}${ids(flips.examples.fixed)}.`,
    );
  }
  return section('flips', 'Rows that changed', content);
}

function renderDrift(report: Report): string {
  const drift = report.drift;
  if (drift === undefined) return '';
  let content = '';
  if (drift.reference !== null) {
    content += paragraph(
      `${escapeHtml('Reference sample ')}${code(drift.reference.path, LIMITS.pathCharacters)}${escapeHtml(`, ${pluralize(drift.reference.rows, 'row')}.`)}`,
    );
  }
  if (drift.prediction !== null) {
    content += paragraph(
      escapeHtml(
        `Prediction drift (candidate scores vs baseline scores): PSI ${formatNumber(drift.prediction.psi)}, ` +
          `KS ${formatNumber(drift.prediction.ksStatistic)}, p ${formatPValue(drift.prediction.pValue)}.`,
      ),
    );
  }
  if (drift.features.length > 0) {
    content += table(
      [
        'feature',
        'kind',
        numeric('PSI'),
        'test',
        numeric('statistic'),
        numeric('p'),
        numeric('effect size'),
        numeric('out of range'),
      ],
      drift.features
        .slice(0, LIMITS.driftFeatures)
        .map((feature) => [
          code(feature.feature),
          escapeHtml(feature.kind),
          numeric(escapeHtml(formatNumber(feature.psi))),
          escapeHtml(feature.test),
          numeric(escapeHtml(formatNumber(feature.statistic))),
          numeric(escapeHtml(formatPValue(feature.pValue))),
          numeric(escapeHtml(formatNumber(feature.effectSize))),
          numeric(escapeHtml(formatInteger(feature.outOfRange))),
        ]),
    );
    content += moreLine(drift.features.length - LIMITS.driftFeatures, 'feature');
  }
  const quality = drift.quality.filter(
    (entry) => entry.missing > 0 || entry.constant || (entry.outOfReferenceRange ?? 0) > 0,
  );
  if (quality.length > 0) {
    content +=
      htmlElement('h3', {}, 'Data quality') +
      table(
        ['column', numeric('missing'), 'constant', numeric('out of reference range')],
        quality
          .slice(0, LIMITS.driftFeatures)
          .map((entry) => [
            code(entry.column),
            numeric(escapeHtml(formatInteger(entry.missing))),
            entry.constant ? 'yes' : 'no',
            numeric(
              escapeHtml(
                entry.outOfReferenceRange === null ? MISSING : formatInteger(entry.outOfReferenceRange),
              ),
            ),
          ]),
      );
  }
  return section('drift', 'Drift and data quality', content);
}

function tensorRows(role: string, kind: string, tensors: TensorDescription[]): Array<Array<string | Cell>> {
  const rows = tensors
    .slice(0, LIMITS.tensorsPerModel)
    .map((tensor) => [
      escapeHtml(role),
      escapeHtml(kind),
      code(tensor.name),
      code(tensor.type),
      code(formatShape(tensor.shape)),
    ]);
  const hidden = tensors.length - LIMITS.tensorsPerModel;
  if (hidden > 0)
    rows.push([
      escapeHtml(role),
      escapeHtml(kind),
      escapeHtml(`${pluralize(hidden, `more ${kind}`)}`),
      '',
      '',
    ]);
  return rows;
}

function renderModels(report: Report): string {
  const { baseline, candidate } = report.models;
  const models: Array<[string, ModelFacts]> =
    baseline === null
      ? [['candidate', candidate]]
      : [
          ['baseline', baseline],
          ['candidate', candidate],
        ];
  const summary = table(
    ['', ...models.map(([role]) => escapeHtml(role))],
    [
      ['path', ...models.map(([, model]) => code(model.path, LIMITS.pathCharacters))],
      ['sha256', ...models.map(([, model]) => code(model.sha256))],
      ['size', ...models.map(([, model]) => escapeHtml(formatBytes(model.bytes)))],
      ['outputs read as', ...models.map(([, model]) => text(model.interpretation))],
    ],
  );
  const tensors = table(
    ['model', 'kind', 'name', 'type', 'shape'],
    models.flatMap(([role, model]) => [
      ...tensorRows(role, 'input', model.inputs),
      ...tensorRows(role, 'output', model.outputs),
    ]),
  );
  const note =
    baseline === null
      ? paragraph(htmlElement('strong', {}, 'No baseline model yet:') + ' the candidate is reported alone.')
      : baseline.sha256 === candidate.sha256
        ? paragraph(htmlElement('strong', {}, 'The two model files are identical.'))
        : '';
  return section('models', 'Models', summary + tensors + note);
}

function renderData(report: Report): string {
  const { data } = report;
  const items = [
    `file ${code(data.path, LIMITS.pathCharacters)}, label ${code(data.label)}`,
    escapeHtml(`${pluralize(data.rowsRead, 'row')} read, ${formatInteger(report.n)} evaluated`),
  ];
  const dropped = Object.entries(data.rowsDropped);
  for (const [reason, count] of dropped.slice(0, LIMITS.droppedReasons)) {
    items.push(`${escapeHtml(`${formatInteger(count)} dropped:`)} ${text(reason)}`);
  }
  if (dropped.length > LIMITS.droppedReasons) {
    items.push(
      escapeHtml(`${pluralize(dropped.length - LIMITS.droppedReasons, 'more reason')} in report.json`),
    );
  }
  let content = list(items);
  if (data.features.length > 0) {
    const shown = data.features.slice(0, LIMITS.features).map((feature) => code(feature));
    content +=
      htmlElement('h3', {}, escapeHtml(pluralize(data.features.length, 'feature'))) +
      paragraph(shown.join(' ')) +
      moreLine(data.features.length - LIMITS.features, 'feature');
  }
  return section('data', 'Data', content);
}

function renderNotes(report: Report): string {
  if (report.notes.length === 0) return '';
  const notes = report.notes.slice(0, LIMITS.notes).map((note) => text(note));
  return section(
    'notes',
    `Notes (${formatInteger(report.notes.length)})`,
    list(notes) + moreLine(report.notes.length - LIMITS.notes, 'note'),
  );
}

function renderMethod(report: Report): string {
  const lines = [
    ...describeMethod(report),
    report.gate.policy === null ? 'Policy: the built-in defaults.' : `Policy file: ${report.gate.policy}.`,
    describeTimings(report),
  ];
  return section('method', 'Method', list(lines.map((line) => text(line))));
}

function renderFooter(report: Report): string {
  return htmlElement(
    'footer',
    {},
    escapeHtml(
      `${truncate(report.tool.name, 100)} ${truncate(report.tool.version, 50)}, report schema ` +
        `${String(report.schemaVersion)}, seed ${String(report.seed)}, created ${truncate(report.createdAt, 50)}. ` +
        'This file is self-contained: it loads nothing and runs no script.',
    ),
  );
}

/** The report as one self-contained HTML document (UTF-8), ending with a newline. */
export function renderHtml(report: Report, charts?: ChartData): string {
  const description = describeReport(report);
  const title = `model-gate: ${description.verdict} — ${truncate(description.headline, 200)}`;
  const head = [
    htmlElement('meta', { charset: 'utf-8' }, null),
    htmlElement('meta', { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, null),
    htmlElement('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }, null),
    htmlElement('meta', { name: 'referrer', content: 'no-referrer' }, null),
    htmlElement(
      'meta',
      {
        name: 'generator',
        content: `${truncate(report.tool.name, 100)} ${truncate(report.tool.version, 50)}`,
      },
      null,
    ),
    htmlElement('title', {}, escapeHtml(title)),
    htmlElement('style', {}, STYLE),
  ].join('\n');
  const body = [
    renderVerdict(report, description),
    renderContext(report),
    renderMetrics(description),
    renderComparisons(report, description),
    renderTests(report, description),
    renderSlices(report),
    renderRoc(report, charts),
    renderReliability(report, charts),
    renderLatency(report),
    renderFlips(report),
    renderDrift(report),
    renderModels(report),
    renderData(report),
    renderNotes(report),
    renderMethod(report),
    renderFooter(report),
  ]
    .filter((part) => part !== '')
    .join('\n');
  return `<!doctype html>\n<html lang="en">\n<head>\n${head}\n</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`;
}
