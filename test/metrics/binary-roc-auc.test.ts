import { describe, expect, it } from 'vitest';
import { binaryRocAuc } from '../../src/metrics/binary-roc-auc.js';

/** The definition, O(P N): pairs where the positive scores higher, ties counting one half. */
function bruteForceAuc(positives: number[], negatives: number[]): number {
  let wins = 0;
  for (const p of positives) for (const q of negatives) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** A small deterministic generator (mulberry32), so the test is seeded. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('binaryRocAuc', () => {
  it('equals the pairwise definition on random scores with many ties', () => {
    const random = mulberry32(42);
    for (let trial = 0; trial < 50; trial++) {
      const positiveCount = 1 + Math.floor(random() * 40);
      const negativeCount = 1 + Math.floor(random() * 40);
      const levels = 1 + Math.floor(random() * 10);
      const draw = (): number => Math.fround(Math.floor(random() * levels) / levels);
      const positives = Array.from({ length: positiveCount }, draw);
      const negatives = Array.from({ length: negativeCount }, draw);
      const auc = binaryRocAuc(Float32Array.from(positives), Float32Array.from(negatives));
      expect(auc).toBeCloseTo(bruteForceAuc(positives, negatives), 14);
    }
  });

  it('gives 1 for perfect separation, 0 for reversed, 0.5 when every score is tied', () => {
    expect(binaryRocAuc(Float32Array.from([0.9, 0.8]), Float32Array.from([0.1, 0.2, 0.3]))).toBe(1);
    expect(binaryRocAuc(Float32Array.from([0.1]), Float32Array.from([0.9, 0.8]))).toBe(0);
    expect(binaryRocAuc(Float32Array.from([0.5, 0.5]), Float32Array.from([0.5]))).toBe(0.5);
  });

  it('is NaN without positives or negatives (the caller reports null)', () => {
    expect(binaryRocAuc(new Float32Array(0), Float32Array.from([0.5]))).toBeNaN();
    expect(binaryRocAuc(Float32Array.from([0.5]), new Float32Array(0))).toBeNaN();
  });
});
