/**
 * Sample inputs for the chart renderers: chart data computed from seeded synthetic scores (a sharper, better
 * calibrated candidate and a noisier baseline), and a binary report with every optional part the charts read
 * (comparisons, slices with user-chosen names, latency).
 */
import { buildChartData } from '../../src/report/build-chart-data.js';
import type { ChartData } from '../../src/report/chart-data.js';
import type { Comparison, LatencyReport, Report, SliceReport } from '../../src/report/types.js';
import { loadReport } from './report-fixtures.js';

/** mulberry32: a small seeded generator, enough for test data. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Chart data of 1,500 synthetic rows, 30% positives. */
export function sampleChartData(options: { baseline?: boolean; rows?: number } = {}): ChartData {
  const rows = options.rows ?? 1500;
  const random = generator(20250115);
  const positive = new Uint8Array(rows);
  const candidate = new Float32Array(rows);
  const baseline = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    // The candidate is calibrated by construction (the label is drawn with its score as probability); the
    // baseline sees a noisier signal and stretches it (over-confident).
    const logit = 1.7 * normal(random) - 1.2;
    const score = sigmoid(logit);
    positive[row] = random() < score ? 1 : 0;
    candidate[row] = score;
    baseline[row] = sigmoid(1.5 * (logit + 1.1 * normal(random)));
  }
  const charts = buildChartData({
    candidate: { scores: candidate, positive },
    baseline: options.baseline === false ? null : { scores: baseline, positive },
  });
  if (charts === undefined) throw new Error('sampleChartData: no chart data');
  return charts;
}

function shifted(comparison: Comparison, shift: number, widen: number): Comparison {
  const delta = (comparison.delta ?? 0) + shift;
  const [lower, upper] = comparison.ci ?? [delta, delta];
  const half = ((upper - lower) / 2) * widen;
  return { ...comparison, delta, ci: [delta - half, delta + half] };
}

/** Slices named by a user: a hostile column name and values with quotes, markup and Mermaid syntax. */
export const HOSTILE_SLICE_VALUES = [
  'north',
  'east "quoted"',
  '%%{init: {"theme": "dark"}}%%',
  '<script>alert(1)</script>',
  '```\nend fence',
  'Zürich; 東京 #x',
] as const;

export const HOSTILE_COLUMN = 'region"] line [1 %% x';

/** binary-pass-with-comparisons with slices (two columns, hostile names) and a latency report. */
export function fullReport(): Report {
  const report = loadReport('binary-pass-with-comparisons');
  const slice = (index: number, count: number): SliceReport => ({
    n: count,
    metrics: report.metrics,
    comparisons: report.comparisons.map((comparison) =>
      shifted(comparison, (index % 3) * 0.006 - 0.008, 1.5 + index * 0.4),
    ),
  });
  report.slices = {
    [HOSTILE_COLUMN]: Object.fromEntries(
      HOSTILE_SLICE_VALUES.map((value, index) => [value, slice(index, 200 + 40 * index)]),
    ),
    plan: { basic: slice(6, 900), premium: slice(7, 1100) },
  };
  report.sliceSummary = {
    columns: [HOSTILE_COLUMN, 'plan'],
    minSize: 30,
    shown: { [HOSTILE_COLUMN]: HOSTILE_SLICE_VALUES.length, plan: 2 },
    suppressed: { [HOSTILE_COLUMN]: 1, plan: 0 },
  };
  report.latency = sampleLatency();
  return report;
}

export function sampleLatency(): LatencyReport {
  return {
    candidate: {
      perBatchMs: { p50: 1.9, p95: 2.6, p99: 3.4 },
      perRowUs: { p50: 0.232, p95: 0.317, p99: 0.415 },
      rowsPerSecond: 4_100_000,
      bytes: 48213,
    },
    baseline: {
      perBatchMs: { p50: 1.5, p95: 2.1, p99: 2.5 },
      perRowUs: { p50: 0.183, p95: 0.256, p99: 0.305 },
      rowsPerSecond: 5_300_000,
      bytes: 40960,
    },
    batches: 40,
    warmupBatches: 3,
    ratio: { estimate: 1.27, ci: [1.19, 1.35], confidence: 0.9, method: 'paired log-ratio t interval' },
    comparisons: [],
  };
}
