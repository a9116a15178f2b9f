/**
 * Empirical ROC curve of a binary classifier, downsampled to a compact curve that keeps its shape.
 *
 * What model-gate uses it for: the ROC chart of the candidate and the baseline in the pull request comment and
 * the HTML report (`report.charts.roc`). The verdict never depends on it (roc_auc and the DeLong test do).
 *
 * Method: for every distinct score t, from the highest down, call rows with score >= t positive; the vertex
 * is (FPR, TPR) = (#negatives >= t / N, #positives >= t / P). The exact curve joins (0, 0), the vertices and
 * (1, 1) with straight segments; tied scores across the classes give a diagonal segment. Its trapezoidal area
 * equals the Mann-Whitney AUC (ties counting one half), which is scikit-learn's roc_auc_score:
 *   AUC = sum over segments of (FPR_k - FPR_k-1) (TPR_k + TPR_k-1) / 2,
 * summed here in integers (2 P N AUC = sum of dFP (TP_k + TP_k-1)), so it is exact up to the final division.
 * Undefined unless P >= 1 and N >= 1 (the function returns null). Scores must not be NaN.
 *
 * Downsampling: the exact curve has up to n + 1 vertices. A vertex is kept when it is the first to reach the
 * next of maxPoints equally spaced quantiles of the class-balanced score distribution (each positive weighs
 * 1 / (2P), each negative 1 / (2N)), i.e. when FPR + TPR passes the next multiple of 2 / maxPoints. Quantiles
 * of the plain score distribution would spend almost every point on the majority class and flatten the steep
 * start of a curve on imbalanced data; the balanced quantiles advance along the curve itself. Kept points are
 * vertices of the exact curve (no interpolated point is invented), (0, 0) and (1, 1) are always kept, at most
 * maxPoints + 1 points remain, and every skipped vertex lies within 2 / maxPoints (in FPR + TPR) of the kept
 * vertex before it, so the drawn curve departs from the exact one by at most that much and its area by at
 * most about 1 / (2 maxPoints).
 *
 * Algorithm: sort the positive and the negative scores separately (typed-array sort), then walk both from the
 * top. O(n log n) time, O(n) memory for the sorted copies.
 *
 * References: T. Fawcett (2006), "An introduction to ROC analysis", Pattern Recognition Letters 27(8),
 * 861-874, https://doi.org/10.1016/j.patrec.2005.10.010 (algorithm 1, ties as diagonal segments);
 * J. A. Hanley and B. J. McNeil (1982), Radiology 143(1), 29-36 (AUC as Mann-Whitney).
 * Test values: scikit-learn 1.2.1 roc_curve(drop_intermediate=False) and roc_auc_score
 * (scripts/reference/curves_reference.py -> test/fixtures/reference/curves.json).
 */
import type { RocCurve, RocPoint } from '../report/chart-data.js';

/** About 100 points: smooth at any chart size, small in the report JSON (a few kB per model). */
export const DEFAULT_ROC_POINTS = 100;

/**
 * The ROC curve of P(class 1) scores against 0/1 labels (positive[i] = 1 when row i is of class 1), with at
 * most maxPoints + 1 points; null when either class is absent.
 * @throws RangeError when the lengths differ, maxPoints < 2, or a score is NaN
 */
export function rocCurve(
  scores: Float32Array,
  positive: Uint8Array,
  maxPoints: number = DEFAULT_ROC_POINTS,
): RocCurve | null {
  if (scores.length !== positive.length) {
    throw new RangeError(`rocCurve: ${scores.length} scores but ${positive.length} labels`);
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`rocCurve: maxPoints must be an integer >= 2, got ${maxPoints}`);
  }
  let positiveCount = 0;
  for (let row = 0; row < positive.length; row++) if (positive[row] === 1) positiveCount++;
  const negativeCount = scores.length - positiveCount;
  if (positiveCount === 0 || negativeCount === 0) return null;

  const positiveScores = new Float32Array(positiveCount);
  const negativeScores = new Float32Array(negativeCount);
  let nextPositive = 0;
  let nextNegative = 0;
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row] as number;
    if (Number.isNaN(score)) throw new RangeError(`rocCurve: score of row ${row} is NaN`);
    if (positive[row] === 1) positiveScores[nextPositive++] = score;
    else negativeScores[nextNegative++] = score;
  }
  positiveScores.sort();
  negativeScores.sort();
  return rocCurveFromSorted(positiveScores, negativeScores, maxPoints);
}

/**
 * The same curve from the scores of each class already sorted in ascending order (the classification
 * accumulator sorts them for ROC AUC; reusing them saves a sort of every row). Null when a class is empty.
 */
export function rocCurveFromSorted(
  positiveScores: Float32Array,
  negativeScores: Float32Array,
  maxPoints: number = DEFAULT_ROC_POINTS,
): RocCurve | null {
  const positiveCount = positiveScores.length;
  const negativeCount = negativeScores.length;
  if (positiveCount === 0 || negativeCount === 0) return null;

  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: null }];
  const step = 2 / maxPoints;
  let lastBucket = 0;
  // Indices of the highest scores not yet counted (the walk goes from the top down).
  let positiveIndex = positiveCount - 1;
  let negativeIndex = negativeCount - 1;
  let truePositives = 0;
  let falsePositives = 0;
  let twiceAreaTimesCounts = 0;
  let vertices = 1;
  while (positiveIndex >= 0 || negativeIndex >= 0) {
    const threshold = Math.max(
      positiveIndex >= 0 ? (positiveScores[positiveIndex] as number) : Number.NEGATIVE_INFINITY,
      negativeIndex >= 0 ? (negativeScores[negativeIndex] as number) : Number.NEGATIVE_INFINITY,
    );
    const previousTruePositives = truePositives;
    const previousFalsePositives = falsePositives;
    while (positiveIndex >= 0 && positiveScores[positiveIndex] === threshold) {
      truePositives++;
      positiveIndex--;
    }
    while (negativeIndex >= 0 && negativeScores[negativeIndex] === threshold) {
      falsePositives++;
      negativeIndex--;
    }
    twiceAreaTimesCounts +=
      (falsePositives - previousFalsePositives) * (truePositives + previousTruePositives);
    vertices++;
    const fpr = falsePositives / negativeCount;
    const tpr = truePositives / positiveCount;
    const bucket = Math.floor((fpr + tpr) / step);
    const last = positiveIndex < 0 && negativeIndex < 0;
    if (bucket > lastBucket || last) {
      points.push({ fpr, tpr, threshold });
      lastBucket = bucket;
    }
  }
  return {
    points,
    auc: twiceAreaTimesCounts / (2 * positiveCount * negativeCount),
    positives: positiveCount,
    negatives: negativeCount,
    vertices,
  };
}
