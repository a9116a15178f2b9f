import { describe, expect, it } from 'vitest';
import { RowReservoir } from '../../src/evaluation/row-reservoir.js';
import { createRandomSource } from '../../src/stats/random-source.js';

function fill(capacity: number, rows: number, seed: number): RowReservoir {
  const reservoir = new RowReservoir(capacity, 2, createRandomSource(seed, 3));
  for (let row = 0; row < rows; row++) {
    const slot = reservoir.offer();
    if (slot >= 0) reservoir.values.set([row, -row], slot * 2);
  }
  return reservoir;
}

describe('RowReservoir', () => {
  it('keeps every row while there is room', () => {
    const reservoir = fill(10, 6, 1);
    expect(reservoir.size).toBe(6);
    expect(Array.from(reservoir.column(0))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(reservoir.column(1))).toEqual([-0, -1, -2, -3, -4, -5]);
  });

  it('keeps capacity distinct rows, whole, however many rows pass', () => {
    const reservoir = fill(1000, 100_000, 2);
    expect(reservoir.size).toBe(1000);
    expect(reservoir.rowsSeen).toBe(100_000);
    const rows = reservoir.column(0);
    expect(new Set(rows).size).toBe(1000);
    const negated = reservoir.column(1);
    rows.forEach((row, index) => expect(negated[index]).toBe(-row));
  });

  it('samples uniformly: each tenth of the stream holds about a tenth of the sample', () => {
    // 20 reservoirs of 1000 from 100,000 rows: counts per tenth ~ Binomial(20000, 0.1), sd ~ 42.
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 20; seed++) {
      for (const row of fill(1000, 100_000, seed).column(0)) {
        counts[Math.floor(row / 10_000)] = (counts[Math.floor(row / 10_000)] as number) + 1;
      }
    }
    for (const count of counts) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('is reproducible from the seed, and leaves NaN out of a column', () => {
    expect(Array.from(fill(50, 5000, 9).column(0))).toEqual(Array.from(fill(50, 5000, 9).column(0)));
    const reservoir = new RowReservoir(4, 1, createRandomSource(1, 3));
    for (const value of [1, Number.NaN, 3]) reservoir.values[reservoir.offer()] = value;
    expect(Array.from(reservoir.column(0))).toEqual([1, 3]);
    expect(() => new RowReservoir(0, 1, createRandomSource(1, 3))).toThrow(/positive integer/);
  });
});
