import { describe, expect, it } from 'vitest';
import { confusionMatrixMetrics } from '../../src/metrics/confusion-matrix-metrics.js';

describe('confusionMatrixMetrics', () => {
  it('computes macro metrics over labels present in y_true or y_pred (worked example)', () => {
    // K = 4; class 3 never appears; class 2 is predicted but never true.
    // true\pred  0  1  2  3
    //   0        3  1  1  0
    //   1        1  2  0  0
    //   2        0  0  0  0
    //   3        0  0  0  0
    const counts = [3, 1, 1, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const metrics = confusionMatrixMetrics(counts, 4);
    const precision = [3 / 4, 2 / 3, 0];
    const recall = [3 / 5, 2 / 3, 0];
    const f1 = precision.map((p, k) => (p + recall[k]! > 0 ? (2 * p * recall[k]!) / (p + recall[k]!) : 0));
    expect(metrics.accuracy).toBe(5 / 8);
    expect(metrics.balanced_accuracy).toBeCloseTo((3 / 5 + 2 / 3) / 2, 15);
    expect(metrics.precision_macro).toBeCloseTo((3 / 4 + 2 / 3) / 3, 15);
    expect(metrics.recall_macro).toBeCloseTo((3 / 5 + 2 / 3) / 3, 15);
    expect(metrics.f1_macro).toBeCloseTo((f1[0]! + f1[1]! + f1[2]!) / 3, 15);
  });

  it('accepts non-integer (resampled) counts and returns null for an empty matrix', () => {
    expect(confusionMatrixMetrics(new Float64Array(9), 3)).toEqual({
      accuracy: null,
      balanced_accuracy: null,
      precision_macro: null,
      recall_macro: null,
      f1_macro: null,
    });
    expect(confusionMatrixMetrics([0.5, 0.5, 0, 1], 2).accuracy).toBe(0.75);
    expect(() => confusionMatrixMetrics([1, 2, 3], 2)).toThrow(RangeError);
  });
});
