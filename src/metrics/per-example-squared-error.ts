/**
 * Per-example squared error (y - yhat)^2, the regression loss the paired t and Wilcoxon tests compare.
 *
 * Used by: the paired tests of DESIGN.md section 3.2 for regression (d = loss_candidate - loss_baseline per
 * row). Its mean is the mse of RegressionAccumulator (up to summation order: the accumulator sums with
 * Neumaier compensation, so a caller that does the same gets the same bits).
 *
 * Formula: loss_i = (y_i - yhat_i)^2 in float64; a float32 prediction is widened exactly before subtracting.
 * Reference: C. F. Gauss (1809), Theoria motus corporum coelestium (least squares); scikit-learn user guide,
 * "Mean squared error" (https://scikit-learn.org/1.2/modules/model_evaluation.html#mean-squared-error).
 * Test values: scikit-learn 1.2.1 mean_squared_error (scripts/reference/metrics_reference.py).
 */

/** Writes (yTrue[i] - yPred[i])^2 into out[i] for i < rowCount. */
export function perExampleSquaredError(
  yTrue: Float64Array,
  yPred: Float32Array | Float64Array,
  rowCount: number,
  out: Float64Array,
): void {
  if (yTrue.length < rowCount || yPred.length < rowCount || out.length < rowCount) {
    throw new RangeError(`perExampleSquaredError: every array needs at least ${rowCount} entries`);
  }
  for (let row = 0; row < rowCount; row++) {
    const error = (yTrue[row] as number) - (yPred[row] as number);
    out[row] = error * error;
  }
}
