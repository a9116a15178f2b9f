/**
 * The outcome of one rule: improved, non-inferior, inconclusive or regressed (DESIGN.md section 4).
 *
 * What model-gate uses it for: after every rule (and slice) has its ComparisonInference and the Holm
 * adjustment has been applied across all of them, this decides each rule's outcome; the gate then turns
 * outcomes into the verdict.
 *
 * Rule, with delta oriented so that positive is better, tolerance d >= 0, the two-sided (1 - 2 alpha)
 * interval [lower, upper] and the Holm-adjusted regression p-value (H0: delta >= -d):
 *   regressed     when adjustedRegressionPValue <= alpha   (worse by more than d, after correction);
 *   improved      else when lower > 0;
 *   non-inferior  else when lower >= -d;
 *   inconclusive  otherwise (including an undefined interval), reported with the minimum detectable effect.
 * Convention (comparison-inference.ts): one-sided tests at alpha with the matching two-sided 1 - 2 alpha
 * interval, as non-inferiority trials do. Before correction, "upper < -d" and "regression p < alpha" are
 * the same statement, and "lower >= -d" is "non-inferiority p <= alpha", so the interval and the tests
 * cannot disagree; Holm only makes "regressed" harder to reach (a rule whose interval lies below -d but
 * whose adjusted p-value is above alpha is inconclusive, not regressed). "regressed" implies upper < -d,
 * hence lower < -d, so it never collides with "improved" or "non-inferior".
 *
 * References: ICH E9 (1998) section 5.5; S. Holm (1979), Scandinavian Journal of Statistics 6(2), 65-70.
 * Tests: table-driven in test/stats/classify-outcome.test.ts (no reference software has this rule).
 */
import type { Outcome } from '../report/types.js';

export interface OutcomeInput {
  /** Lower bound of the (1 - 2 alpha) interval for delta; null when undefined. */
  ciLower: number | null;
  /** The rule's tolerance d >= 0 (absolute, in the metric's units). */
  tolerance: number;
  /** Holm-adjusted one-sided p-value of H0: delta >= -d (worse by more than d); null when undefined. */
  adjustedRegressionPValue: number | null;
  /** The gate's one-sided level alpha. */
  alpha: number;
}

/** Classifies one rule's comparison. */
export function classifyOutcome(input: OutcomeInput): Outcome {
  const { ciLower, tolerance, adjustedRegressionPValue, alpha } = input;
  if (!(alpha > 0 && alpha < 0.5)) {
    throw new RangeError(`Outcome: alpha must be strictly between 0 and 0.5, got ${String(alpha)}`);
  }
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`Outcome: tolerance must be a finite number >= 0, got ${String(tolerance)}`);
  }
  if (adjustedRegressionPValue !== null && adjustedRegressionPValue <= alpha) return 'regressed';
  if (ciLower === null || Number.isNaN(ciLower)) return 'inconclusive';
  if (ciLower > 0) return 'improved';
  if (ciLower >= -tolerance) return 'non-inferior';
  return 'inconclusive';
}
