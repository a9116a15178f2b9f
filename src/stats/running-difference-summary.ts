/**
 * Running mean and variance of paired per-example differences, for the paired t interval
 * (paired-mean-difference.ts) when the differences are not kept: Brier score, MAE, MSE and MAPE rules.
 *
 * What model-gate uses it for: streaming the oriented differences d_i (positive = candidate better) batch by
 * batch in constant memory. Each batch is summarized exactly (two-pass mean and sum of squared deviations),
 * then merged into the running total with the pairwise update of Chan, Golub & LeVeque:
 *   n = n_a + n_b, delta = mean_b - mean_a, mean = mean_a + delta n_b / n,
 *   M2 = M2_a + M2_b + delta^2 n_a n_b / n,
 * which is numerically stable for long streams (no sum-of-squares cancellation).
 *
 * Reference: T. F. Chan, G. H. Golub, R. J. LeVeque (1983). Algorithms for computing the sample variance:
 * analysis and recommendations. The American Statistician 37(3), 242-247. https://doi.org/10.2307/2683386
 * Test values: the two-pass summarizeDifferences of paired-mean-difference.ts on the same data (which is
 * itself checked against SciPy).
 */
import type { DifferenceSummary } from './paired-mean-difference.js';

export class RunningDifferenceSummary {
  private count = 0;
  private mean = 0;
  /** Sum of squared deviations from the mean. */
  private squaredDeviations = 0;

  /** Adds the first `length` values of `values`. */
  addBatch(values: ArrayLike<number>, length: number = values.length): void {
    if (length === 0) return;
    let sum = 0;
    for (let index = 0; index < length; index++) sum += values[index] as number;
    const batchMean = sum / length;
    let batchSquares = 0;
    let correction = 0;
    for (let index = 0; index < length; index++) {
      const deviation = (values[index] as number) - batchMean;
      correction += deviation;
      batchSquares += deviation * deviation;
    }
    const meanB = batchMean + correction / length;
    const squaresB = batchSquares - (correction * correction) / length;
    const total = this.count + length;
    const delta = meanB - this.mean;
    this.mean += (delta * length) / total;
    this.squaredDeviations += squaresB + (delta * delta * this.count * length) / total;
    this.count = total;
  }

  get n(): number {
    return this.count;
  }

  summary(): DifferenceSummary {
    if (this.count === 0) return { mean: Number.NaN, standardDeviation: Number.NaN, n: 0 };
    const standardDeviation =
      this.count < 2 ? Number.NaN : Math.sqrt(Math.max(0, this.squaredDeviations / (this.count - 1)));
    return { mean: this.mean, standardDeviation, n: this.count };
  }
}
