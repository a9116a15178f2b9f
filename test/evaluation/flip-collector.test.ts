import { describe, expect, it } from 'vitest';

import { FlipCollector, MAX_EXAMPLE_IDS } from '../../src/evaluation/flip-collector.js';

describe('FlipCollector', () => {
  it('counts rows that became right / wrong by true class and by transition, with example ids', () => {
    const flips = new FlipCollector(['cat', 'dog', 'fox'], 'id');
    const truth = Int32Array.from([0, 0, 1, 1, 2, 2, 0]);
    const candidate = Int32Array.from([0, 1, 1, 2, 2, 0, 2]);
    const baseline = Int32Array.from([1, 0, 0, 1, 2, 1, 1]);
    flips.add(truth, candidate, baseline, 7, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const report = flips.report(undefined);
    // Row a: fixed (cat). b: broken (cat). c: fixed (dog). d: broken (dog). e: unchanged. f: both wrong. g: both wrong.
    expect(report.fixed).toBe(2);
    expect(report.broken).toBe(2);
    expect(report.byClass).toEqual([
      { class: 'cat', fixed: 1, broken: 1 },
      { class: 'dog', fixed: 1, broken: 1 },
      { class: 'fox', fixed: 0, broken: 0 },
    ]);
    expect(report.changed.reduce((sum, transition) => sum + transition.rows, 0)).toBe(6);
    expect(report.changed).toContainEqual({ from: 'dog', to: 'cat', rows: 2, fixed: 1, broken: 0 });
    expect(report.examples).toEqual({ column: 'id', broken: ['b', 'd'], fixed: ['a', 'c'] });
  });

  it('keeps at most a few example ids and none without an id column', () => {
    const flips = new FlipCollector([0, 1], null);
    const rows = 50;
    flips.add(new Int32Array(rows), new Int32Array(rows).fill(1), new Int32Array(rows), rows, undefined);
    expect(flips.report(undefined).examples).toBeUndefined();
    const withIds = new FlipCollector([0, 1], 'id');
    const ids = Array.from({ length: rows }, (_, index) => `row-${index}`);
    withIds.add(new Int32Array(rows), new Int32Array(rows).fill(1), new Int32Array(rows), rows, ids);
    expect(withIds.report(undefined).examples?.broken).toHaveLength(MAX_EXAMPLE_IDS);
  });
});
