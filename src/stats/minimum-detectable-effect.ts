/**
 * Minimum detectable effect and the rows needed to decide, for an inconclusive comparison.
 *
 * What model-gate uses it for: when a rule is inconclusive (the interval straddles -tolerance), the report
 * says whether the holdout set is simply too small: "this holdout detects a difference of MDE with 80%
 * power; add about N rows to decide at your tolerance" (DESIGN.md section 4).
 *
 * Method (normal approximation, one-sided test at level alpha, power 1 - beta):
 *   MDE = (z_(1-alpha) + z_(1-beta)) * SE
 * where SE is the standard error of delta at the current n, from the observed variability of the method:
 *   paired proportions: the discordant-pair SE sqrt(b + c - (b - c)^2 / n) / n
 *     (pairedProportionStandardError in paired-proportion-difference.ts);
 *   DeLong: the observed SE of AUC_c - AUC_b;
 *   paired t: sd / sqrt(n);
 *   bootstrap: the standard deviation of the resampled deltas.
 * The one-sided test detects a true distance MDE from its null boundary with probability 1 - beta: e.g. a
 * candidate that is truly as good as the baseline is shown non-inferior at tolerance d with 80% power when
 * d >= MDE, and a true regression of d + MDE is flagged with 80% power. SE shrinks as 1 / sqrt(n), so the
 * rows needed for MDE to reach the tolerance d are
 *   rowsNeeded = ceil(n * (MDE / d)^2),  additionalRows = max(0, rowsNeeded - n).
 * With d = 0 no finite n suffices (a zero tolerance cannot show a zero difference): rowsNeeded is null.
 * alpha is the per-test level; pass alpha / m (Bonferroni, Holm's worst case) for a conservative figure
 * under the Holm correction across m rules.
 * Assumptions: the variability observed now is the variability at the larger n (same population); the
 * normal approximation (for the t method the exact answer uses the noncentral t and is a few rows larger
 * for small n: statsmodels' TTestPower agrees within 1% for n >= 100, checked in the tests).
 *
 * Reference: J. Cohen (1988). Statistical Power Analysis for the Behavioral Sciences, 2nd ed., chapter 2;
 * S.-C. Chow, J. Shao, H. Wang (2008). Sample Size Calculations in Clinical Research, 2nd ed., section 3.1.
 * Reference values: statsmodels.stats.power.NormalIndPower(ratio = 0, i.e. one sample,
 * alternative = 'larger').solve_power for the effect size and the sample size, and TTestPower for the t
 * comparison (statsmodels 0.13.5), from scripts/reference/inference_reference.py into
 * test/fixtures/reference/inference.json.
 */
import { standardNormalQuantile } from './distributions.js';

export interface MinimumDetectableEffectOptions {
  /** One-sided level of the test, in (0, 0.5). */
  alpha: number;
  /** 1 - beta, in (0, 1); default 0.8. */
  power?: number;
  /** The rule's tolerance d >= 0; without it rowsNeeded is null. */
  tolerance?: number;
}

export interface MinimumDetectableEffectResult {
  /** (z_(1-alpha) + z_power) * SE, in the metric's units. */
  minimumDetectableEffect: number;
  /** Rows for MDE to reach the tolerance: ceil(n (MDE / d)^2); null when d = 0 or not given. */
  rowsNeeded: number | null;
  /** max(0, rowsNeeded - n); null with rowsNeeded. */
  additionalRows: number | null;
  alpha: number;
  power: number;
  standardError: number;
  n: number;
}

/** Default power 1 - beta. */
export const DEFAULT_POWER = 0.8;

/** MDE at the current n and rows needed for the tolerance. */
export function minimumDetectableEffect(
  standardError: number,
  n: number,
  options: MinimumDetectableEffectOptions,
): MinimumDetectableEffectResult {
  const power = options.power ?? DEFAULT_POWER;
  const { alpha, tolerance } = options;
  if (!(alpha > 0 && alpha < 0.5)) {
    throw new RangeError(
      `Minimum detectable effect: alpha must be strictly between 0 and 0.5, got ${String(alpha)}`,
    );
  }
  if (!(power > 0 && power < 1)) {
    throw new RangeError(
      `Minimum detectable effect: power must be strictly between 0 and 1, got ${String(power)}`,
    );
  }
  if (!(standardError >= 0 && Number.isFinite(standardError))) {
    throw new RangeError(
      `Minimum detectable effect: the standard error must be finite and >= 0, got ${String(standardError)}`,
    );
  }
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new RangeError(`Minimum detectable effect: n must be a positive integer, got ${String(n)}`);
  }
  if (tolerance !== undefined && !(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new RangeError(
      `Minimum detectable effect: the tolerance must be finite and >= 0, got ${String(tolerance)}`,
    );
  }
  const effect = (standardNormalQuantile(1 - alpha) + standardNormalQuantile(power)) * standardError;
  let rowsNeeded: number | null = null;
  if (tolerance !== undefined && tolerance > 0) {
    const ratio = effect / tolerance;
    // The small allowance keeps an exact answer (n (MDE/d)^2 = 400 up to rounding) from becoming 401.
    rowsNeeded = Math.ceil(n * ratio * ratio * (1 - 1e-12));
  }
  return {
    minimumDetectableEffect: effect,
    rowsNeeded,
    additionalRows: rowsNeeded === null ? null : Math.max(0, rowsNeeded - n),
    alpha,
    power,
    standardError,
    n,
  };
}
