/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7).
 *
 * What model-gate uses it for: the p50 / p95 / p99 of each model's batch times and per-row times in the
 * latency report, and of the resampled batch times in the paired quantile-ratio bootstrap.
 *
 * Method: sort the n values, x(0) <= ... <= x(n-1) (0-based). For a probability p in [0, 1],
 *   h = (n - 1) p,   k = floor(h),   Q(p) = x(k) + (h - k) (x(k+1) - x(k))   (Q(1) = x(n-1)).
 * This is type 7 of Hyndman & Fan: R's default (quantile(type = 7)), NumPy's default (method "linear"),
 * Excel's PERCENTILE.INC. Q(0) is the minimum, Q(1) the maximum, Q is continuous and monotone in p. With few
 * values a high quantile is an interpolation between the largest ones: p99 of 123 batch times lies between the
 * 2nd largest and the largest. The interpolation is computed as NumPy's `_lerp` does (from the upper end when
 * the fraction is at least 1/2), so results match NumPy to the last bit or two.
 * Assumptions: none on the distribution; every value finite (NaN or infinity is a caller's bug: RangeError).
 *
 * Reference: R. J. Hyndman, Y. Fan (1996). Sample quantiles in statistical packages. The American
 * Statistician 50(4), 361-365. https://doi.org/10.2307/2684934
 * Reference values: numpy.quantile(x, q, method="linear") (NumPy 1.24.2), from
 * scripts/reference/latency_reference.py into test/fixtures/reference/latency.json.
 */

/**
 * The point at `fraction` of the way from `lower` to `upper`, computed as NumPy's `_lerp` (from the upper end
 * when the fraction is at least 1/2, which keeps the result exact at both ends).
 */
export function interpolate(lower: number, upper: number, fraction: number): number {
  const difference = upper - lower;
  return fraction >= 0.5 ? upper - difference * (1 - fraction) : lower + difference * fraction;
}

/** Quantile of values already sorted in ascending order (no checks: the caller sorted finite values). */
export function sortedQuantile(sorted: ArrayLike<number>, probability: number): number {
  const last = sorted.length - 1;
  const position = last * probability;
  const lowerIndex = Math.floor(position);
  if (lowerIndex >= last) return sorted[last] as number;
  return interpolate(sorted[lowerIndex] as number, sorted[lowerIndex + 1] as number, position - lowerIndex);
}

/**
 * Type 7 quantiles of `values` at each probability, in the order given. The input is not modified.
 * @throws RangeError when there are no values, a value is not finite, or a probability is outside [0, 1]
 */
export function sampleQuantiles(values: ArrayLike<number>, probabilities: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('Quantiles: there are no values');
  const sorted = new Float64Array(values.length);
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    if (!Number.isFinite(value)) {
      throw new RangeError(`Quantiles: value ${String(value)} at index ${index} is not a finite number`);
    }
    sorted[index] = value;
  }
  sorted.sort();
  return probabilities.map((probability) => {
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`Quantiles: probability must be between 0 and 1, got ${String(probability)}`);
    }
    return sortedQuantile(sorted, probability);
  });
}
