/**
 * Whether each row's predicted class is its true class (0/1 per row).
 *
 * Used by: McNemar's test (DESIGN.md section 3.2), which pairs the two models row by row:
 * b = #(candidate right, baseline wrong), c = #(candidate wrong, baseline right). The caller can compare the
 * index arrays itself; this helper exists so the pipeline has one definition of "right" (the predicted index,
 * as the model's label output or argmax gives it, equals the true index).
 *
 * Formula: correct_i = 1 if predicted_i = true_i else 0; mean(correct) = accuracy.
 * Reference: Q. McNemar (1947), "Note on the sampling error of the difference between correlated proportions
 * or percentages", Psychometrika 12(2), 153-157, https://doi.org/10.1007/BF02295996.
 * Test values: by construction (test/metrics/row-correctness.test.ts) and accuracy_score of scikit-learn 1.2.1.
 */

/** Writes 1 into out[i] when predictedIndex[i] === trueIndex[i], else 0, for i < rowCount. */
export function rowCorrectness(
  trueIndex: Int32Array,
  predictedIndex: Int32Array,
  rowCount: number,
  out: Uint8Array,
): void {
  if (trueIndex.length < rowCount || predictedIndex.length < rowCount || out.length < rowCount) {
    throw new RangeError(`rowCorrectness: every array needs at least ${rowCount} entries`);
  }
  for (let row = 0; row < rowCount; row++) out[row] = trueIndex[row] === predictedIndex[row] ? 1 : 0;
}
