/**
 * Compensated summation (Neumaier's improvement of Kahan summation).
 *
 * Used by: every streaming accumulator in metrics/ (log loss, Brier score, MAE, MSE, MAPE sums), so that a mean
 * over millions of rows keeps close to full float64 precision and does not depend on how the rows were batched.
 *
 * Method: keep a running sum s and a running compensation c. For each value x:
 *   t = s + x
 *   c += (s - t) + x   when |s| >= |x|   (the low-order bits of x lost in t)
 *   c += (x - t) + s   otherwise          (the low-order bits of s lost in t)
 *   s = t
 * and report s + c. The error bound is about 2 eps |sum| + O(n eps^2) sum |x_i|, independent of n to first
 * order, where naive summation grows like n eps sum |x_i|. Values must be finite (an infinity or NaN propagates).
 *
 * Reference: A. Neumaier (1974), "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
 * Zeitschrift fur Angewandte Mathematik und Mechanik 54(1), 39-51, https://doi.org/10.1002/zamm.19740540106;
 * W. Kahan (1965), "Further remarks on reducing truncation errors", Communications of the ACM 8(1), 40.
 * Test values: exact sums of constructed series (test/metrics/neumaier-sum.test.ts); no external reference is
 * needed because the cases have closed-form answers.
 */
export class NeumaierSum {
  private sum = 0;
  private compensation = 0;

  /** Adds one value. */
  add(value: number): void {
    const total = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) {
      this.compensation += this.sum - total + value;
    } else {
      this.compensation += value - total + this.sum;
    }
    this.sum = total;
  }

  /** The compensated sum of every value added so far (0 when none was). */
  get value(): number {
    return this.sum + this.compensation;
  }
}
