/**
 * Label-based classification metrics from a confusion matrix: accuracy, balanced accuracy, and macro-averaged
 * precision, recall and F1.
 *
 * Used by: ClassificationAccumulator.result(), and by the paired bootstrap of stats/, which resamples the
 * counts of (label, candidate prediction, baseline prediction) cells and needs these metrics from counts alone
 * (DESIGN.md section 4).
 *
 * Input: counts[t * K + p] = number of rows with true class t predicted as p (any non-negative numbers; the
 * bootstrap may pass resampled counts). With n = total count, tp_k = counts[k][k], true_k = row sum k,
 * predicted_k = column sum k:
 *   accuracy          = (sum_k tp_k) / n
 *   recall_k          = tp_k / true_k        (0 when true_k = 0: scikit-learn's zero_division=0)
 *   precision_k       = tp_k / predicted_k   (0 when predicted_k = 0)
 *   f1_k              = 2 precision_k recall_k / (precision_k + recall_k)   (0 when both are 0)
 *   *_macro           = unweighted mean over the labels present in y_true or y_pred (true_k + predicted_k > 0),
 *                       scikit-learn's default labels = unique(y_true U y_pred); a class absent from both does
 *                       not count, so the value does not depend on how many classes the model could output.
 *   balanced_accuracy = mean of recall_k over the classes present in y_true (true_k > 0); classes only
 *                       predicted are dropped, as scikit-learn's balanced_accuracy_score does.
 * F1 is computed from the rounded precision and recall exactly as scikit-learn 1.2.1 does (not 2tp/(2tp+fp+fn),
 * which differs in the last bits). All values are null when n = 0.
 *
 * References: balanced accuracy: K. H. Brodersen, C. S. Ong, K. E. Stephan and J. M. Buhmann (2010), "The
 * balanced accuracy and its posterior distribution", 20th International Conference on Pattern Recognition,
 * 3121-3124, https://doi.org/10.1109/ICPR.2010.764. F-measure: C. J. van Rijsbergen (1979), Information
 * Retrieval, 2nd ed., chapter 7 (http://www.dcs.gla.ac.uk/Keith/Preface.html). Macro averaging and the
 * zero_division convention: scikit-learn user guide, "Precision, recall and F-measures"
 * (https://scikit-learn.org/1.2/modules/model_evaluation.html#precision-recall-f-measure-metrics).
 * Test values: scikit-learn 1.2.1 accuracy_score, balanced_accuracy_score, precision_score, recall_score,
 * f1_score with average='macro', zero_division=0 (scripts/reference/metrics_reference.py).
 */

export interface ConfusionMatrixMetricValues {
  accuracy: number | null;
  balanced_accuracy: number | null;
  precision_macro: number | null;
  recall_macro: number | null;
  f1_macro: number | null;
}

/** Metrics of a K x K row-major (true x predicted) count matrix; every value is null when it holds no rows. */
export function confusionMatrixMetrics(
  counts: ArrayLike<number>,
  classCount: number,
): ConfusionMatrixMetricValues {
  if (counts.length !== classCount * classCount) {
    throw new RangeError(
      `confusion matrix of ${classCount} classes needs ${classCount ** 2} counts, got ${counts.length}`,
    );
  }
  let total = 0;
  let correct = 0;
  let recallSum = 0;
  let precisionSum = 0;
  let f1Sum = 0;
  let labelsPresent = 0;
  let classesInTruth = 0;
  for (let k = 0; k < classCount; k++) {
    let trueCount = 0;
    let predictedCount = 0;
    for (let other = 0; other < classCount; other++) {
      trueCount += counts[k * classCount + other] as number;
      predictedCount += counts[other * classCount + k] as number;
    }
    const truePositives = counts[k * classCount + k] as number;
    total += trueCount;
    correct += truePositives;
    if (trueCount + predictedCount === 0) continue;
    labelsPresent++;
    const recall = trueCount > 0 ? truePositives / trueCount : 0;
    const precision = predictedCount > 0 ? truePositives / predictedCount : 0;
    const denominator = precision + recall;
    const f1 = denominator > 0 ? (2 * precision * recall) / denominator : 0;
    recallSum += recall;
    precisionSum += precision;
    f1Sum += f1;
    if (trueCount > 0) classesInTruth++;
  }
  if (total === 0) {
    return {
      accuracy: null,
      balanced_accuracy: null,
      precision_macro: null,
      recall_macro: null,
      f1_macro: null,
    };
  }
  return {
    accuracy: correct / total,
    // recall_k is 0 for the labels only predicted, so the sum over classes in y_true is recallSum.
    balanced_accuracy: recallSum / classesInTruth,
    precision_macro: precisionSum / labelsPresent,
    recall_macro: recallSum / labelsPresent,
    f1_macro: f1Sum / labelsPresent,
  };
}
