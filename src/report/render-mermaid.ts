/**
 * Charts for the pull request comment and the job summary as Mermaid code blocks, which GitHub renders itself
 * (no image host, nothing leaves GitHub): the gate's deltas with their intervals, per-slice deltas, ROC curves,
 * a reliability diagram and latency.
 *
 * Every chart is an `xychart-beta` (Mermaid 10.3 and later; GitHub renders it), written with the subset of its
 * syntax every version since has accepted: quoted titles and categories, `x-axis`/`y-axis` ranges, `line` and
 * `bar` series. Design choices forced by that diagram:
 * - a bar always starts at the bottom of the plot, not at 0, so bars are only used for values >= 0 on an axis
 *   that starts at 0 (latency); signed values (deltas and interval bounds) are lines;
 * - a chart has no legend, so each caption says which colour is which, and the colours are set explicitly
 *   (an `init` directive: one palette for every chart, candidate blue and baseline orange, readable on light
 *   and dark pages because the chart paints its own white background);
 * - numbers are written without exponents (the grammar has none), labels as quoted strings in which every
 *   character outside a small safe set is written as a Mermaid entity code (`#233;`), which Mermaid renders as
 *   the character. No user-controlled text (column names, slice values, metric names) can therefore close a
 *   string, start a directive or comment (`%%`), inject markup, or end the code fence.
 * Deltas follow the report's convention: candidate - baseline, oriented so that positive is better.
 * Pure: the output depends on the report and the chart data only.
 */
import type { ChartData, ReliabilityDiagram, RocCurve, RocPoint } from './chart-data.js';
import { niceRange } from './chart-scale.js';
import { formatInteger, formatNumber, formatPercent, pluralize, truncate } from './format.js';
import { escapeMarkdown } from './markdown-escape.js';
import type { Comparison, LatencyQuantiles, Report } from './types.js';

export type MermaidChartKind = 'comparisons' | 'slices' | 'roc' | 'reliability' | 'latency';

export interface MermaidChart {
  kind: MermaidChartKind;
  /** A short heading, plain text (escape it for Markdown). */
  title: string;
  /** Markdown, already escaped: which colour is which, the units, and what the chart leaves out. */
  caption: string;
  /** The diagram source, without the code fence. */
  source: string;
}

/** The colours of every chart (Tailwind palette; blue and orange stay apart for colour-blind readers). */
export const CHART_COLOURS = {
  candidate: '#2563eb',
  baseline: '#ea580c',
  reference: '#9ca3af',
  tolerance: '#dc2626',
  interval: '#93c5fd',
  delta: '#1e3a8a',
  neutral: '#64748b',
} as const;

const LIMITS = {
  /** Categories on one chart: beyond this labels collide. */
  categories: 24,
  /** Slice charts: one per metric, for at most this many metrics. */
  sliceMetrics: 3,
  labelCharacters: 28,
  titleCharacters: 60,
  /** ROC curves are drawn on an evenly spaced FPR grid (xychart spaces a line's points evenly). */
  rocGridSteps: 50,
} as const;

/**
 * Characters written as entity codes inside a quoted Mermaid string: '"' ends the string, '%' can start a
 * directive or comment ('%%'), '#' starts an entity code, '<', '>' and '&' are markup, and U+FB02 and U+00B6
 * are the placeholders Mermaid's own entity decoding turns into '&#' and ';'. Everything else is written as
 * itself: Mermaid lays labels out by their source text, so codes would make labels look longer than they are
 * and hide them.
 */
const ENCODED_CHARACTERS = /["#%<>&\uFB02\u00B6]/gu;

/**
 * Text as a quoted Mermaid string: control characters and line breaks become spaces, the text is cut to
 * maxCharacters, and the characters that mean something to Mermaid are written as entity codes ('#34;'),
 * which Mermaid renders as the character.
 */
export function mermaidString(text: string, maxCharacters: number = LIMITS.labelCharacters): string {
  const flat = text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    ' ',
  );
  const encoded = truncate(flat, maxCharacters).replace(
    ENCODED_CHARACTERS,
    (character) => `#${character.codePointAt(0) ?? 63};`,
  );
  return `"${encoded}"`;
}

/** A number as the xychart grammar reads it: plain decimal, no exponent, at most 6 decimals. */
export function mermaidNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`mermaidNumber: ${value} is not finite`);
  const rounded = Number(value.toFixed(6));
  if (Math.abs(rounded) >= 1e15) throw new RangeError(`mermaidNumber: ${value} is too large to chart`);
  return String(rounded === 0 ? 0 : rounded);
}

/** The code block, fenced, ready for Markdown. */
export function mermaidBlock(chart: MermaidChart): string {
  return `\`\`\`mermaid\n${chart.source}\n\`\`\``;
}

function directive(palette: readonly string[], height: number): string {
  const axis = { label: '#374151', line: '#6b7280' };
  const config = {
    theme: 'base',
    xyChart: { width: 760, height },
    themeVariables: {
      xyChart: {
        backgroundColor: '#ffffff',
        titleColor: '#111827',
        xAxisLabelColor: axis.label,
        xAxisTitleColor: axis.label,
        xAxisTickColor: axis.line,
        xAxisLineColor: axis.line,
        yAxisLabelColor: axis.label,
        yAxisTitleColor: axis.label,
        yAxisTickColor: axis.line,
        yAxisLineColor: axis.line,
        plotColorPalette: palette.join(', '),
      },
    },
  };
  return `%%{init: ${JSON.stringify(config)}}%%`;
}

interface Series {
  type: 'line' | 'bar';
  colour: string;
  values: number[];
}

interface XyChart {
  orientation: 'vertical' | 'horizontal';
  title: string;
  /** Category labels, or a numeric x range (the points of each series are spread evenly over it). */
  xAxis: { categories: string[] } | { title: string; min: number; max: number };
  yAxis: { title: string; min: number; max: number };
  series: Series[];
  height?: number;
}

function xyChartSource(chart: XyChart): string {
  const lines = [
    directive(
      chart.series.map((series) => series.colour),
      chart.height ?? 400,
    ),
    chart.orientation === 'horizontal' ? 'xychart-beta horizontal' : 'xychart-beta',
    `  title ${mermaidString(chart.title, LIMITS.titleCharacters)}`,
  ];
  if ('categories' in chart.xAxis) {
    lines.push(`  x-axis [${chart.xAxis.categories.map((label) => mermaidString(label)).join(', ')}]`);
  } else {
    const { title, min, max } = chart.xAxis;
    lines.push(`  x-axis ${mermaidString(title)} ${mermaidNumber(min)} --> ${mermaidNumber(max)}`);
  }
  const { title, min, max } = chart.yAxis;
  lines.push(`  y-axis ${mermaidString(title)} ${mermaidNumber(min)} --> ${mermaidNumber(max)}`);
  for (const series of chart.series) {
    lines.push(`  ${series.type} [${series.values.map(mermaidNumber).join(', ')}]`);
  }
  return lines.join('\n');
}

// --- Deltas with intervals -------------------------------------------------------------------------------

interface IntervalRow {
  label: string;
  delta: number;
  lower: number;
  upper: number;
}

type Scale = 'tolerance' | 'raw';

/** Comparisons that can be drawn, on one scale: in tolerances when every one has a tolerance > 0. */
function intervalRows(entries: Array<{ label: string; comparison: Comparison }>): {
  rows: IntervalRow[];
  scale: Scale;
  left: string[];
} {
  const drawable = entries.filter(
    ({ comparison }) => comparison.delta !== null && Number.isFinite(comparison.delta),
  );
  const withTolerance = drawable.filter(({ comparison }) => (comparison.tolerance ?? 0) > 0);
  const scale: Scale = withTolerance.length > 0 ? 'tolerance' : 'raw';
  const chosen = scale === 'tolerance' ? withTolerance : drawable;
  const rows = chosen.map(({ label, comparison }) => {
    const divisor = scale === 'tolerance' ? (comparison.tolerance as number) : 1;
    const delta = comparison.delta as number;
    const [lower, upper] = comparison.ci ?? [delta, delta];
    return { label, delta: delta / divisor, lower: lower / divisor, upper: upper / divisor };
  });
  const chosenSet = new Set(chosen);
  const left = entries.filter((entry) => !chosenSet.has(entry)).map((entry) => entry.label);
  return { rows, scale, left };
}

function intervalChart(title: string, rows: IntervalRow[], scale: Scale): string {
  const reference = scale === 'tolerance' ? [-1, 0] : [0];
  const [min, max] = niceRange(
    rows.flatMap((row) => [row.lower, row.upper, row.delta]),
    reference,
  );
  const constant = (value: number): number[] => rows.map(() => value);
  const series: Series[] = [
    { type: 'line', colour: CHART_COLOURS.interval, values: rows.map((row) => row.upper) },
    { type: 'line', colour: CHART_COLOURS.interval, values: rows.map((row) => row.lower) },
    { type: 'line', colour: CHART_COLOURS.delta, values: rows.map((row) => row.delta) },
    { type: 'line', colour: CHART_COLOURS.reference, values: constant(0) },
  ];
  if (scale === 'tolerance') {
    series.push({ type: 'line', colour: CHART_COLOURS.tolerance, values: constant(-1) });
  }
  return xyChartSource({
    orientation: 'horizontal',
    title,
    xAxis: { categories: distinctLabels(rows.map((row) => row.label)) },
    yAxis: { title: scale === 'tolerance' ? 'delta / tolerance' : 'delta (positive = better)', min, max },
    series,
    height: Math.min(700, 140 + 34 * rows.length),
  });
}

function intervalCaption(scale: Scale, confidence: number | null, left: string[], what: string): string {
  const interval = confidence === null ? 'interval' : `${formatPercent(confidence)} interval`;
  const explanation =
    scale === 'tolerance'
      ? `Δ = candidate − baseline, positive = better, in units of each rule's tolerance: dark blue Δ, light ` +
        `blue the ${interval} bounds, grey 0 (no change), red −1 (worse by exactly the tolerance). A ` +
        'lower bound right of the red line shows the candidate is not worse by more than the tolerance.'
      : `Δ = candidate − baseline, positive = better, in each metric's units: dark blue Δ, light blue the ` +
        `${interval} bounds, grey 0 (no change).`;
  if (left.length === 0) return escapeMarkdown(explanation);
  const names = left.slice(0, 10).map(escapeMarkdown).join(', ');
  const more = left.length > 10 ? ` and ${left.length - 10} more` : '';
  return `${escapeMarkdown(explanation)} ${escapeMarkdown(`Not drawn (${what}):`)} ${names}${more}.`;
}

/** Labels cut to the chart's limit and made distinct (xychart merges equal categories). */
function distinctLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label) => {
    let candidate = truncate(label, LIMITS.labelCharacters);
    for (let copy = 2; seen.has(candidate); copy++) {
      const suffix = ` (${copy})`;
      candidate = truncate(label, LIMITS.labelCharacters - suffix.length) + suffix;
    }
    seen.add(candidate);
    return candidate;
  });
}

function sharedConfidence(comparisons: readonly Comparison[]): number | null {
  const values = new Set(comparisons.map((comparison) => comparison.confidence));
  const [only] = values;
  return values.size === 1 && only !== undefined ? only : null;
}

/** The gate's comparisons: Δ and interval per metric. Null when fewer than two metrics can be drawn. */
export function mermaidComparisonChart(report: Report): MermaidChart | null {
  const entries = report.comparisons.map((comparison) => ({ label: comparison.metric, comparison }));
  const { rows, scale, left } = intervalRows(entries);
  // A line needs two points: one metric alone is clearer in the table.
  if (rows.length < 2) return null;
  const shown = rows.slice(0, LIMITS.categories);
  const cut = rows.slice(LIMITS.categories).map((row) => row.label);
  return {
    kind: 'comparisons',
    title: 'Gate rules: Δ with its interval',
    caption: intervalCaption(
      scale,
      sharedConfidence(report.comparisons),
      [...left, ...cut],
      'no Δ, no positive tolerance, or too many to show',
    ),
    source: intervalChart(
      scale === 'tolerance' ? 'Delta in tolerances, per metric' : 'Delta per metric',
      shown,
      scale,
    ),
  };
}

// --- Slices ----------------------------------------------------------------------------------------------

/** Metrics to chart per slice: the blocking rules first, at most LIMITS.sliceMetrics. */
function sliceMetrics(report: Report): string[] {
  const inSlices = new Set<string>();
  for (const values of Object.values(report.slices ?? {})) {
    for (const slice of Object.values(values)) {
      for (const comparison of slice.comparisons) inSlices.add(comparison.metric);
    }
  }
  const ordered = [
    ...report.comparisons.filter((comparison) => comparison.blocking).map((comparison) => comparison.metric),
    ...report.comparisons.map((comparison) => comparison.metric),
    ...inSlices,
  ];
  return [...new Set(ordered)].filter((metric) => inSlices.has(metric)).slice(0, LIMITS.sliceMetrics);
}

/** Per-slice Δ with intervals: one chart per metric (the blocking rules first), the whole set first. */
export function mermaidSliceCharts(report: Report): MermaidChart[] {
  const slices = report.slices;
  if (slices === undefined) return [];
  const charts: MermaidChart[] = [];
  for (const metric of sliceMetrics(report)) {
    const entries: Array<{ label: string; comparison: Comparison }> = [];
    const overall = report.comparisons.find((comparison) => comparison.metric === metric);
    if (overall !== undefined) entries.push({ label: 'all rows', comparison: overall });
    const sliceComparisons: Comparison[] = [];
    for (const [column, values] of Object.entries(slices)) {
      for (const [value, slice] of Object.entries(values)) {
        const comparison = slice.comparisons.find((candidate) => candidate.metric === metric);
        if (comparison === undefined) continue;
        sliceComparisons.push(comparison);
        entries.push({ label: `${truncate(column, 12)}: ${value}`, comparison });
      }
    }
    const { rows, scale, left } = intervalRows(entries);
    if (rows.length < 2) continue;
    // Too many slices: keep the ones with the lowest lower bound (the ones a reviewer must see), in order.
    let shown = rows;
    let hidden = 0;
    if (rows.length > LIMITS.categories) {
      const keep = new Set([...rows].sort((a, b) => a.lower - b.lower).slice(0, LIMITS.categories));
      shown = rows.filter((row) => keep.has(row));
      hidden = rows.length - shown.length;
    }
    const hiddenText = hidden > 0 ? ` ${pluralize(hidden, 'slice')} with higher lower bounds not shown.` : '';
    charts.push({
      kind: 'slices',
      title: `Slices: ${metric}`,
      caption:
        intervalCaption(scale, sharedConfidence(sliceComparisons), left, 'no Δ or no positive tolerance') +
        hiddenText,
      source: intervalChart(
        scale === 'tolerance' ? `${metric} by slice, in tolerances` : `${metric} by slice`,
        shown,
        scale,
      ),
    });
  }
  return charts;
}

// --- ROC -------------------------------------------------------------------------------------------------

/** TPR of the piecewise-linear curve at fpr; on a vertical segment, its top (the best TPR at that FPR). */
export function tprAtFpr(points: readonly RocPoint[], fpr: number): number {
  let best = 0;
  for (let index = 1; index < points.length; index++) {
    const start = points[index - 1] as RocPoint;
    const end = points[index] as RocPoint;
    if (fpr < start.fpr || fpr > end.fpr) continue;
    const tpr =
      end.fpr === start.fpr
        ? Math.max(start.tpr, end.tpr)
        : start.tpr + ((fpr - start.fpr) / (end.fpr - start.fpr)) * (end.tpr - start.tpr);
    if (tpr > best) best = tpr;
  }
  return best;
}

function rocGrid(curve: RocCurve): number[] {
  return Array.from({ length: LIMITS.rocGridSteps + 1 }, (_, step) =>
    tprAtFpr(curve.points, step / LIMITS.rocGridSteps),
  );
}

/** ROC curves of both models (binary), on one FPR grid, with the chance diagonal. */
export function mermaidRocChart(report: Report, charts?: ChartData): MermaidChart | null {
  const roc = charts?.roc;
  if (report.task !== 'binary' || roc === undefined) return null;
  const series: Series[] = [
    { type: 'line', colour: CHART_COLOURS.candidate, values: rocGrid(roc.candidate) },
  ];
  const legend = [`blue: candidate (AUC ${formatNumber(roc.candidate.auc)})`];
  if (roc.baseline !== null) {
    series.push({ type: 'line', colour: CHART_COLOURS.baseline, values: rocGrid(roc.baseline) });
    legend.push(`orange: baseline (AUC ${formatNumber(roc.baseline.auc)})`);
  }
  const chance = Array.from({ length: LIMITS.rocGridSteps + 1 }, (_, step) => step / LIMITS.rocGridSteps);
  series.push({ type: 'line', colour: CHART_COLOURS.reference, values: chance });
  legend.push('grey: chance');
  const caption =
    `${legend.join('; ')}. True positive rate against false positive rate as the threshold on P(class 1) ` +
    `falls; higher and further left is better. Drawn at FPR steps of ${1 / LIMITS.rocGridSteps}; the AUCs are ` +
    'those of the full curves.';
  return {
    kind: 'roc',
    title: 'ROC curves',
    caption: escapeMarkdown(caption),
    source: xyChartSource({
      orientation: 'vertical',
      title: 'ROC curves',
      xAxis: { title: 'false positive rate', min: 0, max: 1 },
      yAxis: { title: 'true positive rate', min: 0, max: 1 },
      series,
      height: 440,
    }),
  };
}

// --- Reliability -----------------------------------------------------------------------------------------

function binLabel(lower: number, upper: number): string {
  return `${Number(lower.toFixed(3))}-${Number(upper.toFixed(3))}`;
}

/** Reliability diagram: observed frequency of class 1 per bin of predicted P(class 1), both models. */
export function mermaidReliabilityChart(report: Report, charts?: ChartData): MermaidChart | null {
  const reliability = charts?.reliability;
  if (report.task !== 'binary' || reliability === undefined) return null;
  const diagrams: ReliabilityDiagram[] = [reliability.candidate];
  if (reliability.baseline !== null) diagrams.push(reliability.baseline);
  const binCount = reliability.candidate.bins.length;
  const kept: number[] = [];
  const dropped: string[] = [];
  for (let bin = 0; bin < binCount; bin++) {
    const candidateBin = reliability.candidate.bins[bin];
    if (candidateBin === undefined) continue;
    const filled = diagrams.every((diagram) => diagram.bins[bin]?.observedFrequency != null);
    if (filled) kept.push(bin);
    else dropped.push(binLabel(candidateBin.lower, candidateBin.upper));
  }
  if (kept.length < 2) return null;
  const observed = (diagram: ReliabilityDiagram): number[] =>
    kept.map((bin) => diagram.bins[bin]?.observedFrequency ?? 0);
  const series: Series[] = [
    {
      type: 'line',
      colour: CHART_COLOURS.reference,
      values: kept.map((bin) => {
        const { lower, upper } = reliability.candidate.bins[bin] as { lower: number; upper: number };
        return (lower + upper) / 2;
      }),
    },
    { type: 'line', colour: CHART_COLOURS.candidate, values: observed(reliability.candidate) },
  ];
  const ece = (diagram: ReliabilityDiagram): string => formatNumber(diagram.expectedCalibrationError);
  const legend = [
    'grey: perfect calibration (bin centre)',
    `blue: candidate (ECE ${ece(reliability.candidate)})`,
  ];
  if (reliability.baseline !== null) {
    series.push({ type: 'line', colour: CHART_COLOURS.baseline, values: observed(reliability.baseline) });
    legend.push(`orange: baseline (ECE ${ece(reliability.baseline)})`);
  }
  const droppedText =
    dropped.length > 0 ? ` Bins with no rows for a model are left out: ${dropped.join(', ')}.` : '';
  const caption =
    `${legend.join('; ')}. Share of rows of class 1 per bin of predicted P(class 1); a calibrated model ` +
    `follows the grey line. ECE = expected calibration error, the row-weighted mean gap.${droppedText}`;
  return {
    kind: 'reliability',
    title: 'Reliability diagram',
    caption: escapeMarkdown(caption),
    source: xyChartSource({
      orientation: 'vertical',
      title: 'Reliability diagram',
      xAxis: {
        categories: kept.map((bin) => {
          const { lower, upper } = reliability.candidate.bins[bin] as { lower: number; upper: number };
          return binLabel(lower, upper);
        }),
      },
      yAxis: { title: 'share of class 1', min: 0, max: 1 },
      series,
      height: 420,
    }),
  };
}

// --- Latency ---------------------------------------------------------------------------------------------

/** p50 / p95 / p99 time per row of both models, one bar each, from 0. */
export function mermaidLatencyChart(report: Report): MermaidChart | null {
  const latency = report.latency;
  if (latency === undefined) return null;
  const quantiles: Array<keyof LatencyQuantiles> = ['p50', 'p95', 'p99'];
  const categories: string[] = [];
  const values: number[] = [];
  for (const quantile of quantiles) {
    categories.push(`candidate ${quantile}`, `baseline ${quantile}`);
    values.push(latency.candidate.perRowUs[quantile], latency.baseline.perRowUs[quantile]);
  }
  if (!values.every((value) => Number.isFinite(value) && value >= 0)) return null;
  const [, max] = niceRange(values, [0]);
  const { ratio } = latency;
  const times = (value: number): string => `${value.toFixed(2)}×`;
  const interval =
    ratio.ci === null
      ? ''
      : ` (${formatPercent(ratio.confidence)} interval ${times(ratio.ci[0])} to ${times(ratio.ci[1])})`;
  const throughput = (rowsPerSecond: number): string => formatInteger(Math.round(rowsPerSecond));
  const caption =
    `Microseconds per row (time of a batch / its rows), ${pluralize(latency.batches, 'timed batch', 'timed batches')} ` +
    'per model, run interleaved on the same batches. Candidate / baseline time per row: ' +
    `${times(ratio.estimate)}${interval}. Throughput: candidate ${throughput(latency.candidate.rowsPerSecond)}, ` +
    `baseline ${throughput(latency.baseline.rowsPerSecond)} rows/s.`;
  return {
    kind: 'latency',
    title: 'Latency per row',
    caption: escapeMarkdown(caption),
    source: xyChartSource({
      orientation: 'horizontal',
      title: 'Latency per row (microseconds)',
      xAxis: { categories },
      yAxis: { title: 'microseconds per row', min: 0, max },
      series: [{ type: 'bar', colour: CHART_COLOURS.neutral, values }],
      height: 360,
    }),
  };
}

// --- All -------------------------------------------------------------------------------------------------

/** Every chart the report has data for, in reading order. */
export function mermaidCharts(report: Report, charts?: ChartData): MermaidChart[] {
  const all: Array<MermaidChart | null> = [
    mermaidComparisonChart(report),
    ...mermaidSliceCharts(report),
    mermaidRocChart(report, charts),
    mermaidReliabilityChart(report, charts),
    mermaidLatencyChart(report),
  ];
  return all.filter((chart): chart is MermaidChart => chart !== null);
}

/** A Markdown section with every chart (heading, caption, code block); '' when there is none. */
export function renderMermaidSection(report: Report, charts?: ChartData): string {
  const blocks = mermaidCharts(report, charts).map(
    (chart) => `**${escapeMarkdown(chart.title)}**\n\n${chart.caption}\n\n${mermaidBlock(chart)}`,
  );
  if (blocks.length === 0) return '';
  return `#### Charts\n\n${blocks.join('\n\n')}`;
}
