// The small building blocks: compensated summation, chunked score storage, per-row helpers.
import { describe, expect, it } from 'vitest';
import { NeumaierSum } from '../../src/metrics/neumaier-sum.js';
import { perExampleLogLoss } from '../../src/metrics/per-example-log-loss.js';
import { perExampleSquaredError } from '../../src/metrics/per-example-squared-error.js';
import { rowCorrectness } from '../../src/metrics/row-correctness.js';
import { ScoreStore } from '../../src/metrics/score-store.js';

describe('NeumaierSum', () => {
  it("recovers small terms that naive summation drops (Neumaier's example)", () => {
    const sum = new NeumaierSum();
    for (const value of [1, 1e100, 1, -1e100]) sum.add(value);
    expect(sum.value).toBe(2);
    expect(new NeumaierSum().value).toBe(0);
  });

  it('sums a million 0.1s to the correctly rounded result', () => {
    const sum = new NeumaierSum();
    let naive = 0;
    for (let i = 0; i < 1_000_000; i++) {
      sum.add(0.1);
      naive += 0.1;
    }
    // The exact sum is 1e6 * fl(0.1) = 100000.0000000000055..., which rounds to 100000 (ulp 1.5e-11).
    expect(sum.value).toBe(100000);
    expect(naive).not.toBe(sum.value);
  });
});

describe('ScoreStore', () => {
  it('appends strided columns across chunk boundaries', () => {
    const store = new ScoreStore(2, false, 2);
    // Rows of 3 columns; keep columns 1 and 2.
    store.append(Float64Array.from([0, 1, 2, 10, 11, 12, 20, 21, 22]), 3, 1, Int32Array.from([5, 6, 7]), 3);
    store.append(Float32Array.from([30, 31, 32]), 3, 1, Int32Array.from([8]), 1);
    expect(store.length).toBe(4);
    const chunks = store.chunkList();
    expect(chunks.map((chunk) => chunk.rows)).toEqual([2, 2]);
    expect(Array.from(chunks[0]!.scores)).toEqual([1, 2, 11, 12]);
    expect(Array.from(chunks[1]!.scores)).toEqual([21, 22, 31, 32]);
    expect(Array.from(chunks[1]!.labels)).toEqual([7, 8]);
  });
});

describe('per-row helpers', () => {
  it('perExampleLogLoss clips to [1e-15, 1 - 1e-15] and renormalizes each row', () => {
    const out = new Float64Array(3);
    perExampleLogLoss(Int32Array.from([0, 1, 0]), Float64Array.from([0.25, 0.75, 0, 1, 0.2, 0.6]), 2, 3, out);
    expect(out[0]).toBeCloseTo(-Math.log(0.25), 15);
    expect(out[1]).toBeCloseTo(-Math.log(1 - 1e-15), 20);
    expect(out[2]).toBeCloseTo(-Math.log(0.2 / 0.8), 15);
    expect(() => perExampleLogLoss(Int32Array.from([2]), Float64Array.from([0.5, 0.5]), 2, 1, out)).toThrow(
      RangeError,
    );
  });

  it('perExampleSquaredError and rowCorrectness', () => {
    const squared = new Float64Array(2);
    perExampleSquaredError(Float64Array.from([1, -2]), Float32Array.from([0.5, 1]), 2, squared);
    expect(Array.from(squared)).toEqual([0.25, 9]);
    const correct = new Uint8Array(3);
    rowCorrectness(Int32Array.from([0, 1, 2]), Int32Array.from([0, 2, 2]), 3, correct);
    expect(Array.from(correct)).toEqual([1, 0, 1]);
  });
});
