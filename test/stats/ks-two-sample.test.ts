import { describe, expect, it } from 'vitest';
import { ksTwoSample } from '../../src/stats/ks-two-sample.js';
import { driftFixture, expectClose, expectPValue } from './drift-fixture.js';

describe("ksTwoSample against scipy.stats.ks_2samp(method='asymp')", () => {
  it.each(driftFixture.ks2samp.map((row) => [row.name, row] as const))('%s', (name, row) => {
    const result = ksTwoSample(row.sample1, row.sample2);
    expect(result.n1).toBe(row.sample1.length);
    expect(result.n2).toBe(row.sample2.length);
    expect(result.effectiveN).toBe(row.effectiveN);
    // D is computed with SciPy's floating-point operations: identical, not just close.
    expect(result.statistic).toBe(row.statistic);
    if (row.pValue === null) {
      expect(result.pValue).toBeNull();
      expect(result.reason).toMatch(/rounds to 0/);
    } else {
      expectPValue(result.pValue, row.pValue, name);
      expectClose(result.pValue, row.pValue, name, 1e-9);
      expect(result.reason).toBeNull();
    }
  });
});

describe('ksTwoSample', () => {
  it('is symmetric in its samples and ignores their order', () => {
    const a = [0.3, -1.2, 2.5, 0.7, 0.7, 1.1, -0.4];
    const b = [1.9, 0.2, 3.1, 2.2, 0.7, 1.5];
    const forward = ksTwoSample(a, b);
    const backward = ksTwoSample([...b].reverse(), [...a].reverse());
    expect(backward.statistic).toBe(forward.statistic);
    expect(backward.pValue).toBe(forward.pValue);
  });

  it('gives D = 1 for separated samples and D = 0 for equal ones', () => {
    expect(ksTwoSample([1, 2, 3], [4, 5, 6]).statistic).toBe(1);
    const same = ksTwoSample([1, 2, 2, 3], [3, 2, 1, 2]);
    expect(same.statistic).toBe(0);
    expect(same.pValue).toBe(1);
  });

  it('takes typed arrays without changing them', () => {
    const values = Float32Array.from([3, 1, 2]);
    ksTwoSample(values, Float64Array.from([5, 4]));
    expect(Array.from(values)).toEqual([3, 1, 2]);
  });

  it('returns nulls with a reason for an empty sample', () => {
    const result = ksTwoSample([], [1, 2]);
    expect(result.statistic).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.reason).toMatch(/empty/);
  });

  it('rejects NaN', () => {
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/NaN at index 1/);
  });
});
