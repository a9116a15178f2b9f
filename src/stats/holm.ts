/**
 * Holm's step-down adjustment of p-values for multiple comparisons.
 *
 * What model-gate uses it for: the gate tests every rule on the whole holdout and on every slice; "regressed"
 * is decided on the Holm-adjusted regression p-values, so that the chance of failing the gate falsely on any
 * rule stays at most alpha (family-wise error rate), whatever the dependence between the tests.
 *
 * Method (Holm 1979): sort the m defined p-values, p(1) <= ... <= p(m). The adjusted values are
 *   p~(i) = max over j <= i of min(1, (m - j + 1) p(j)),
 * which is monotone in i and capped at 1; rejecting where p~ <= alpha is Holm's procedure. Uniformly more
 * powerful than Bonferroni, with no assumption on the dependence of the tests.
 * Nulls (a test undefined for the data) are passed through as null and do not count in m. Ties keep their
 * input order (the adjusted values of tied p-values are equal anyway).
 *
 * Reference: S. Holm (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal
 * of Statistics 6(2), 65-70. https://www.jstor.org/stable/4615733
 * Reference values: statsmodels.stats.multitest.multipletests(p, method = 'holm') (statsmodels 0.13.5),
 * from scripts/reference/inference_reference.py into test/fixtures/reference/inference.json.
 */

/**
 * Holm-adjusted p-values, in the input order; null stays null.
 * @throws RangeError when a p-value is not a number in [0, 1]
 */
export function holmAdjust(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const defined: number[] = [];
  pValues.forEach((value, index) => {
    if (value === null) return;
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(
        `Holm adjustment: p-value ${String(value)} at position ${index} is not a number in [0, 1]`,
      );
    }
    defined.push(index);
  });
  defined.sort((left, right) => (pValues[left] as number) - (pValues[right] as number) || left - right);
  const adjusted: Array<number | null> = pValues.map(() => null);
  const count = defined.length;
  let runningMaximum = 0;
  defined.forEach((position, rank) => {
    const scaled = Math.min(1, (count - rank) * (pValues[position] as number));
    runningMaximum = Math.max(runningMaximum, scaled);
    adjusted[position] = runningMaximum;
  });
  return adjusted;
}
