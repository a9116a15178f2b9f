import { describe, expect, it } from 'vitest';

import { summarizeDifferences } from '../../src/stats/paired-mean-difference.js';
import { createRandomSource } from '../../src/stats/random-source.js';
import { RunningDifferenceSummary } from '../../src/stats/running-difference-summary.js';

describe('RunningDifferenceSummary', () => {
  it('matches the two-pass summary whatever the batch sizes', () => {
    const random = createRandomSource(7);
    const values = Float64Array.from({ length: 10_001 }, () => 1e4 + random.nextUint32() / 2 ** 32);
    const expected = summarizeDifferences(values);
    for (const batch of [1, 7, 4096, values.length]) {
      const running = new RunningDifferenceSummary();
      for (let start = 0; start < values.length; start += batch) {
        const slice = values.subarray(start, Math.min(values.length, start + batch));
        running.addBatch(slice);
      }
      const summary = running.summary();
      expect(summary.n).toBe(expected.n);
      expect(summary.mean).toBeCloseTo(expected.mean, 10);
      expect(summary.standardDeviation / expected.standardDeviation).toBeCloseTo(1, 9);
    }
  });

  it('reports an empty and a one-row summary as undefined spread', () => {
    const running = new RunningDifferenceSummary();
    expect(running.summary().n).toBe(0);
    running.addBatch([2.5]);
    expect(running.summary().mean).toBe(2.5);
    expect(Number.isNaN(running.summary().standardDeviation)).toBe(true);
  });
});
