/**
 * Area under the ROC curve of one binary problem, computed as the Mann-Whitney U statistic.
 *
 * Used by: ClassificationAccumulator for roc_auc (binary: on P(class 1); multiclass: once per class,
 * one-vs-rest, then the unweighted mean).
 *
 * Formula: with P positive scores and N negative scores,
 *   AUC = (1 / (P N)) sum over positives p, negatives q of [ 1 if p > q, 1/2 if p = q, 0 if p < q ]
 * i.e. the probability that a random positive scores above a random negative, ties counting one half.
 * This equals the trapezoidal area under the empirical ROC curve (ties make diagonal segments) and the
 * Mann-Whitney U with mid-ranks divided by P N (Bamber 1975; Hanley & McNeil 1982), which is what
 * scikit-learn's roc_auc_score computes (roc_curve + trapezoid rule). Undefined unless P >= 1 and N >= 1: the
 * caller checks that.
 *
 * Algorithm: sort the positive and the negative scores separately (typed-array numeric sort), then walk them
 * together: for each positive (ascending) count the negatives strictly below it and those equal to it.
 * O(n log n) time, O(n) extra memory (the two sorted copies). The count is a sum of integers and halves below
 * 2^53 for any realistic n, so it is exact; the only rounding is the final division.
 *
 * References: J. A. Hanley and B. J. McNeil (1982), "The meaning and use of the area under a receiver operating
 * characteristic (ROC) curve", Radiology 143(1), 29-36, https://doi.org/10.1148/radiology.143.1.7063747;
 * D. Bamber (1975), "The area above the ordinal dominance graph and the area below the receiver operating
 * characteristic graph", Journal of Mathematical Psychology 12(4), 387-415.
 * Test values: scikit-learn 1.2.1 roc_auc_score (scripts/reference/metrics_reference.py).
 */

/**
 * AUC of positives against negatives. Both arrays are sorted in place (pass copies you own). Returns NaN when
 * either is empty; scores must not be NaN.
 */
export function binaryRocAuc(positiveScores: Float32Array, negativeScores: Float32Array): number {
  const positiveCount = positiveScores.length;
  const negativeCount = negativeScores.length;
  if (positiveCount === 0 || negativeCount === 0) return Number.NaN;
  positiveScores.sort();
  negativeScores.sort();
  // For the current positive score s: below = #negatives < s, atOrBelow = #negatives <= s.
  let below = 0;
  let atOrBelow = 0;
  // twiceU = 2 * U keeps the count an integer.
  let twiceU = 0;
  for (let i = 0; i < positiveCount; i++) {
    const score = positiveScores[i] as number;
    while (below < negativeCount && (negativeScores[below] as number) < score) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < negativeCount && (negativeScores[atOrBelow] as number) <= score) atOrBelow++;
    twiceU += below + atOrBelow;
  }
  return twiceU / (2 * positiveCount * negativeCount);
}
