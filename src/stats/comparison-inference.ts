/**
 * The shape every paired comparison method returns, and the convention that ties intervals to tests.
 *
 * What model-gate uses it for: each rule of the gate compares one metric of the candidate with the
 * baseline. delta = metric(candidate) - metric(baseline), oriented so that positive is better (for a loss,
 * delta = loss(baseline) - loss(candidate)); the tolerance (margin) d >= 0 says how much worse is still
 * acceptable. Every method (paired-proportion-difference, auc-difference-interval, paired-mean-difference,
 * paired-bootstrap-cells, paired-bootstrap-grouped) returns a `ComparisonInference`, and
 * classify-outcome.ts turns it into improved / non-inferior / inconclusive / regressed (DESIGN.md section 4).
 *
 * The convention (stated once, here, and in the report): one-sided tests at level alpha with the matching
 * two-sided (1 - 2 alpha) interval, as non-inferiority trials do (ICH E9; Schuirmann 1987's two one-sided
 * tests). Use `intervalConfidence(alpha)` = 1 - 2 alpha as `confidence`. Then, for every method here,
 * before any multiplicity correction:
 *   - lower bound >= -d  <=>  pValueNonInferiority <= alpha  (H0: delta <= -d rejected: non-inferior);
 *   - upper bound <  -d  <=>  pValueRegression     <  alpha  (H0: delta >= -d rejected: regressed);
 *   - lower bound >  0   <=>  the same test with d = 0 rejects (improved).
 * (Exact equivalences for the score, z and t methods, whose intervals are the inverted tests; for the
 * bootstrap the interval's order statistics are chosen to make them exact too, see bootstrap-summary.ts.
 * Only the boundary case "bound exactly equal to -d" can differ, by the choice of < versus <=.)
 *
 * Two p-values are returned because the report's "p-value for worse by more than the tolerance" is the
 * regression test's: `pValueRegression` = P-value of H0: delta >= -d against H1: delta < -d. A small value
 * is evidence that the candidate is worse by more than the tolerance; it is the one that Holm adjusts and
 * that decides "regressed", so that under no true difference the gate fails at most alpha of the time.
 * `pValueNonInferiority` (H0: delta <= -d against H1: delta > -d) is its mirror, reported for readers who
 * think in non-inferiority trials. For a continuous statistic they sum to 1.
 *
 * References: ICH E9 (1998), Statistical principles for clinical trials, section 3.3.2 and 5.5;
 * D. J. Schuirmann (1987), A comparison of the two one-sided tests procedure and the power approach for
 * assessing the equivalence of average bioavailability, J. Pharmacokinetics and Biopharmaceutics 15(6),
 * 657-680. https://doi.org/10.1007/BF01068419
 * This file holds types and argument checks only; each method's file names its own reference values.
 */

/** What the caller chooses for one comparison. */
export interface InferenceOptions {
  /** Two-sided confidence level of the interval, in (0, 1); use intervalConfidence(alpha) = 1 - 2 alpha. */
  confidence: number;
  /** The tolerance d >= 0, in the metric's units: the test is about delta > -d versus delta < -d. */
  margin: number;
}

/** The result of one paired comparison (STYLE.md: a result object, never a bare number). */
export interface ComparisonInference {
  /** The method in words, for the report (e.g. "Tango score interval for paired proportions"). */
  method: string;
  /** delta = candidate - baseline, positive is better; null when undefined for the data. */
  estimate: number | null;
  /** Standard error of the estimate (bootstrap: standard deviation of the resampled deltas). */
  standardError: number | null;
  /** Two-sided interval at `confidence`, or null when undefined. */
  ci: [number, number] | null;
  confidence: number;
  /** The tolerance d the p-values test against (H0 boundary delta = -d). */
  margin: number;
  /** The test statistic at delta0 = -margin (z or t), positive when delta is above -margin; null if undefined
   * or when the method has none (bootstrap). */
  statistic: number | null;
  /** Degrees of freedom (t methods only). */
  df?: number;
  /** One-sided p-value of H0: delta >= -margin against H1: delta < -margin (worse by more than the margin). */
  pValueRegression: number | null;
  /** One-sided p-value of H0: delta <= -margin against H1: delta > -margin (non-inferior). */
  pValueNonInferiority: number | null;
  /** Rows (pairs) the comparison is based on. */
  n: number;
  /** Why some field is null, or a caveat the report should show; null when there is nothing to say. */
  reason: string | null;
}

/** The two-sided interval level that matches one-sided tests at alpha: 1 - 2 alpha. */
export function intervalConfidence(alpha: number): number {
  if (!(alpha > 0 && alpha < 0.5)) {
    throw new RangeError(`Invalid alpha '${String(alpha)}': must be a number strictly between 0 and 0.5`);
  }
  return 1 - 2 * alpha;
}

/** Checks confidence and margin; internal callers pass validated policy values, so this throws RangeError. */
export function checkInferenceOptions(options: InferenceOptions, what: string): void {
  const { confidence, margin } = options;
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${what}: confidence must be strictly between 0 and 1, got ${String(confidence)}`);
  }
  if (!(margin >= 0 && Number.isFinite(margin))) {
    throw new RangeError(`${what}: margin must be a finite number >= 0, got ${String(margin)}`);
  }
}

/** A result with nothing defined (no rows, or an undefined estimate). */
export function undefinedInference(
  method: string,
  options: InferenceOptions,
  n: number,
  reason: string,
): ComparisonInference {
  return {
    method,
    estimate: null,
    standardError: null,
    ci: null,
    confidence: options.confidence,
    margin: options.margin,
    statistic: null,
    pValueRegression: null,
    pValueNonInferiority: null,
    n,
    reason,
  };
}
