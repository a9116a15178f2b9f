// Every generated chart is parsed by mermaid's own parser (the package GitHub's renderer is built on), and a
// deliberately broken chart is rejected, so the check is real. Mermaid needs a DOM when it loads (DOMPurify
// binds to `window` then): a jsdom window is made global before mermaid is imported. Only `window` and
// `document` are set, so Node's own URL and the rest of the test environment stay as they are.
import { JSDOM } from 'jsdom';
import type MermaidModule from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';

import type { ChartData } from '../../src/report/chart-data.js';
import { niceRange, niceTicks } from '../../src/report/chart-scale.js';
import {
  mermaidBlock,
  mermaidCharts,
  mermaidComparisonChart,
  mermaidLatencyChart,
  mermaidNumber,
  mermaidReliabilityChart,
  mermaidRocChart,
  mermaidSliceCharts,
  mermaidString,
  renderMermaidSection,
  tprAtFpr,
} from '../../src/report/render-mermaid.js';
import type { MermaidChart } from '../../src/report/render-mermaid.js';
import type { Report } from '../../src/report/types.js';
import { HOSTILE_COLUMN, HOSTILE_SLICE_VALUES, fullReport, sampleChartData } from './chart-fixtures.js';
import { FIXTURE_NAMES, loadReport } from './report-fixtures.js';

interface ParseResult {
  diagramType: string;
  config: { theme?: string; themeVariables?: { xyChart?: { plotColorPalette?: string } } };
}

type Mermaid = typeof MermaidModule;
let mermaid: Mermaid;

beforeAll(async () => {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window, document: window.document });
  mermaid = (await import('mermaid')).default;
});

async function parse(source: string): Promise<ParseResult> {
  return (await mermaid.parse(source)) as ParseResult;
}

const CHART_DATA = sampleChartData();

/** Every chart of every sample report, with and without chart data. */
function allCharts(): Array<[string, MermaidChart]> {
  const cases: Array<[string, Report, ChartData | undefined]> = [
    ...FIXTURE_NAMES.map((name): [string, Report, ChartData | undefined] => [
      name,
      loadReport(name),
      loadReport(name).task === 'binary' ? CHART_DATA : undefined,
    ]),
    ['full', fullReport(), CHART_DATA],
    ['full, no baseline curves', fullReport(), sampleChartData({ baseline: false })],
  ];
  return cases.flatMap(([name, report, charts]) =>
    mermaidCharts(report, charts).map((chart): [string, MermaidChart] => [`${name}: ${chart.kind}`, chart]),
  );
}

/** The quoted strings of a source line. */
function quoted(line: string): string[] {
  return Array.from(line.matchAll(/"([^"]*)"/g), (match) => match[1] ?? '');
}

describe('every chart passes mermaid.parse', () => {
  const charts = allCharts();

  it('covers every kind of chart', () => {
    expect(new Set(charts.map(([, chart]) => chart.kind))).toEqual(
      new Set(['comparisons', 'slices', 'roc', 'reliability', 'latency']),
    );
  });

  it.each(charts)('%s', async (_name, chart) => {
    const result = await parse(chart.source);
    expect(result.diagramType).toBe('xychart');
    // The directive is read: the theme and palette are ours, and a slice value could not replace them.
    expect(result.config.theme).toBe('base');
    const palette = result.config.themeVariables?.xyChart?.plotColorPalette ?? '';
    const lines = chart.source.split('\n');
    const series = lines.filter((line) => /^ {2}(line|bar) \[/.test(line));
    expect(palette.split(', ')).toHaveLength(series.length);
    // Structure: one directive line first, nothing that could end the code fence or start a comment.
    expect(lines[0]).toMatch(/^%%\{init: \{.*\}\}%%$/);
    expect(lines.slice(1).some((line) => line.includes('%'))).toBe(false);
    expect(lines.some((line) => line.trimStart().startsWith('```'))).toBe(false);
    // Every series has one number per category (or per point of a numeric axis).
    const categories = lines.find((line) => line.startsWith('  x-axis ['));
    for (const line of series) {
      const values = line.slice(line.indexOf('[') + 1, -1).split(', ');
      expect(
        values.every((value) => /^-?\d+(\.\d+)?$/.test(value)),
        line,
      ).toBe(true);
      if (categories !== undefined) expect(values).toHaveLength(quoted(categories).length);
    }
    // The caption is Markdown with the colours named.
    expect(chart.caption.length).toBeGreaterThan(20);
    expect(mermaidBlock(chart)).toBe(`\`\`\`mermaid\n${chart.source}\n\`\`\``);
  });
});

describe('the validation is real', () => {
  const [, chart] = allCharts().find(([name]) => name === 'full: slices')!;

  it('mermaid.parse rejects a broken chart', async () => {
    await expect(parse(chart.source.replace(/\]$/m, ''))).rejects.toThrow(/Parse error/);
    await expect(parse(chart.source.replace('line [', 'line ['.repeat(2)))).rejects.toThrow();
    await expect(parse(chart.source.replace('x-axis ["all rows"', 'x-axis ["all "rows"'))).rejects.toThrow();
    await expect(parse(`${chart.source}\n  line [1e-7]`)).rejects.toThrow();
  });

  it('a raw user value would have broken the chart: escaping is what keeps it valid', async () => {
    const raw = chart.source.replace('"all rows"', `"${HOSTILE_COLUMN}"`);
    await expect(parse(raw)).rejects.toThrow();
    expect(chart.source).not.toContain(HOSTILE_COLUMN);
  });
});

describe('labels from users', () => {
  it('quotes, directives, markup, fences and line breaks are neutralized', () => {
    expect(mermaidString('a "b" c')).toBe('"a #34;b#34; c"');
    expect(mermaidString('%%{init: {"theme": "dark"}}%%', 60)).toBe(
      '"#37;#37;{init: {#34;theme#34;: #34;dark#34;}}#37;#37;"',
    );
    expect(mermaidString('<img src=x onerror=alert(1)> & #quot;', 60)).toBe(
      '"#60;img src=x onerror=alert(1)#62; #38; #35;quot;"',
    );
    expect(mermaidString('```\nend')).toBe('"``` end"');
    expect(mermaidString('Zürich 東京 ﬂ°°¶ß')).toBe('"Zürich 東京 #64258;°°#182;ß"');
    expect(mermaidString('x'.repeat(40))).toBe(`"${'x'.repeat(27)}…"`);
  });

  it('slice charts show every hostile slice value as text and parse', async () => {
    const [chart] = mermaidSliceCharts(fullReport());
    const axis = chart!.source.split('\n').find((line) => line.startsWith('  x-axis'))!;
    expect(quoted(axis)).toHaveLength(1 + HOSTILE_SLICE_VALUES.length + 2);
    expect(axis).toContain('#34;quoted#34;');
    expect(axis).toContain('#60;script#62;');
    await expect(parse(chart!.source)).resolves.toMatchObject({ diagramType: 'xychart' });
    expect(chart!.title).toBe('Slices: accuracy');
  });

  it('labels cut to the same text stay distinct (xychart would merge them)', () => {
    const report = fullReport();
    const long = 'v'.repeat(40);
    report.slices = {
      c: Object.fromEntries([`${long}1`, `${long}2`].map((value) => [value, report.slices!.plan!.basic!])),
    };
    const [chart] = mermaidSliceCharts(report);
    const axis = chart!.source.split('\n').find((line) => line.startsWith('  x-axis'))!;
    const labels = quoted(axis);
    expect(new Set(labels).size).toBe(labels.length);
  });
});

describe('chart content', () => {
  it('comparisons: Δ, bounds, 0 and −1 in tolerances, one category per metric', () => {
    const report = loadReport('binary-pass-with-comparisons');
    const chart = mermaidComparisonChart(report)!;
    const lines = chart.source.split('\n');
    expect(lines[1]).toBe('xychart-beta horizontal');
    expect(lines).toContain('  x-axis ["accuracy", "roc_auc", "log_loss", "f1_macro"]');
    const first = report.comparisons[0]!;
    expect(lines).toContain(
      `  line [${report.comparisons.map((c) => mermaidNumber(c.ci![1] / c.tolerance!)).join(', ')}]`,
    );
    expect(lines).toContain(`  line [${mermaidNumber(first.delta! / first.tolerance!)}, 0.71, 0.72, 0.84]`);
    expect(lines).toContain('  line [-1, -1, -1, -1]');
    expect(lines).toContain('  line [0, 0, 0, 0]');
    expect(chart.caption).toContain('90% interval');
  });

  it('comparisons without a positive tolerance are drawn in raw units, or named as left out', () => {
    const report = loadReport('binary-pass-with-comparisons');
    report.comparisons[1]!.tolerance = 0;
    const mixed = mermaidComparisonChart(report)!;
    expect(mixed.source).toContain('x-axis ["accuracy", "log_loss", "f1_macro"]');
    expect(mixed.caption).toContain('Not drawn');
    expect(mixed.caption).toContain('roc\\_auc');
    for (const comparison of report.comparisons) comparison.tolerance = null;
    const raw = mermaidComparisonChart(report)!;
    expect(raw.source).toContain('"delta (positive = better)"');
    expect(raw.source).not.toContain('line [-1,');
    report.comparisons = report.comparisons.slice(0, 1);
    expect(mermaidComparisonChart(report)).toBeNull();
  });

  it('ROC: candidate, baseline and chance on a 51-point FPR grid; baseline left out when absent', () => {
    const report = loadReport('binary-pass');
    const chart = mermaidRocChart(report, CHART_DATA)!;
    const series = chart.source.split('\n').filter((line) => line.startsWith('  line'));
    expect(series).toHaveLength(3);
    for (const line of series) expect(line.split(', ')).toHaveLength(51);
    expect(chart.source).toContain('x-axis "false positive rate" 0 --> 1');
    expect(chart.caption).toContain(`AUC ${CHART_DATA.roc!.candidate.auc.toFixed(4)}`);
    const alone = mermaidRocChart(report, sampleChartData({ baseline: false }))!;
    expect(alone.source.split('\n').filter((line) => line.startsWith('  line'))).toHaveLength(2);
    expect(alone.caption).not.toContain('baseline');
    expect(mermaidRocChart(report, undefined)).toBeNull();
    expect(mermaidRocChart(loadReport('regression'), CHART_DATA)).toBeNull();
  });

  it('reliability: bins empty for a model are left out and named', () => {
    const charts = sampleChartData();
    const reliability = structuredClone(charts.reliability!);
    reliability.baseline!.bins[9] = {
      ...reliability.baseline!.bins[9]!,
      count: 0,
      meanPredicted: null,
      observedFrequency: null,
    };
    const chart = mermaidReliabilityChart(loadReport('binary-pass'), { reliability })!;
    expect(chart.source).not.toContain('"0.9-1"');
    expect(chart.source).toContain('"0.8-0.9"');
    expect(chart.caption).toContain('left out: 0.9-1');
  });

  it('latency: six bars from 0, or nothing without latency', () => {
    const chart = mermaidLatencyChart(fullReport())!;
    expect(chart.source).toContain(
      'x-axis ["candidate p50", "baseline p50", "candidate p95", "baseline p95", "candidate p99", "baseline p99"]',
    );
    expect(chart.source).toContain('  bar [0.232, 0.183, 0.317, 0.256, 0.415, 0.305]');
    expect(chart.source).toMatch(/y-axis "microseconds per row" 0 --> 0\.\d+/);
    expect(chart.caption).toContain('1.27× (90% interval 1.19× to 1.35×)');
    expect(mermaidLatencyChart(loadReport('binary-pass'))).toBeNull();
  });

  it('the Markdown section: a heading, then caption and block per chart; empty without charts', () => {
    const section = renderMermaidSection(fullReport(), CHART_DATA);
    expect(section.startsWith('#### Charts\n\n**Gate rules: Δ with its interval**\n\n')).toBe(true);
    expect(section.match(/```mermaid\n/g)).toHaveLength(mermaidCharts(fullReport(), CHART_DATA).length);
    expect(renderMermaidSection(loadReport('binary-pass'))).toBe('');
  });
});

describe('helpers', () => {
  it('mermaidNumber writes plain decimals', () => {
    expect(mermaidNumber(1e-7)).toBe('0');
    expect(mermaidNumber(-0)).toBe('0');
    expect(mermaidNumber(0.1 + 0.2)).toBe('0.3');
    expect(mermaidNumber(-1234567.891)).toBe('-1234567.891');
    expect(() => mermaidNumber(Number.NaN)).toThrow(RangeError);
    expect(() => mermaidNumber(1e21)).toThrow(RangeError);
  });

  it('niceRange covers the values and the references on round numbers', () => {
    expect(niceRange([0.2, 3.1], [-1, 0])).toEqual([-2, 4]);
    expect(niceRange([0.02, 0.031], [0])).toEqual([-0.005, 0.035]);
    expect(niceRange([0.232, 0.415], [0])).toEqual([-0.1, 0.5]);
    expect(niceTicks(-2, 4)).toEqual([-2, -1, 0, 1, 2, 3, 4]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const [low, high] = niceRange([5, 5]);
    expect(low).toBeLessThan(5);
    expect(high).toBeGreaterThan(5);
  });

  it('tprAtFpr takes the top of a vertical segment and interpolates a diagonal one', () => {
    const points = [
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 0, tpr: 0.5, threshold: 0.9 },
      { fpr: 0.5, tpr: 1, threshold: 0.4 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ];
    expect(tprAtFpr(points, 0)).toBe(0.5);
    expect(tprAtFpr(points, 0.25)).toBe(0.75);
    expect(tprAtFpr(points, 1)).toBe(1);
  });
});
