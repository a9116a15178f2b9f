/**
 * The HTML report's charts as inline SVG, drawn by this file alone (no script, no library, no network): a
 * forest plot of deltas with their intervals, ROC curves, a reliability diagram with its bin counts, and
 * latency bars. Colours come from CSS classes the report's stylesheet defines (so a dark colour scheme
 * applies too); every user-controlled string goes through escapeHtml (via htmlElement). Each mark carries a
 * <title>, which browsers show as a tooltip: the exact numbers are one hover away without any script.
 * Coordinates are written with at most two decimals; output depends on the inputs only.
 */
import type { ReliabilityBin, ReliabilityDiagram, RocCurve } from './chart-data.js';
import { niceRange, niceTicks } from './chart-scale.js';
import { formatNumber, formatPercent, formatSigned, truncate } from './format.js';
import { escapeHtml, htmlElement } from './html-escape.js';
import type { LatencyReport, Outcome } from './types.js';

const FONT_SIZE = 12;

function coordinate(value: number): string {
  return String(Number(value.toFixed(2)));
}

function svgDocument(width: number, height: number, label: string, body: string): string {
  return htmlElement(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-label': label,
      class: 'chart',
      'font-size': FONT_SIZE,
    },
    htmlElement('title', {}, escapeHtml(label)) + body,
  );
}

function line(x1: number, y1: number, x2: number, y2: number, className: string): string {
  return htmlElement(
    'line',
    { x1: coordinate(x1), y1: coordinate(y1), x2: coordinate(x2), y2: coordinate(y2), class: className },
    null,
  );
}

function text(
  x: number,
  y: number,
  content: string,
  options: { anchor?: 'start' | 'middle' | 'end'; className?: string; rotate?: boolean } = {},
): string {
  return htmlElement(
    'text',
    {
      x: coordinate(x),
      y: coordinate(y),
      'text-anchor': options.anchor ?? 'start',
      'dominant-baseline': 'middle',
      class: options.className ?? 'label',
      transform: options.rotate ? `rotate(-90 ${coordinate(x)} ${coordinate(y)})` : undefined,
    },
    escapeHtml(content),
  );
}

function circle(x: number, y: number, radius: number, className: string, tooltip: string): string {
  return htmlElement(
    'circle',
    { cx: coordinate(x), cy: coordinate(y), r: coordinate(radius), class: className },
    htmlElement('title', {}, escapeHtml(tooltip)),
  );
}

function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  className: string,
  tooltip?: string,
): string {
  return htmlElement(
    'rect',
    {
      x: coordinate(x),
      y: coordinate(y),
      width: coordinate(Math.max(0, width)),
      height: coordinate(Math.max(0, height)),
      class: className,
    },
    tooltip === undefined ? '' : htmlElement('title', {}, escapeHtml(tooltip)),
  );
}

function polyline(points: Array<[number, number]>, className: string): string {
  return htmlElement(
    'polyline',
    { points: points.map(([x, y]) => `${coordinate(x)},${coordinate(y)}`).join(' '), class: className },
    '',
  );
}

function group(className: string, content: string, tooltip?: string): string {
  const title = tooltip === undefined ? '' : htmlElement('title', {}, escapeHtml(tooltip));
  return htmlElement('g', { class: className }, title + content);
}

/** A legend entry: a swatch and its text. */
function legendEntry(x: number, y: number, swatchClass: string, label: string): string {
  return line(x, y, x + 18, y, swatchClass) + text(x + 24, y, label);
}

/** A linear scale from a domain to a pixel range. */
function scale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

// --- Forest plot -----------------------------------------------------------------------------------------

export interface ForestRow {
  label: string;
  /** Oriented so that positive is better; null when undefined. */
  delta: number | null;
  ci: [number, number] | null;
  tolerance: number | null;
  outcome: Outcome;
  blocking: boolean;
  /** Shown right of the plot ('+0.0085 [+0.0009, +0.0161]'). */
  summary: string;
  /** The full story of the row, as a tooltip. */
  tooltip: string;
}

/**
 * Deltas with their intervals, one row each, on one axis: in units of each row's tolerance when some row has
 * a positive tolerance (0 = no change, -1 = worse by exactly the tolerance), else in the metrics' own units.
 * A row that cannot be put on the axis says so in place of its marks.
 */
export function forestPlotSvg(rows: readonly ForestRow[], title: string): string {
  const normalized = rows.some((row) => (row.tolerance ?? 0) > 0);
  const scaled = rows.map((row) => {
    const divisor = normalized ? row.tolerance : 1;
    if (row.delta === null || divisor === null || !(divisor > 0)) return null;
    const [lower, upper] = row.ci ?? [row.delta, row.delta];
    return { delta: row.delta / divisor, lower: lower / divisor, upper: upper / divisor };
  });
  const values = scaled.flatMap((value) => (value === null ? [] : [value.lower, value.upper, value.delta]));
  const [low, high] = niceRange(values, normalized ? [-1, 0] : [0], 6);
  const labelWidth = 180;
  const plotWidth = 330;
  const summaryWidth = 250;
  const width = labelWidth + plotWidth + summaryWidth;
  const rowHeight = 26;
  const top = 30;
  const height = top + rows.length * rowHeight + 40;
  const x = scale([low, high], [labelWidth, labelWidth + plotWidth]);
  const bottom = top + rows.length * rowHeight;
  let body = '';
  for (const tick of niceTicks(low, high, 6)) {
    body += line(x(tick), top - 4, x(tick), bottom, 'grid');
    body += text(x(tick), top - 14, String(tick), { anchor: 'middle', className: 'tick' });
  }
  body += line(x(0), top - 4, x(0), bottom, 'zero');
  if (normalized) body += line(x(-1), top - 4, x(-1), bottom, 'tolerance');
  rows.forEach((row, index) => {
    const y = top + index * rowHeight + rowHeight / 2;
    const value = scaled[index];
    let marks: string;
    if (value === null || value === undefined) {
      marks = text(labelWidth + 6, y, normalized ? 'no tolerance: not on this axis' : 'undefined', {
        className: 'muted',
      });
    } else {
      marks =
        line(x(value.lower), y, x(value.upper), y, `interval outcome-${row.outcome}`) +
        circle(
          x(value.delta),
          y,
          5,
          `delta outcome-${row.outcome}${row.blocking ? '' : ' hollow'}`,
          row.tooltip,
        );
    }
    body += group(
      'forest-row',
      text(labelWidth - 10, y, truncate(row.label, 26), { anchor: 'end' }) +
        marks +
        text(labelWidth + plotWidth + 12, y, row.summary, { className: 'number' }),
      row.tooltip,
    );
  });
  const axisTitle = normalized
    ? 'Δ ÷ tolerance (0 = no change, −1 = worse by exactly the tolerance)'
    : 'Δ (positive = better)';
  body += text(labelWidth + plotWidth / 2, bottom + 20, axisTitle, {
    anchor: 'middle',
    className: 'axis-title',
  });
  return svgDocument(width, height, title, body);
}

// --- ROC curves ------------------------------------------------------------------------------------------

const PLOT = { left: 58, top: 14, size: 380 } as const;

function unitAxes(xTitle: string, yTitle: string, height: number = PLOT.size): string {
  const x = scale([0, 1], [PLOT.left, PLOT.left + PLOT.size]);
  const y = scale([0, 1], [PLOT.top + height, PLOT.top]);
  let body = '';
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    body += line(x(tick), PLOT.top, x(tick), PLOT.top + height, 'grid');
    body += line(PLOT.left, y(tick), PLOT.left + PLOT.size, y(tick), 'grid');
    body += text(x(tick), PLOT.top + height + 14, String(tick), { anchor: 'middle', className: 'tick' });
    body += text(PLOT.left - 8, y(tick), String(tick), { anchor: 'end', className: 'tick' });
  }
  body += rect(PLOT.left, PLOT.top, PLOT.size, height, 'frame');
  body += text(PLOT.left + PLOT.size / 2, PLOT.top + height + 34, xTitle, {
    anchor: 'middle',
    className: 'axis-title',
  });
  body += text(16, PLOT.top + height / 2, yTitle, {
    anchor: 'middle',
    className: 'axis-title',
    rotate: true,
  });
  return body;
}

function rocCurveMarks(curve: RocCurve, role: 'candidate' | 'baseline'): string {
  const x = scale([0, 1], [PLOT.left, PLOT.left + PLOT.size]);
  const y = scale([0, 1], [PLOT.top + PLOT.size, PLOT.top]);
  let marks = polyline(
    curve.points.map((point) => [x(point.fpr), y(point.tpr)]),
    `curve series-${role}`,
  );
  // About ten threshold markers per curve, each with its numbers as a tooltip.
  const every = Math.max(1, Math.ceil(curve.points.length / 10));
  curve.points.forEach((point, index) => {
    if (point.threshold === null || index % every !== 0) return;
    marks += circle(
      x(point.fpr),
      y(point.tpr),
      3,
      `marker series-${role}`,
      `${role}: threshold ${formatNumber(point.threshold)}, false positive rate ${formatNumber(point.fpr)}, ` +
        `true positive rate ${formatNumber(point.tpr)}`,
    );
  });
  return group(`roc-${role}`, marks);
}

/** ROC curves of the candidate and the baseline with the chance diagonal and a legend with the AUCs. */
export function rocChartSvg(roc: { candidate: RocCurve; baseline: RocCurve | null }): string {
  const width = PLOT.left + PLOT.size + 210;
  const height = PLOT.top + PLOT.size + 46;
  let body = unitAxes('false positive rate', 'true positive rate');
  body += line(PLOT.left, PLOT.top + PLOT.size, PLOT.left + PLOT.size, PLOT.top, 'chance');
  if (roc.baseline !== null) body += rocCurveMarks(roc.baseline, 'baseline');
  body += rocCurveMarks(roc.candidate, 'candidate');
  const legendX = PLOT.left + PLOT.size + 18;
  body += legendEntry(
    legendX,
    PLOT.top + 12,
    'swatch series-candidate',
    `candidate, AUC ${formatNumber(roc.candidate.auc)}`,
  );
  if (roc.baseline !== null) {
    body += legendEntry(
      legendX,
      PLOT.top + 34,
      'swatch series-baseline',
      `baseline, AUC ${formatNumber(roc.baseline.auc)}`,
    );
  }
  body += legendEntry(legendX, PLOT.top + 56, 'swatch chance', 'chance, AUC 0.5');
  return svgDocument(width, height, 'ROC curves of the candidate and the baseline', body);
}

// --- Reliability diagram ---------------------------------------------------------------------------------

function binTooltip(role: string, bin: ReliabilityBin): string {
  const range = `${formatNumber(bin.lower)} to ${formatNumber(bin.upper)}`;
  if (bin.count === 0) return `${role}, predicted ${range}: no rows`;
  return (
    `${role}, predicted ${range}: ${bin.count} rows, mean predicted ${formatNumber(bin.meanPredicted)}, ` +
    `observed ${formatNumber(bin.observedFrequency)}`
  );
}

/**
 * Observed frequency of class 1 against mean predicted probability per bin (points sized by their rows), the
 * diagonal of perfect calibration, and below it the rows per bin of each model.
 */
export function reliabilityChartSvg(reliability: {
  candidate: ReliabilityDiagram;
  baseline: ReliabilityDiagram | null;
}): string {
  const plotHeight = 300;
  const histogramTop = PLOT.top + plotHeight + 52;
  const histogramHeight = 80;
  const width = PLOT.left + PLOT.size + 210;
  const height = histogramTop + histogramHeight + 40;
  const models: Array<['candidate' | 'baseline', ReliabilityDiagram]> = [
    ['candidate', reliability.candidate],
  ];
  if (reliability.baseline !== null) models.push(['baseline', reliability.baseline]);
  const x = scale([0, 1], [PLOT.left, PLOT.left + PLOT.size]);
  const y = scale([0, 1], [PLOT.top + plotHeight, PLOT.top]);
  const maxCount = Math.max(1, ...models.flatMap(([, diagram]) => diagram.bins.map((bin) => bin.count)));
  let body = unitAxes('mean predicted P(class 1)', 'observed share of class 1', plotHeight);
  body += line(PLOT.left, PLOT.top + plotHeight, PLOT.left + PLOT.size, PLOT.top, 'chance');
  for (const [role, diagram] of [...models].reverse()) {
    const filled = diagram.bins.filter((bin) => bin.meanPredicted !== null && bin.observedFrequency !== null);
    let marks = polyline(
      filled.map((bin) => [x(bin.meanPredicted as number), y(bin.observedFrequency as number)]),
      `curve series-${role}`,
    );
    for (const bin of filled) {
      marks += circle(
        x(bin.meanPredicted as number),
        y(bin.observedFrequency as number),
        2.5 + 5 * Math.sqrt(bin.count / maxCount),
        `marker series-${role}`,
        binTooltip(role, bin),
      );
    }
    body += group(`reliability-${role}`, marks);
  }
  // Rows per bin: one bar per model side by side in each bin.
  const barY = scale([0, maxCount], [histogramTop + histogramHeight, histogramTop]);
  body += rect(PLOT.left, histogramTop, PLOT.size, histogramHeight, 'frame');
  models.forEach(([role, diagram], modelIndex) => {
    for (const bin of diagram.bins) {
      const binWidth = x(bin.upper) - x(bin.lower);
      const barWidth = (binWidth - 4) / models.length;
      const left = x(bin.lower) + 2 + modelIndex * barWidth;
      body += rect(
        left,
        barY(bin.count),
        barWidth,
        histogramTop + histogramHeight - barY(bin.count),
        `bar series-${role}`,
        binTooltip(role, bin),
      );
    }
  });
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    body += text(x(tick), histogramTop + histogramHeight + 14, String(tick), {
      anchor: 'middle',
      className: 'tick',
    });
  }
  body += text(PLOT.left - 8, histogramTop, String(maxCount), { anchor: 'end', className: 'tick' });
  body += text(PLOT.left - 8, histogramTop + histogramHeight, '0', { anchor: 'end', className: 'tick' });
  body += text(
    PLOT.left + PLOT.size / 2,
    histogramTop + histogramHeight + 32,
    'rows per bin of predicted P(class 1)',
    {
      anchor: 'middle',
      className: 'axis-title',
    },
  );
  const legendX = PLOT.left + PLOT.size + 18;
  const ece = (diagram: ReliabilityDiagram): string => formatNumber(diagram.expectedCalibrationError);
  body += legendEntry(
    legendX,
    PLOT.top + 12,
    'swatch series-candidate',
    `candidate, ECE ${ece(reliability.candidate)}`,
  );
  if (reliability.baseline !== null) {
    body += legendEntry(
      legendX,
      PLOT.top + 34,
      'swatch series-baseline',
      `baseline, ECE ${ece(reliability.baseline)}`,
    );
  }
  body += legendEntry(legendX, PLOT.top + 56, 'swatch chance', 'perfect calibration');
  return svgDocument(width, height, 'Reliability diagram of the candidate and the baseline', body);
}

// --- Latency ---------------------------------------------------------------------------------------------

/** p50 / p95 / p99 microseconds per row of both models, as grouped bars from 0. */
export function latencyChartSvg(latency: LatencyReport): string {
  const quantiles = ['p50', 'p95', 'p99'] as const;
  const labelWidth = 70;
  const plotWidth = 420;
  const width = labelWidth + plotWidth + 150;
  const barHeight = 14;
  const groupHeight = 2 * barHeight + 14;
  const top = 24;
  const height = top + quantiles.length * groupHeight + 44;
  const values = quantiles.flatMap((quantile) => [
    latency.candidate.perRowUs[quantile],
    latency.baseline.perRowUs[quantile],
  ]);
  const [, high] = niceRange(values, [0], 6);
  const x = scale([0, high], [labelWidth, labelWidth + plotWidth]);
  const bottom = top + quantiles.length * groupHeight;
  let body = '';
  for (const tick of niceTicks(0, high, 6)) {
    body += line(x(tick), top - 4, x(tick), bottom, 'grid');
    body += text(x(tick), top - 14, String(tick), { anchor: 'middle', className: 'tick' });
  }
  quantiles.forEach((quantile, index) => {
    const groupTop = top + index * groupHeight + 7;
    body += text(labelWidth - 10, groupTop + barHeight, quantile, { anchor: 'end' });
    (['candidate', 'baseline'] as const).forEach((role, roleIndex) => {
      const value = latency[role].perRowUs[quantile];
      const y = groupTop + roleIndex * barHeight;
      const tooltip =
        `${role} ${quantile}: ${formatNumber(value)} µs per row, ` +
        `${formatNumber(latency[role].perBatchMs[quantile])} ms per batch`;
      body += rect(x(0), y + 1, x(value) - x(0), barHeight - 2, `bar series-${role}`, tooltip);
      body += text(x(value) + 6, y + barHeight / 2, `${formatNumber(value)} µs`, { className: 'number' });
    });
  });
  body += line(x(0), top - 4, x(0), bottom, 'zero');
  body += text(labelWidth + plotWidth / 2, bottom + 22, 'microseconds per row (lower is faster)', {
    anchor: 'middle',
    className: 'axis-title',
  });
  const legendX = labelWidth + plotWidth + 30;
  body += legendEntry(legendX, top + 8, 'swatch series-candidate', 'candidate');
  body += legendEntry(legendX, top + 30, 'swatch series-baseline', 'baseline');
  const { ratio } = latency;
  const ratioText = `ratio ${ratio.estimate.toFixed(2)}×`;
  body += text(legendX, top + 56, ratioText, { className: 'muted' });
  if (ratio.ci !== null) {
    body += text(
      legendX,
      top + 74,
      `${formatPercent(ratio.confidence)}: ${ratio.ci[0].toFixed(2)}–${ratio.ci[1].toFixed(2)}×`,
      { className: 'muted' },
    );
  }
  return svgDocument(width, height, 'Latency per row of the candidate and the baseline', body);
}

/** '+0.0085 [+0.0009, +0.0161]' or '+0.0085' without an interval. */
export function deltaSummary(delta: number | null, ci: [number, number] | null): string {
  if (ci === null) return formatSigned(delta);
  return `${formatSigned(delta)} [${formatSigned(ci[0])}, ${formatSigned(ci[1])}]`;
}
