// The latency recorder: interleaved order, one duration per model per batch from an injected clock, the
// warm-up (and how it shrinks for short data), and a real measurement of two fixture models, checked for
// sanity only (positive, finite), never against a time threshold: runners are noisy.
import { describe, expect, it } from 'vitest';

import { buildLatencyReport } from '../../src/evaluation/build-latency-report.js';
import { createPredictor } from '../../src/inference/create-predictor.js';
import {
  DEFAULT_WARMUP_BATCHES,
  LatencyRecorder,
  runOrder,
  type Clock,
  type ModelRole,
} from '../../src/inference/latency-recorder.js';
import { loadModel } from '../../src/inference/load-model.js';
import { FEATURES, featureMatrix, modelPath, readCsv, sliceRows } from './fixtures.js';

/** A clock the fake models move forward: each run advances it by its own duration (nanoseconds). */
function fakeClock(): { clock: Clock; advance: (nanoseconds: number) => void } {
  let now = 1_000n;
  return {
    clock: () => now,
    advance: (nanoseconds) => {
      now += BigInt(nanoseconds);
    },
  };
}

describe('runOrder', () => {
  it('puts the candidate first on even batches and the baseline first on odd ones', () => {
    expect(runOrder(0)).toEqual(['candidate', 'baseline']);
    expect(runOrder(1)).toEqual(['baseline', 'candidate']);
    expect(runOrder(2)).toEqual(['candidate', 'baseline']);
    expect(runOrder(123)).toEqual(['baseline', 'candidate']);
  });

  it.each([-1, 1.5, Number.NaN])('rejects the batch index %s', (index) => {
    expect(() => runOrder(index)).toThrow('batch index must be a non-negative integer');
  });
});

describe('LatencyRecorder with a fake clock', () => {
  it('runs the models in alternating order and times each run alone', async () => {
    const { clock, advance } = fakeClock();
    const recorder = new LatencyRecorder({ clock, warmupBatches: 0 });
    const calls: ModelRole[] = [];
    for (let batch = 0; batch < 4; batch += 1) {
      expect(recorder.nextOrder()).toEqual(runOrder(batch));
      const result = await recorder.timeBatch(100, {
        candidate: async () => {
          calls.push('candidate');
          advance(3_000_000 + batch);
          return `c${batch}`;
        },
        baseline: async () => {
          calls.push('baseline');
          advance(2_000_000);
          return batch;
        },
      });
      expect(result).toEqual({ candidate: `c${batch}`, baseline: batch });
      // Time spent between the runs (e.g. by the caller) belongs to neither model.
      advance(50_000_000);
    }
    expect(calls).toEqual([
      'candidate',
      'baseline',
      'baseline',
      'candidate',
      'candidate',
      'baseline',
      'baseline',
      'candidate',
    ]);
    const timings = recorder.timings();
    expect(timings.recorded).toBe(4);
    expect(timings.warmupBatches).toBe(0);
    expect(Array.from(timings.candidateMs)).toEqual([3, 3.000001, 3.000002, 3.000003]);
    expect(Array.from(timings.baselineMs)).toEqual([2, 2, 2, 2]);
    expect(Array.from(timings.rows)).toEqual([100, 100, 100, 100]);
  });

  it(`leaves out the first ${DEFAULT_WARMUP_BATCHES} batches by default`, async () => {
    const { clock, advance } = fakeClock();
    const recorder = new LatencyRecorder({ clock });
    for (let batch = 0; batch < 5; batch += 1) {
      await recorder.timeBatch(10 + batch, {
        candidate: async () => advance((batch + 1) * 1_000_000),
        baseline: async () => advance((batch + 1) * 2_000_000),
      });
    }
    const timings = recorder.timings();
    expect(timings).toMatchObject({ recorded: 5, warmupBatches: 2, requestedWarmupBatches: 2 });
    expect(Array.from(timings.candidateMs)).toEqual([3, 4, 5]);
    expect(Array.from(timings.baselineMs)).toEqual([6, 8, 10]);
    expect(Array.from(timings.rows)).toEqual([12, 13, 14]);
  });

  it.each([
    [0, 0, 0],
    [1, 0, 1],
    [2, 1, 1],
    [3, 2, 1],
    [4, 2, 2],
  ])('with %i batches and a warm-up of 2, %i are warm-up and %i kept', async (batches, warmup, kept) => {
    const { clock, advance } = fakeClock();
    const recorder = new LatencyRecorder({ clock, warmupBatches: 2 });
    for (let batch = 0; batch < batches; batch += 1) {
      await recorder.timeBatch(8, { candidate: async () => advance(5), baseline: async () => advance(7) });
    }
    const timings = recorder.timings();
    expect(timings.warmupBatches).toBe(warmup);
    expect(timings.rows.length).toBe(kept);
  });

  it('counts a run faster than the clock resolution as 1 ns, so ratios stay defined', async () => {
    const { clock, advance } = fakeClock();
    const recorder = new LatencyRecorder({ clock, warmupBatches: 0 });
    await recorder.timeBatch(1, { candidate: async () => undefined, baseline: async () => advance(10) });
    expect(Array.from(recorder.timings().candidateMs)).toEqual([1e-6]);
  });

  it('records nothing for a batch whose run throws', async () => {
    const recorder = new LatencyRecorder({ warmupBatches: 0 });
    await expect(
      recorder.timeBatch(5, {
        candidate: async () => {
          throw new Error('boom');
        },
        baseline: async () => 1,
      }),
    ).rejects.toThrow('boom');
    expect(recorder.batches).toBe(0);
  });

  it('accepts batches timed by the caller, and checks them', () => {
    const recorder = new LatencyRecorder({ warmupBatches: 0 });
    recorder.record(10, 2_500_000, 5_000_000);
    expect(Array.from(recorder.timings().candidateMs)).toEqual([2.5]);
    expect(() => recorder.record(10, 0, 1)).toThrow('a duration must be a positive number of nanoseconds');
    expect(() => recorder.record(-1, 1, 1)).toThrow('rows must be a whole number >= 0, got -1');
    expect(() => new LatencyRecorder({ warmupBatches: -1 })).toThrow(
      'warm-up batches must be a whole number',
    );
  });
});

describe('a real measurement: binary-proba.onnx against zipmap-binary.onnx on binary.csv', () => {
  it('gives positive, finite times, ratio, throughput and sizes', async () => {
    const candidateModel = await loadModel({
      path: modelPath('binary-proba.onnx'),
      displayPath: 'binary-proba.onnx',
      role: 'candidate',
    });
    const baselineModel = await loadModel({
      path: modelPath('zipmap-binary.onnx'),
      displayPath: 'zipmap-binary.onnx',
      role: 'baseline',
    });
    try {
      const options = { task: 'binary' as const, featureColumns: FEATURES };
      const candidate = createPredictor(candidateModel, options);
      const baseline = createPredictor(baselineModel, options);
      const matrix = featureMatrix(readCsv('binary.csv'), FEATURES);
      const recorder = new LatencyRecorder();
      const batchSize = 30; // 200 rows: 6 batches of 30 and a last one of 20
      for (let start = 0; start < matrix.rows; start += batchSize) {
        const batch = sliceRows(matrix, FEATURES.length, start, Math.min(matrix.rows, start + batchSize));
        const result = await recorder.timeBatch(batch.rows, {
          candidate: () => candidate.predict(batch),
          baseline: () => baseline.predict(batch),
        });
        expect(result.candidate.rows).toBe(batch.rows);
        expect(result.baseline.rows).toBe(batch.rows);
      }
      const built = buildLatencyReport({
        timings: recorder.timings(),
        bytes: { candidate: candidateModel.bytes, baseline: baselineModel.bytes },
        alpha: 0.05,
        rules: [{ statistic: 'p95', tolerance: { kind: 'relative', percent: 20 } }],
        seed: 1,
        resamples: 500,
      });
      if (built === null) throw new Error('no latency report');
      const { latency } = built;
      expect(latency.warmupBatches).toBe(2);
      expect(latency.batches).toBe(4); // 5 kept batches, the last (20 rows) only in the throughput
      for (const model of [latency.candidate, latency.baseline]) {
        for (const quantiles of [model.perBatchMs, model.perRowUs]) {
          for (const value of [quantiles.p50, quantiles.p95, quantiles.p99]) {
            expect(Number.isFinite(value) && value > 0).toBe(true);
          }
          expect(quantiles.p50).toBeLessThanOrEqual(quantiles.p95);
          expect(quantiles.p95).toBeLessThanOrEqual(quantiles.p99);
        }
        expect(Number.isFinite(model.rowsPerSecond) && model.rowsPerSecond > 0).toBe(true);
      }
      expect(latency.candidate.bytes).toBe(candidateModel.bytes);
      expect(latency.baseline.bytes).toBe(baselineModel.bytes);
      expect(latency.candidate.bytes).toBeGreaterThan(0);
      expect(Number.isFinite(latency.ratio.estimate) && latency.ratio.estimate > 0).toBe(true);
      const [lower, upper] = latency.ratio.ci ?? [Number.NaN, Number.NaN];
      expect(lower > 0 && lower <= latency.ratio.estimate && latency.ratio.estimate <= upper).toBe(true);
      expect(Number.isFinite(upper)).toBe(true);
      expect(latency.comparisons).toHaveLength(1);
      expect(latency.comparisons[0]?.blocking).toBe(false);
      expect(built.notes).toEqual([
        'latency: 1 batch smaller than 30 rows counted in the throughput only (not in the quantiles, the ratio or the rules)',
      ]);
    } finally {
      await candidateModel.release();
      await baselineModel.release();
    }
  });
});
