/**
 * Policy rules on drift: a maximum population stability index per feature (and, optionally, for the scores
 * of the candidate against the baseline's), turned into Comparison rows of the report.
 *
 * Drift is report-only by default: without rules there are no comparisons. A rule's outcome is 'regressed'
 * when PSI > max, else 'non-inferior'; 'inconclusive' when PSI is undefined (no values on a side). There is
 * no test behind it (pValue null, no interval): PSI has no sampling law that the usual thresholds come from
 * (Siddiqi 2006: 0.1 moderate, 0.25 significant; see stats/population-stability-index.ts). A rule is
 * non-blocking unless it says `blocking: true`; a blocking 'regressed' rule fails the gate like any other.
 *
 * Proposed policy shape (the lead wires it into policy-schema.ts):
 *   drift:
 *     psi_max: 0.25          # every feature; absent: features are not gated
 *     blocking: false        # default false
 *     features:              # per feature, overrides the above; false: not gated
 *       income: { psi_max: 0.1, blocking: true }
 *       zip_code: false
 *     prediction: { psi_max: 0.2, blocking: false }   # candidate scores vs baseline scores
 */
import { ConfigurationError } from '../errors.js';
import type { Comparison, DriftReport, Outcome } from '../report/types.js';
import { closestName } from './closest-name.js';

export interface PsiRule {
  /** The largest acceptable PSI (>= 0). */
  max: number;
  /** false: reported, never fails the gate. */
  blocking: boolean;
}

export interface PsiRules {
  /** Every feature without a rule of its own; absent: those features are not gated. */
  allFeatures?: PsiRule;
  /** Per feature name (as in the data); null: that feature is not gated. */
  features?: Readonly<Record<string, PsiRule | null>>;
  /** The candidate's scores against the baseline's; absent: not gated. */
  prediction?: PsiRule;
}

export interface PsiComparisonContext {
  /** The gate's interval confidence, recorded for uniformity with the metric rows (PSI has no interval). */
  confidence: number;
  /** Where the rules came from, for messages: the policy file as the user named it. */
  policyPath?: string | null;
  /** The line of a policy key path (e.g. 'drift.features.income'), when known. */
  lineOf?: (keyPath: string) => number | undefined;
}

/** The metric name of a feature's PSI row. */
export function featurePsiMetric(feature: string): string {
  return `psi:${feature}`;
}

/** Not of the form 'psi:<name>', so no feature name can collide with it. */
export const PREDICTION_PSI_METRIC = 'prediction_psi';

/**
 * Comparison rows for the PSI rules, features in report order, then the prediction row. A rule naming a
 * feature the data does not have is a ConfigurationError (when the report has a reference to check against).
 */
export function psiComparisons(
  report: DriftReport,
  rules: PsiRules,
  context: PsiComparisonContext,
): Comparison[] {
  const comparisons: Comparison[] = [];
  const named = rules.features ?? {};
  if (report.reference !== null) {
    const known = report.features.map((feature) => feature.feature);
    for (const name of Object.keys(named)) {
      if (known.includes(name)) continue;
      const keyPath = `drift.features.${name}`;
      const suggestion = closestName(name, known);
      const where = context.policyPath ?? 'the policy';
      throw new ConfigurationError(
        `Unknown feature '${name}' in '${keyPath}' of ${where}: a PSI rule must name a feature of the data` +
          (suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`) +
          `; the features are ${known.map((feature) => `'${feature}'`).join(', ')}`,
        { file: context.policyPath ?? undefined, line: context.lineOf?.(keyPath), column: keyPath },
      );
    }
    for (const feature of report.features) {
      const rule = Object.hasOwn(named, feature.feature) ? named[feature.feature] : rules.allFeatures;
      if (rule === undefined || rule === null) continue;
      comparisons.push(
        comparison(
          featurePsiMetric(feature.feature),
          feature.psi,
          rule,
          context.confidence,
          `feature '${feature.feature}' (holdout vs reference)`,
        ),
      );
    }
  }
  if (rules.prediction !== undefined && report.prediction !== null) {
    comparisons.push(
      comparison(
        PREDICTION_PSI_METRIC,
        report.prediction.psi,
        rules.prediction,
        context.confidence,
        "the candidate's scores (vs the baseline's)",
      ),
    );
  }
  return comparisons;
}

function comparison(
  metric: string,
  psi: number | null,
  rule: PsiRule,
  confidence: number,
  subject: string,
): Comparison {
  if (!(Number.isFinite(rule.max) && rule.max >= 0)) {
    throw new RangeError(
      `psiComparisons: the maximum PSI of ${metric} must be a number >= 0, got ${rule.max}`,
    );
  }
  let outcome: Outcome;
  let note: string;
  if (psi === null) {
    outcome = 'inconclusive';
    note = `PSI of ${subject} is undefined (no values on one side)`;
  } else if (psi > rule.max) {
    outcome = 'regressed';
    note = `PSI ${round(psi)} of ${subject} is above the maximum ${rule.max}`;
  } else {
    outcome = 'non-inferior';
    note = `PSI ${round(psi)} of ${subject} is within the maximum ${rule.max}`;
  }
  return {
    metric,
    baseline: null,
    candidate: psi,
    delta: null,
    ci: null,
    confidence,
    method: 'PSI threshold',
    pValue: null,
    pValueAdjusted: null,
    tolerance: rule.max,
    toleranceRule: `PSI <= ${rule.max}`,
    outcome,
    blocking: rule.blocking,
    note,
  };
}

function round(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
