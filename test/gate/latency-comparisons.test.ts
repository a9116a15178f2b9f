// Latency rules: orientation (positive = candidate faster), relative tolerances, the outcome rule of
// classify-outcome.ts, Holm across the latency rules, report-only by default. Data: paired per-row times with
// a shared runner factor per batch and each model's own noise, from a seeded source.
import { describe, expect, it } from 'vitest';

import {
  latencyComparisons,
  latencyMetricName,
  type LatencyRule,
  type PairedRowTimes,
} from '../../src/gate/latency-comparisons.js';
import { pairedLogRatio } from '../../src/stats/paired-log-ratio.js';
import { createRandomSource } from '../../src/stats/random-source.js';
import { sampleQuantiles } from '../../src/stats/sample-quantiles.js';

function normal(random: ReturnType<typeof createRandomSource>): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
  return radius * Math.cos(2 * Math.PI * random.nextDouble());
}

/** n batches; candidate = ratio x baseline, both with a shared factor (spread) and their own noise. */
function pairedTimes(n: number, ratio: number, noise: number, seed = 5): PairedRowTimes {
  const random = createRandomSource(seed, 9);
  const candidateUs: number[] = [];
  const baselineUs: number[] = [];
  for (let batch = 0; batch < n; batch += 1) {
    const shared = 0.7 * Math.exp(0.3 * normal(random));
    baselineUs.push(shared * Math.exp(noise * normal(random)));
    candidateUs.push(ratio * shared * Math.exp(noise * normal(random)));
  }
  return { candidateUs, baselineUs };
}

const relative = (percent: number) => ({ kind: 'relative' as const, percent });
const options = { alpha: 0.05, seed: 1, resamples: 999 };

describe('latencyComparisons', () => {
  it.each([
    ['faster', 0.6, 'improved'],
    ['same speed', 1.0, 'non-inferior'],
    ['twice as slow', 2.0, 'regressed'],
  ] as const)('%s: every statistic gives %s', (_label, ratio, outcome) => {
    const times = pairedTimes(120, ratio, 0.03);
    const rules: LatencyRule[] = (['p50', 'p95', 'p99', 'geomean'] as const).map((statistic) => ({
      statistic,
      tolerance: relative(20),
    }));
    const comparisons = latencyComparisons(times, rules, options);
    expect(comparisons.map((comparison) => comparison.outcome)).toEqual([outcome, outcome, outcome, outcome]);
    for (const comparison of comparisons) {
      expect(comparison.blocking).toBe(false);
      expect(comparison.tolerance).toBe(0.2);
      expect(comparison.toleranceRule).toBe('20%');
      expect(comparison.confidence).toBeCloseTo(0.9, 15);
      const [lower, upper] = comparison.ci as [number, number];
      expect(lower).toBeLessThanOrEqual(comparison.delta as number);
      expect(upper).toBeGreaterThanOrEqual(comparison.delta as number);
      // Positive is better: a slower candidate has a negative delta.
      if (ratio !== 1) expect(Math.sign(comparison.delta as number)).toBe(Math.sign(1 - ratio));
    }
  });

  it('few noisy batches with a 15% slowdown against a 20% tolerance: inconclusive', () => {
    const times = pairedTimes(6, 1.15, 0.2, 3);
    const [comparison] = latencyComparisons(
      times,
      [{ statistic: 'geomean', tolerance: relative(20) }],
      options,
    );
    expect(comparison?.outcome).toBe('inconclusive');
  });

  it('geomean: baseline and candidate are geometric means per row; delta and ci come from the paired ratio', () => {
    const times = pairedTimes(40, 1.1, 0.05);
    const [comparison] = latencyComparisons(
      times,
      [{ statistic: 'geomean', tolerance: relative(5), blocking: true }],
      { ...options, correction: 'none' },
    );
    const ratio = pairedLogRatio(times.candidateUs, times.baselineUs, 0.9);
    const geometricMean = (values: ArrayLike<number>) =>
      Math.exp(Array.from(values).reduce((sum, value) => sum + Math.log(value), 0) / values.length);
    expect(comparison?.metric).toBe('latency_geomean');
    expect(comparison?.baseline).toBeCloseTo(geometricMean(times.baselineUs), 12);
    expect(comparison?.candidate).toBeCloseTo(geometricMean(times.candidateUs), 12);
    expect((comparison?.candidate as number) / (comparison?.baseline as number)).toBeCloseTo(
      ratio.ratio as number,
      12,
    );
    expect(comparison?.delta).toBeCloseTo(1 - (ratio.ratio as number), 14);
    expect(comparison?.ci?.[0]).toBeCloseTo(1 - (ratio.ci as [number, number])[1], 14);
    expect(comparison?.ci?.[1]).toBeCloseTo(1 - (ratio.ci as [number, number])[0], 14);
    expect(comparison?.blocking).toBe(true);
    expect(comparison?.pValueAdjusted).toBe(comparison?.pValue);
    // 10% slower against 5% allowed, on 40 quiet batches: a regression, and the interval says the same.
    expect(comparison?.outcome).toBe('regressed');
    expect((comparison?.ci as [number, number])[1]).toBeLessThan(-0.05);
  });

  it('the p-value and the interval tell the same story, at the boundary', () => {
    const times = pairedTimes(30, 1.1, 0.05, 8);
    const ratio = pairedLogRatio(times.candidateUs, times.baselineUs, 0.9);
    const [lower] = ratio.ci as [number, number];
    // A tolerance a hair below / above the lower limit of the ratio: regressed / not regressed.
    const just = (percent: number) =>
      latencyComparisons(times, [{ statistic: 'geomean', tolerance: relative(percent) }], options)[0];
    expect(just((lower - 1) * 100 - 0.01)?.outcome).toBe('regressed');
    expect(just((lower - 1) * 100 + 0.01)?.outcome).not.toBe('regressed');
    expect(just((lower - 1) * 100 - 0.01)?.pValue as number).toBeLessThan(0.05);
  });

  it('quantile rules: the statistic of each model, in microseconds per row, and delta = 1 - candidate / baseline', () => {
    const times = pairedTimes(50, 1.3, 0.05);
    const comparisons = latencyComparisons(
      times,
      [
        { statistic: 'p50', tolerance: relative(10) },
        { statistic: 'p99', tolerance: relative(10) },
      ],
      options,
    );
    const [baselineP50, baselineP99] = sampleQuantiles(times.baselineUs, [0.5, 0.99]);
    const [candidateP50, candidateP99] = sampleQuantiles(times.candidateUs, [0.5, 0.99]);
    expect(comparisons[0]).toMatchObject({
      metric: 'latency_p50',
      baseline: baselineP50,
      candidate: candidateP50,
    });
    expect(comparisons[1]).toMatchObject({
      metric: 'latency_p99',
      baseline: baselineP99,
      candidate: candidateP99,
    });
    expect(comparisons[0]?.delta).toBe(1 - (candidateP50 as number) / (baselineP50 as number));
    expect(comparisons[1]?.note).toContain('with 50 batches the p99 lies between the two largest times');
    expect(comparisons[0]?.method).toContain('Paired bootstrap over batches');
  });

  it('Holm across the latency rules: adjusted p-values are at least the raw ones', () => {
    const times = pairedTimes(60, 1.12, 0.05);
    const rules: LatencyRule[] = [
      { statistic: 'geomean', tolerance: relative(10) },
      { statistic: 'p95', tolerance: relative(10) },
    ];
    const holm = latencyComparisons(times, rules, options);
    const none = latencyComparisons(times, rules, { ...options, correction: 'none' });
    holm.forEach((comparison, index) => {
      expect(comparison.pValue).toBe(none[index]?.pValue);
      expect(comparison.pValueAdjusted as number).toBeGreaterThanOrEqual(comparison.pValue as number);
      expect(none[index]?.pValueAdjusted).toBe(none[index]?.pValue);
    });
    const smallest = Math.min(...holm.map((comparison) => comparison.pValue as number));
    expect(Math.min(...holm.map((comparison) => comparison.pValueAdjusted as number))).toBeCloseTo(
      Math.min(1, 2 * smallest),
      14,
    );
  });

  it('an absolute tolerance is microseconds per row, divided by the baseline value', () => {
    const times = pairedTimes(30, 1.0, 0.05);
    const [comparison] = latencyComparisons(
      times,
      [{ statistic: 'p95', tolerance: { kind: 'absolute', value: 0.1 } }],
      options,
    );
    expect(comparison?.tolerance).toBeCloseTo(0.1 / (comparison?.baseline as number), 14);
    expect(comparison?.toleranceRule).toBe('0.1 us/row');
  });

  it('too few batches: no interval, inconclusive, and the note says why', () => {
    const times = pairedTimes(2, 1.0, 0.05);
    const comparisons = latencyComparisons(
      times,
      [
        { statistic: 'geomean', tolerance: relative(20) },
        { statistic: 'p95', tolerance: relative(20) },
      ],
      options,
    );
    for (const comparison of comparisons) {
      expect(comparison.ci).toBeNull();
      expect(comparison.pValue).toBeNull();
      expect(comparison.outcome).toBe('inconclusive');
      expect(comparison.note).toContain('only 2 timed batches');
    }
  });

  it('is reproducible at a seed', () => {
    const times = pairedTimes(40, 1.05, 0.1);
    const rules: LatencyRule[] = [{ statistic: 'p95', tolerance: relative(20) }];
    expect(latencyComparisons(times, rules, options)).toEqual(latencyComparisons(times, rules, options));
  });

  it('names the metrics', () => {
    expect(latencyMetricName('p95')).toBe('latency_p95');
    expect(latencyMetricName('geomean')).toBe('latency_geomean');
  });
});
