import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { NeumaierSum } from '../../src/metrics/neumaier-sum.js';
import { RegressionAccumulator } from '../../src/metrics/regression-accumulator.js';

function accumulate(yTrue: number[], yPred: number[]): RegressionAccumulator {
  const accumulator = new RegressionAccumulator();
  accumulator.add(Float64Array.from(yTrue), Float64Array.from(yPred), yTrue.length);
  return accumulator;
}

describe('RegressionAccumulator', () => {
  it('returns every metric null with one note when it saw no rows', () => {
    const { metrics, notes } = new RegressionAccumulator().result();
    expect(metrics).toEqual({ mae: null, mse: null, rmse: null, r2: null, mape: null });
    expect(notes).toEqual(['no rows were evaluated, so every metric is undefined']);
  });

  it('leaves r2 null for a single row and computes the rest', () => {
    const { metrics, notes } = accumulate([4], [1]).result();
    expect(metrics).toEqual({ mae: 3, mse: 9, rmse: 3, r2: null, mape: 0.75 });
    expect(notes).toEqual(['r2 is undefined: it needs at least two rows']);
  });

  it('forces r2 to 1 or 0 for a constant target, also for constants numpy averages inexactly', () => {
    const perfect = accumulate([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]).result();
    expect(perfect.metrics.r2).toBe(1);
    const imperfect = accumulate([0.1, 0.1, 0.1], [0.1, 0.2, 0.1]).result();
    expect(imperfect.metrics.r2).toBe(0);
    expect(imperfect.notes).toEqual([
      'r2 is set to 0 because every true value is the same (scikit-learn force_finite convention)',
    ]);
  });

  it('gives r2 = 1 and zero errors for perfect predictions, and negative r2 for bad ones', () => {
    expect(accumulate([1, 2, 3], [1, 2, 3]).result().metrics).toEqual({
      mae: 0,
      mse: 0,
      rmse: 0,
      r2: 1,
      mape: 0,
    });
    // SS_res = 9 + 0 + 9 = 18, SS_tot = 2: r2 = 1 - 18 / 2.
    expect(accumulate([1, 2, 3], [4, 2, 0]).result().metrics.r2).toBe(-8);
  });

  it('divides by float64 epsilon when y = 0 and says so', () => {
    const { metrics, notes } = accumulate([0, 2], [0.5, 1]).result();
    expect(metrics.mape).toBe((0.5 / Number.EPSILON + 0.5) / 2);
    expect(notes).toEqual([
      'mape: 1 row has a true value of 0; each adds |error| / 2.2e-16 to the mean (scikit-learn convention), so ' +
        'mape is dominated by them',
    ]);
  });

  it('keeps r2 accurate for 1e6 rows whose mean is far larger than their spread', () => {
    // y = 1e6 + u with u a deterministic zero-mean spread of about 1; yhat = y + error.
    const n = 1_000_000;
    const yTrue = new Float64Array(n);
    const yPred = new Float32Array(n);
    const accumulator = new RegressionAccumulator();
    const spread = new Float64Array(n);
    const errors = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      spread[i] = Math.sin(i * 0.7) * 1.7;
      yTrue[i] = 1e6 + (spread[i] as number);
    }
    for (let i = 0; i < n; i++) {
      yPred[i] = (yTrue[i] as number) + Math.cos(i * 1.3) * 0.4;
      errors[i] = (yTrue[i] as number) - (yPred[i] as number);
    }
    for (let start = 0; start < n; start += 8192) {
      const end = Math.min(n, start + 8192);
      accumulator.add(yTrue.subarray(start, end), yPred.subarray(start, end), end - start);
    }
    // Exact-as-possible reference: two passes with compensated sums, deviations taken about 1e6 (exact in float64).
    const spreadSum = new NeumaierSum();
    for (const value of yTrue) spreadSum.add(value - 1e6);
    const meanSpread = spreadSum.value / n;
    const totalSquares = new NeumaierSum();
    for (const value of yTrue) totalSquares.add((value - 1e6 - meanSpread) ** 2);
    const residualSquares = new NeumaierSum();
    for (const error of errors) residualSquares.add(error * error);
    const expectedR2 = 1 - residualSquares.value / totalSquares.value;
    const { metrics } = accumulator.result();
    expect(Math.abs((metrics.r2 as number) - expectedR2)).toBeLessThan(1e-9);
    expect(Math.abs((metrics.mse as number) - residualSquares.value / n)).toBeLessThan(1e-12);
    // The naive one-pass formula loses everything here: sum y^2 - n mean^2 cancels ~1e18 against ~1e18.
    let sum = 0;
    let sumOfSquares = 0;
    for (const value of yTrue) {
      sum += value;
      sumOfSquares += value * value;
    }
    const naiveTotal = sumOfSquares - (sum * sum) / n;
    expect(Math.abs(naiveTotal - totalSquares.value) / totalSquares.value).toBeGreaterThan(1e-3);
  });

  it('rejects non-finite predictions as a ModelError and non-finite truth as a programming error', () => {
    const accumulator = new RegressionAccumulator();
    accumulator.add(Float64Array.from([1]), Float32Array.from([1]), 1);
    expect(() => accumulator.add(Float64Array.from([1, 2]), Float32Array.from([1, Number.NaN]), 2)).toThrow(
      new ModelError('Invalid prediction NaN in row 3: predictions must be finite numbers'),
    );
    expect(() => accumulator.add(Float64Array.from([Infinity]), Float32Array.from([1]), 1)).toThrow(
      RangeError,
    );
    expect(() => accumulator.add(Float64Array.from([1]), Float32Array.from([1]), 2)).toThrow(RangeError);
  });
});
