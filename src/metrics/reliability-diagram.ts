/**
 * Reliability diagram (calibration curve) of a binary classifier: equal-width bins of predicted P(class 1),
 * with the mean predicted probability, the observed frequency of class 1 and the row count of each bin.
 *
 * What model-gate uses it for: the reliability chart of the candidate and the baseline in the pull request
 * comment and the HTML report (`report.charts.reliability`), and the expected calibration error shown beside
 * it. The verdict never depends on it (log loss and the Brier score carry calibration into the gate).
 *
 * Method: K bins with edges e_k = k / K (k = 0..K, computed as k * (1 / K), which is numpy.linspace's
 * arithmetic, so the edges are the same doubles). A score p goes to the bin k with e_k < p <= e_k+1, the first
 * bin also taking p = 0: the bin index is the number of interior edges strictly below p
 * (numpy.searchsorted(edges[1:-1], p), side 'left'), so a score exactly on an edge belongs to the bin below.
 * Scores below 0 or above 1 (float32 rounding of a probability) fall in the first or last bin. For a bin with
 * n_k > 0 rows: predicted_k = mean of its scores, observed_k = (rows of class 1) / n_k. An empty bin reports a
 * count of 0 and nulls. Expected calibration error: ECE = sum over bins of n_k / n * |observed_k - predicted_k|.
 * A perfectly calibrated model has observed_k = predicted_k in every bin; with few rows in a bin the observed
 * frequency is noisy (its standard error is sqrt(o (1 - o) / n_k)), so the charts show the counts.
 *
 * References: M. H. DeGroot and S. E. Fienberg (1983), "The comparison and evaluation of forecasters",
 * Journal of the Royal Statistical Society D 32(1/2), 12-22, https://doi.org/10.2307/2987588 (reliability
 * diagrams); M. P. Naeini, G. F. Cooper and M. Hauskrecht (2015), "Obtaining well calibrated probabilities
 * using Bayesian binning", AAAI 2015, https://ojs.aaai.org/index.php/AAAI/article/view/9602 (ECE).
 * Test values: scikit-learn 1.2.1 calibration_curve(n_bins=10, strategy='uniform') and the bin counts and ECE
 * computed from the same bin ids with NumPy (scripts/reference/curves_reference.py ->
 * test/fixtures/reference/curves.json).
 */
import type { ReliabilityBin, ReliabilityDiagram } from '../report/chart-data.js';

export const DEFAULT_RELIABILITY_BINS = 10;

/**
 * Bins binCount equal-width bins of P(class 1) scores against 0/1 labels (positive[i] = 1 when row i is of
 * class 1).
 * @throws RangeError when the lengths differ, binCount < 1, or a score is NaN
 */
export function reliabilityDiagram(
  scores: Float32Array,
  positive: Uint8Array,
  binCount: number = DEFAULT_RELIABILITY_BINS,
): ReliabilityDiagram {
  if (scores.length !== positive.length) {
    throw new RangeError(`reliabilityDiagram: ${scores.length} scores but ${positive.length} labels`);
  }
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new RangeError(`reliabilityDiagram: binCount must be an integer >= 1, got ${binCount}`);
  }
  const width = 1 / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, index) => (index === binCount ? 1 : index * width));
  const counts = new Float64Array(binCount);
  const positives = new Float64Array(binCount);
  const scoreSums = new Float64Array(binCount);
  for (let row = 0; row < scores.length; row++) {
    const score = scores[row] as number;
    if (Number.isNaN(score)) throw new RangeError(`reliabilityDiagram: score of row ${row} is NaN`);
    const bin = binOf(score, edges, binCount);
    counts[bin] = (counts[bin] as number) + 1;
    scoreSums[bin] = (scoreSums[bin] as number) + score;
    if (positive[row] === 1) positives[bin] = (positives[bin] as number) + 1;
  }
  const n = scores.length;
  const bins: ReliabilityBin[] = [];
  let weightedGap = 0;
  for (let bin = 0; bin < binCount; bin++) {
    const count = counts[bin] as number;
    const meanPredicted = count === 0 ? null : (scoreSums[bin] as number) / count;
    const observedFrequency = count === 0 ? null : (positives[bin] as number) / count;
    if (meanPredicted !== null && observedFrequency !== null) {
      weightedGap += (count / n) * Math.abs(observedFrequency - meanPredicted);
    }
    bins.push({
      lower: edges[bin] as number,
      upper: edges[bin + 1] as number,
      count,
      meanPredicted,
      observedFrequency,
    });
  }
  return { strategy: 'uniform', bins, n, expectedCalibrationError: n === 0 ? null : weightedGap };
}

/** The number of interior edges strictly below the score: e_k < score <= e_k+1 (clamped to the bins). */
function binOf(score: number, edges: readonly number[], binCount: number): number {
  let bin = Math.min(binCount - 1, Math.max(0, Math.ceil(score * binCount) - 1));
  // The guess can be one off where k / K and k * (1 / K) round differently; walk to the exact bin.
  while (bin > 0 && score <= (edges[bin] as number)) bin--;
  while (bin < binCount - 1 && score > (edges[bin + 1] as number)) bin++;
  return bin;
}
