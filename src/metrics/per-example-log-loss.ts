/**
 * Per-example log loss (cross-entropy, natural log), the loss the paired t and Wilcoxon tests compare.
 *
 * Used by: the paired tests of DESIGN.md section 3.2 (d = loss_candidate - loss_baseline per row) and, through
 * rowLogLoss, by ClassificationAccumulator's log_loss, so that mean(per-example loss) equals log_loss exactly
 * (same function, same Neumaier summation over rows).
 *
 * Formula, for a row with true class y and probabilities p_0 .. p_{K-1} (class-index order):
 *   c_j  = min(max(p_j, 1e-15), 1 - 1e-15)          clip every column
 *   q_y  = c_y / (c_0 + c_1 + ... + c_{K-1})           renormalize the clipped row
 *   loss = -ln(q_y)
 * This is scikit-learn 1.2.1's log_loss(y, p, eps=1e-15, labels=range(K)) row by row: 1.2.1 clips, then divides
 * each row by its sum (sklearn/metrics/_classification.py, "# Renormalize"), then takes -xlogy. Renormalizing
 * makes rows that do not sum to exactly 1 (float32 rounding, or a model whose outputs are not quite
 * normalized) count as the distribution they imply. The clipping bound 1e-15 is DESIGN.md's; note that
 * scikit-learn 1.2.1's default is eps="auto" (float64 machine epsilon, 2.2e-16), so our reference script passes
 * eps=1e-15 explicitly. The largest possible loss is -ln(1e-15 / (1 + (K - 1) 1e-15)) ~ 34.54.
 *
 * Reference: the log loss is the negative log-likelihood of a categorical model, I. J. Good (1952), "Rational
 * decisions", Journal of the Royal Statistical Society B 14(1), 107-114; scikit-learn user guide, section
 * "Log loss" (https://scikit-learn.org/1.2/modules/model_evaluation.html#log-loss).
 * Test values: scikit-learn 1.2.1 log_loss (scripts/reference/metrics_reference.py).
 */

/** The clipping bound of DESIGN.md section 3.2: probabilities are clipped to [1e-15, 1 - 1e-15]. */
export const LOG_LOSS_EPSILON = 1e-15;
const UPPER_BOUND = 1 - LOG_LOSS_EPSILON;

/**
 * The clipped, renormalized log loss of one row whose K probabilities start at `offset`.
 * Probabilities must not be NaN (the accumulators check).
 */
export function rowLogLoss(
  probabilities: Float32Array | Float64Array,
  offset: number,
  classCount: number,
  trueIndex: number,
): number {
  let rowSum = 0;
  for (let j = 0; j < classCount; j++) {
    rowSum += clip(probabilities[offset + j] as number);
  }
  return -Math.log(clip(probabilities[offset + trueIndex] as number) / rowSum);
}

/**
 * Writes the clipped, renormalized log loss of each of the first rowCount rows into out[0 .. rowCount).
 * probabilities is row-major rows x classCount in class-index order.
 */
export function perExampleLogLoss(
  trueIndex: Int32Array,
  probabilities: Float32Array | Float64Array,
  classCount: number,
  rowCount: number,
  out: Float64Array,
): void {
  if (trueIndex.length < rowCount || probabilities.length < rowCount * classCount || out.length < rowCount) {
    throw new RangeError(
      `perExampleLogLoss: ${rowCount} rows of ${classCount} classes need trueIndex, out >= ${rowCount} and ` +
        `probabilities >= ${rowCount * classCount} entries; got ${trueIndex.length}, ${out.length}, ` +
        `${probabilities.length}`,
    );
  }
  for (let row = 0; row < rowCount; row++) {
    const label = trueIndex[row] as number;
    if (!(label >= 0 && label < classCount)) {
      throw new RangeError(
        `perExampleLogLoss: true class index ${label} in row ${row} is outside [0, ${classCount})`,
      );
    }
    out[row] = rowLogLoss(probabilities, row * classCount, classCount, label);
  }
}

function clip(probability: number): number {
  return probability < LOG_LOSS_EPSILON
    ? LOG_LOSS_EPSILON
    : probability > UPPER_BOUND
      ? UPPER_BOUND
      : probability;
}
