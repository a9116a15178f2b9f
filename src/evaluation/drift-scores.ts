/**
 * The one score per row that prediction drift compares between the candidate and the baseline: P(class 1)
 * for binary classification, the largest class probability (the model's confidence) for multiclass, the
 * predicted value for regression. Label-only classifiers have no score: null.
 */
import type { Task } from '../report/types.js';

export const DRIFT_SCORE_DESCRIPTIONS: Readonly<Record<Task, string>> = {
  binary: 'P(class 1)',
  multiclass: 'the highest class probability',
  regression: 'the predicted value',
};

/** Rows of a prediction, as the evaluation holds them (classification probabilities in one class order). */
export interface ScoredRows {
  /** rows x classes, row-major; null for regression and label-only models. */
  probabilities: Float32Array | Float64Array | null;
  /** Regression predictions; null for classification. */
  values: Float64Array | null;
}

/** One score per row (see above), or null when the model has none. */
export function driftScores(task: Task, prediction: ScoredRows, rows: number): Float64Array | null {
  if (task === 'regression') {
    return prediction.values === null ? null : prediction.values.subarray(0, rows);
  }
  const probabilities = prediction.probabilities;
  if (probabilities === null || rows === 0) return null;
  const width = probabilities.length / rows;
  if (!Number.isInteger(width) || width < 2) {
    throw new Error(`driftScores: ${probabilities.length} probabilities do not fit ${rows} rows`);
  }
  const scores = new Float64Array(rows);
  if (task === 'binary') {
    for (let row = 0; row < rows; row++) scores[row] = probabilities[row * width + 1] as number;
    return scores;
  }
  for (let row = 0; row < rows; row++) {
    let largest = -Infinity;
    const offset = row * width;
    for (let column = 0; column < width; column++) {
      const value = probabilities[offset + column] as number;
      if (value > largest) largest = value;
    }
    scores[row] = largest === -Infinity ? Number.NaN : largest;
  }
  return scores;
}
