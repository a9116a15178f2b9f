// The latency section of the report against NumPy / SciPy values computed from the same recorded batches
// (scripts/reference/latency_reference.py -> latency.json): quantiles per batch and per row, throughput, the
// ratio, the warm-up actually used, the batches counted, and the notes. Tolerance: 1e-12 relative.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { buildLatencyReport } from '../../src/evaluation/build-latency-report.js';
import { LatencyRecorder } from '../../src/inference/latency-recorder.js';
import type { LatencyQuantiles } from '../../src/report/types.js';

interface ExpectedModel {
  perBatchMs: LatencyQuantiles;
  perRowUs: LatencyQuantiles;
  rowsPerSecond: number;
}

interface ReportCase {
  name: string;
  candidateNs: number[];
  baselineNs: number[];
  rows: number[];
  warmup: number;
  expected: {
    warmupBatches: number;
    batches: number;
    candidate: ExpectedModel;
    baseline: ExpectedModel;
    ratio: number;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/latency.json', import.meta.url), 'utf8'),
) as { reports: ReportCase[] };

function expectRelative(actual: number, expected: number): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThanOrEqual(1e-12);
}

function recorderFor(testCase: ReportCase): LatencyRecorder {
  const recorder = new LatencyRecorder({ warmupBatches: testCase.warmup });
  testCase.rows.forEach((rows, index) => {
    recorder.record(rows, testCase.candidateNs[index] as number, testCase.baselineNs[index] as number);
  });
  return recorder;
}

function reportCase(name: string): ReportCase {
  const found = fixture.reports.find((candidate) => candidate.name.startsWith(name));
  if (found === undefined) throw new Error(`no report case ${name}`);
  return found;
}

describe('buildLatencyReport against NumPy / SciPy', () => {
  for (const testCase of fixture.reports) {
    it(testCase.name, () => {
      const built = buildLatencyReport({
        timings: recorderFor(testCase).timings(),
        bytes: { candidate: 1234, baseline: 5678 },
        alpha: 0.05,
      });
      if (built === null) throw new Error('no report');
      const { latency } = built;
      const { expected } = testCase;
      expect(latency.warmupBatches).toBe(expected.warmupBatches);
      expect(latency.batches).toBe(expected.batches);
      for (const role of ['candidate', 'baseline'] as const) {
        for (const kind of ['perBatchMs', 'perRowUs'] as const) {
          for (const key of ['p50', 'p95', 'p99'] as const) {
            expectRelative(latency[role][kind][key], expected[role][kind][key]);
          }
        }
        expectRelative(latency[role].rowsPerSecond, expected[role].rowsPerSecond);
      }
      expect(latency.candidate.bytes).toBe(1234);
      expect(latency.baseline.bytes).toBe(5678);
      expectRelative(latency.ratio.estimate, expected.ratio);
      expect(latency.ratio.confidence).toBeCloseTo(0.9, 15);
      expect(latency.ratio.method).toContain('Geometric mean of paired per-batch time ratios');
      expect(latency.comparisons).toEqual([]);
    });
  }

  it('notes the batch left out of the quantiles; the interval exists with 10 batches', () => {
    const built = buildLatencyReport({
      timings: recorderFor(reportCase('13 batches')).timings(),
      bytes: { candidate: 1, baseline: 1 },
      alpha: 0.05,
    });
    expect(built?.notes).toEqual([
      'latency: 1 batch smaller than 8192 rows counted in the throughput only (not in the quantiles, the ratio or the rules)',
    ]);
    const ci = built?.latency.ratio.ci;
    expect(ci).not.toBeNull();
    expect((ci as [number, number])[0]).toBeLessThan(built?.latency.ratio.estimate as number);
  });

  it('notes a shrunk warm-up and a missing interval', () => {
    const built = buildLatencyReport({
      timings: recorderFor(reportCase('2 batches')).timings(),
      bytes: { candidate: 1, baseline: 1 },
      alpha: 0.05,
    });
    expect(built?.latency.ratio.ci).toBeNull();
    expect(built?.notes).toEqual([
      'latency: the data has 2 batches, so the warm-up was 1 instead of 2',
      'latency: no interval for the ratio: only 1 timed batch: an interval needs at least 3 ' +
        '(more data, or fewer warm-up batches)',
    ]);
  });

  it('says the first run is included when the data has a single batch', () => {
    const recorder = new LatencyRecorder();
    recorder.record(200, 1_000_000, 2_000_000);
    const built = buildLatencyReport({
      timings: recorder.timings(),
      bytes: { candidate: 1, baseline: 1 },
      alpha: 0.1,
    });
    expect(built?.latency.warmupBatches).toBe(0);
    expect(built?.latency.ratio.estimate).toBe(0.5);
    expect(built?.latency.ratio.confidence).toBeCloseTo(0.8, 15);
    expect(built?.notes[0]).toBe(
      'latency: the data has 1 batch, so the warm-up was 0 instead of 2: the times include the first run of each session',
    );
  });

  it('is null when nothing was timed', () => {
    const timings = new LatencyRecorder().timings();
    expect(buildLatencyReport({ timings, bytes: { candidate: 1, baseline: 1 }, alpha: 0.05 })).toBeNull();
  });

  it('adds the comparisons of the latency rules, in rule order, report-only by default', () => {
    const built = buildLatencyReport({
      timings: recorderFor(reportCase('13 batches')).timings(),
      bytes: { candidate: 1, baseline: 1 },
      alpha: 0.05,
      rules: [
        { statistic: 'p95', tolerance: { kind: 'relative', percent: 20 } },
        { statistic: 'geomean', tolerance: { kind: 'relative', percent: 5 }, blocking: true },
      ],
      seed: 3,
      resamples: 999,
    });
    const comparisons = built?.latency.comparisons ?? [];
    expect(comparisons.map((comparison) => [comparison.metric, comparison.blocking])).toEqual([
      ['latency_p95', false],
      ['latency_geomean', true],
    ]);
    // The candidate is about 16% slower per row (ratio 1.158): more than the 5% the geomean rule allows.
    const geomean = comparisons[1];
    expect(geomean?.delta).toBeCloseTo(1 - reportCase('13 batches').expected.ratio, 12);
    expect(geomean?.outcome).not.toBe('non-inferior');
    expect(geomean?.outcome).not.toBe('improved');
    const p95 = comparisons[0];
    expect(p95?.baseline).toBeCloseTo(reportCase('13 batches').expected.baseline.perRowUs.p95, 12);
    expect(p95?.candidate).toBeCloseTo(reportCase('13 batches').expected.candidate.perRowUs.p95, 12);
    expect(p95?.method).toContain('999 resamples, seed 3');
  });
});
