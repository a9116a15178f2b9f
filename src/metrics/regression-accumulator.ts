/**
 * Streaming regression metrics of one model: mae, mse, rmse, r2 and mape, with scikit-learn 1.2.1 semantics.
 *
 * Used by: the evaluation pipeline, one accumulator per model; batches of (y, yhat) arrive as they leave
 * inference. Memory is constant: five compensated sums and Welford's running mean and sum of squares of y.
 *
 * Definitions (n rows, e_i = y_i - yhat_i, float32 predictions widened exactly to float64):
 *   mae  = (1/n) sum |e_i|
 *   mse  = (1/n) sum e_i^2;   rmse = sqrt(mse)
 *   mape = (1/n) sum |e_i| / max(|y_i|, eps), eps = 2^-52 (float64 machine epsilon), a fraction, not a
 *          percentage. A row with y = 0 contributes |e| / 2.2e-16, so it dominates (scikit-learn's choice:
 *          huge instead of infinite); a note says how many such rows there were.
 *   r2   = 1 - SS_res / SS_tot, SS_res = sum e_i^2, SS_tot = sum (y_i - mean(y))^2.
 *          force_finite behaviour (scikit-learn's default): when SS_tot = 0 (y constant), r2 = 1.0 if
 *          SS_res = 0 (perfect predictions) else 0.0, instead of NaN or -infinity. Null for n < 2 (scikit-learn
 *          warns and returns NaN).
 * SS_tot comes from Welford's update (mean += (y - mean) / k; M2 += (y - mean_old)(y - mean_new)), which stays
 * accurate when the mean is large against the spread (y ~ 1e6 + N(0, 1): the naive sum y^2 - n mean^2 would
 * lose every digit). A constant y gives M2 = 0 exactly, so the force_finite case is detected exactly (numpy's
 * two-pass formula can leave a rounding residue there for constants such as 0.1, which makes scikit-learn
 * return a meaningless large negative r2; model-gate treats every constant y as constant).
 * The other sums are Neumaier-compensated and taken row by row, so results do not depend on batch sizes.
 * Empty accumulator: every metric null, with a note. Values are never NaN.
 *
 * Input checks: arrays shorter than rowCount, or a y that is not finite, are programming errors (RangeError:
 * the data stage validates labels). A prediction that is NaN or infinite is a ModelError naming the row
 * (1-based among the rows this accumulator saw); the caller adds the model's path.
 *
 * References: r2, the coefficient of determination, S. Wright (1921), "Correlation and causation", Journal of
 * Agricultural Research 20, 557-585; Welford's update, B. P. Welford (1962), "Note on a method for calculating
 * corrected sums of squares and products", Technometrics 4(3), 419-420, https://doi.org/10.2307/1266577;
 * MAPE with the epsilon guard, A. de Myttenaere, B. Golden, B. Le Grand and F. Rossi (2016), "Mean absolute
 * percentage error for regression models", Neurocomputing 192, 38-48, https://doi.org/10.1016/j.neucom.2015.12.114,
 * and the scikit-learn user guide, "Regression metrics" (https://scikit-learn.org/1.2/modules/model_evaluation.html#regression-metrics).
 * Test values: scikit-learn 1.2.1 (scripts/reference/metrics_reference.py -> test/fixtures/reference/metrics.json).
 */
import { ModelError } from '../errors.js';
import type { MetricsResult } from './metrics-result.js';
import { NeumaierSum } from './neumaier-sum.js';

/** float64 machine epsilon, numpy.finfo(np.float64).eps, the floor of |y| in mape. */
export const MAPE_EPSILON = Number.EPSILON;

export class RegressionAccumulator {
  private readonly absoluteErrorSum = new NeumaierSum();
  private readonly squaredErrorSum = new NeumaierSum();
  private readonly relativeErrorSum = new NeumaierSum();
  private rowsSeen = 0;
  private zeroTargets = 0;
  /** Welford's running mean of y and sum of squared deviations from it. */
  private meanOfTruth = 0;
  private sumOfSquaredDeviations = 0;

  /** Rows added so far. */
  get rowCount(): number {
    return this.rowsSeen;
  }

  /** Adds rowCount rows of true values and predictions. */
  add(yTrue: Float64Array, yPred: Float32Array | Float64Array, rowCount: number): void {
    if (!Number.isInteger(rowCount) || rowCount < 0)
      throw new RangeError(`rowCount must be >= 0, got ${rowCount}`);
    if (yTrue.length < rowCount || yPred.length < rowCount) {
      throw new RangeError(
        `${rowCount} rows need yTrue and yPred of at least ${rowCount} entries, got ${yTrue.length} and ${yPred.length}`,
      );
    }
    for (let row = 0; row < rowCount; row++) {
      const truth = yTrue[row] as number;
      const prediction = yPred[row] as number;
      if (!Number.isFinite(truth)) {
        throw new RangeError(
          `row ${this.rowsSeen + row + 1}: the true value ${String(truth)} is not a finite number`,
        );
      }
      if (!Number.isFinite(prediction)) {
        throw new ModelError(
          `Invalid prediction ${String(prediction)} in row ${this.rowsSeen + row + 1}: predictions must be finite numbers`,
        );
      }
      const error = truth - prediction;
      const absoluteError = Math.abs(error);
      const absoluteTruth = Math.abs(truth);
      this.absoluteErrorSum.add(absoluteError);
      this.squaredErrorSum.add(error * error);
      this.relativeErrorSum.add(
        absoluteError / (absoluteTruth > MAPE_EPSILON ? absoluteTruth : MAPE_EPSILON),
      );
      if (truth === 0) this.zeroTargets++;
      const count = this.rowsSeen + row + 1;
      const deviationBefore = truth - this.meanOfTruth;
      this.meanOfTruth += deviationBefore / count;
      this.sumOfSquaredDeviations += deviationBefore * (truth - this.meanOfTruth);
    }
    this.rowsSeen += rowCount;
  }

  /** The metrics of every row added so far (METRIC_NAMES order), with a note for each null. */
  result(): MetricsResult {
    const n = this.rowsSeen;
    const notes: string[] = [];
    if (n === 0) {
      notes.push('no rows were evaluated, so every metric is undefined');
      return { metrics: { mae: null, mse: null, rmse: null, r2: null, mape: null }, notes };
    }
    const squaredErrorSum = this.squaredErrorSum.value;
    const mse = squaredErrorSum / n;
    let r2: number | null;
    if (n < 2) {
      r2 = null;
      notes.push('r2 is undefined: it needs at least two rows');
    } else if (this.sumOfSquaredDeviations === 0) {
      // y is constant: scikit-learn's force_finite=True convention.
      r2 = squaredErrorSum === 0 ? 1 : 0;
      notes.push(
        `r2 is set to ${r2 === 1 ? '1 (perfect predictions)' : '0'} because every true value is the same ` +
          '(scikit-learn force_finite convention)',
      );
    } else {
      r2 = squaredErrorSum === 0 ? 1 : 1 - squaredErrorSum / this.sumOfSquaredDeviations;
    }
    if (this.zeroTargets > 0) {
      notes.push(
        `mape: ${this.zeroTargets} ${this.zeroTargets === 1 ? 'row has' : 'rows have'} a true value of 0; each ` +
          'adds |error| / 2.2e-16 to the mean (scikit-learn convention), so mape is dominated by them',
      );
    }
    return {
      metrics: {
        mae: this.absoluteErrorSum.value / n,
        mse,
        rmse: Math.sqrt(mse),
        r2,
        mape: this.relativeErrorSum.value / n,
      },
      notes,
    };
  }
}
