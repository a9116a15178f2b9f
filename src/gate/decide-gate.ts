/**
 * The statistical gate (DESIGN.md section 4): per rule, the paired comparison with its tolerance, Holm's
 * correction across every rule, an outcome, and the verdict with its reasons in plain words.
 *
 * Convention (stated in every report): one-sided tests at alpha with two-sided (1 - 2 alpha) intervals, as
 * non-inferiority trials do. A rule is
 *   regressed     when the Holm-adjusted one-sided p-value of H0 "not worse by more than d" is <= alpha;
 *   improved      when the interval's lower bound is > 0;
 *   non-inferior  when the lower bound is >= -d;
 *   inconclusive  otherwise, shown with the minimum detectable effect at 80% power.
 * Verdict: fail when a blocking rule regressed; a blocking rule left inconclusive follows the policy
 * (`warn`: pass with a warning, `fail`, `pass`). Non-blocking rules are reported and never decide.
 * Holm (1979) covers every rule that has a p-value, blocking or not, so the reported adjusted p-values are
 * valid whichever rules a reader looks at.
 */
import type { Comparison, Outcome } from '../report/types.js';
import { classifyOutcome } from '../stats/classify-outcome.js';
import type { ComparisonInference } from '../stats/comparison-inference.js';
import { holmAdjust } from '../stats/holm.js';
import { minimumDetectableEffect } from '../stats/minimum-detectable-effect.js';
import type { Correction, InconclusiveAction } from './policy-schema.js';
import type { Tolerance } from './policy-values.js';

export interface GateSettings {
  alpha: number;
  correction: Correction;
  inconclusive: InconclusiveAction;
}

export interface RuleEvidence {
  metric: string;
  /** Where the rule applies when not to every row, e.g. "country = FR" (a slice). */
  scope?: string;
  blocking: boolean;
  higherIsBetter: boolean;
  /** The rule as written ("0.005" or "2%"). */
  tolerance: Tolerance;
  /** The tolerance in metric units, or null when it cannot be resolved (relative to an undefined baseline). */
  resolvedTolerance: number | null;
  baseline: number | null;
  candidate: number | null;
  inference: ComparisonInference;
}

export interface GateDecision {
  verdict: 'pass' | 'fail';
  /** True when the verdict passed only because the policy lets inconclusive blocking rules warn. */
  warned: boolean;
  reasons: string[];
  comparisons: Comparison[];
}

/** Metrics whose natural unit is a share in [0, 1]: differences read as percentage points. */
const SHARE_METRICS = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'roc_auc',
]);

function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}

/** A size of change in the metric's unit: "1.2 points" for shares, "0.034" otherwise. */
export function formatChange(metric: string, amount: number): string {
  if (SHARE_METRICS.has(metric)) return `${formatNumber(amount * 100)} points`;
  return formatNumber(amount);
}

function formatP(p: number): string {
  if (p < 1e-4) return '< 0.0001';
  return `= ${Number(p.toPrecision(2))}`;
}

function percent(confidence: number): string {
  return `${Number((confidence * 100).toPrecision(3))}%`;
}

function describeTolerance(evidence: RuleEvidence): string {
  const { tolerance, resolvedTolerance, metric } = evidence;
  if (tolerance.kind === 'relative') {
    const absolute = resolvedTolerance === null ? '' : ` (${formatChange(metric, resolvedTolerance)})`;
    return `${tolerance.percent}%${absolute}`;
  }
  return formatChange(metric, tolerance.value);
}

/** "accuracy dropped 1.2 points (90% CI 0.4 to 2.0)" or "log_loss rose by 0.034 (90% CI ...)". */
/** "accuracy" or "accuracy on country = FR". */
function ruleName(evidence: RuleEvidence): string {
  return evidence.scope === undefined ? evidence.metric : `${evidence.metric} on ${evidence.scope}`;
}

function describeWorsening(evidence: RuleEvidence, inference: ComparisonInference): string {
  const { metric } = evidence;
  const worsening = -(inference.estimate ?? 0);
  const verb = evidence.higherIsBetter ? 'dropped' : 'rose by';
  const ci = inference.ci;
  const interval =
    ci === null
      ? ''
      : ` (${percent(inference.confidence)} CI ${formatChange(metric, -ci[1])} to ${formatChange(metric, -ci[0])})`;
  return `${ruleName(evidence)} ${verb} ${formatChange(metric, worsening)}${interval}`;
}

function regressionReason(evidence: RuleEvidence, comparison: Comparison, correction: Correction): string {
  const adjusted = comparison.pValueAdjusted ?? comparison.pValue ?? 1;
  const after = correction === 'holm' ? ' after Holm' : '';
  return (
    `${describeWorsening(evidence, evidence.inference)}, more than the ${describeTolerance(evidence)} allowed; ` +
    `p ${formatP(adjusted)}${after}`
  );
}

function inconclusiveReason(evidence: RuleEvidence, comparison: Comparison): string {
  const { metric, inference } = evidence;
  const base =
    inference.ci === null
      ? `${ruleName(evidence)} could not be compared (${inference.reason ?? 'undefined for this data'})`
      : `${ruleName(evidence)} is inconclusive: the ${percent(inference.confidence)} CI of the change ` +
        `(${formatChange(metric, inference.ci[0])} to ${formatChange(metric, inference.ci[1])}) still allows a ` +
        `worsening larger than the ${describeTolerance(evidence)} allowed`;
  const mde = comparison.minimumDetectableEffect;
  if (mde === undefined || mde === null) return base;
  const rows =
    comparison.additionalRows !== undefined &&
    comparison.additionalRows !== null &&
    comparison.additionalRows > 0
      ? `; add about ${comparison.additionalRows.toLocaleString('en')} rows to decide`
      : '';
  return `${base}; this holdout set detects changes of ${formatChange(metric, mde)} or more (80% power)${rows}`;
}

export function decideGate(settings: GateSettings, rules: readonly RuleEvidence[], n: number): GateDecision {
  const { alpha, correction } = settings;
  const raw = rules.map((rule) => rule.inference.pValueRegression);
  const adjusted = correction === 'holm' ? holmAdjust(raw) : raw;

  const comparisons: Comparison[] = rules.map((rule, index) => {
    const { inference } = rule;
    const pValueAdjusted = adjusted[index] ?? null;
    const tolerance = rule.resolvedTolerance;
    const outcome: Outcome =
      tolerance === null
        ? 'inconclusive'
        : classifyOutcome({
            ciLower: inference.ci?.[0] ?? null,
            tolerance,
            adjustedRegressionPValue: pValueAdjusted,
            alpha,
          });
    const comparison: Comparison = {
      metric: rule.metric,
      baseline: rule.baseline,
      candidate: rule.candidate,
      delta: inference.estimate,
      ci: inference.ci,
      confidence: inference.confidence,
      method: inference.method,
      pValue: inference.pValueRegression,
      pValueAdjusted,
      tolerance,
      toleranceRule:
        rule.tolerance.kind === 'relative' ? `${rule.tolerance.percent}%` : String(rule.tolerance.value),
      outcome,
      blocking: rule.blocking,
      standardError: inference.standardError,
      note: inference.reason,
    };
    if (inference.standardError !== null && inference.standardError > 0) {
      const mde = minimumDetectableEffect(inference.standardError, n, {
        alpha,
        ...(tolerance !== null && tolerance > 0 ? { tolerance } : {}),
      });
      comparison.minimumDetectableEffect = mde.minimumDetectableEffect;
      comparison.rowsNeeded = mde.rowsNeeded;
      comparison.additionalRows = mde.additionalRows;
    }
    return comparison;
  });

  const failures: string[] = [];
  const inconclusive: string[] = [];
  comparisons.forEach((comparison, index) => {
    const rule = rules[index] as RuleEvidence;
    if (!comparison.blocking) return;
    if (comparison.outcome === 'regressed') failures.push(regressionReason(rule, comparison, correction));
    // A slice can fail the gate on a significant regression, but an inconclusive slice does not trigger the
    // inconclusive policy: slices are usually too small to show non-inferiority, and every run would warn.
    else if (comparison.outcome === 'inconclusive' && rule.scope === undefined) {
      inconclusive.push(inconclusiveReason(rule, comparison));
    }
  });

  if (failures.length > 0) return { verdict: 'fail', warned: false, reasons: failures, comparisons };
  const blocking = comparisons.filter((comparison) => comparison.blocking);
  if (inconclusive.length > 0) {
    if (settings.inconclusive === 'fail') {
      return {
        verdict: 'fail',
        warned: false,
        reasons: inconclusive.map((reason) => `${reason} (the policy fails inconclusive rules)`),
        comparisons,
      };
    }
    const overall = comparisons.filter(
      (comparison, index) => comparison.blocking && rules[index]?.scope === undefined,
    );
    const held = overall.length - inconclusive.length;
    const summary = `${held} of ${overall.length} blocking rules hold; no rule shows a regression beyond its tolerance`;
    return {
      verdict: 'pass',
      warned: settings.inconclusive === 'warn',
      reasons: [summary, ...inconclusive],
      comparisons,
    };
  }
  if (blocking.length === 0) {
    return {
      verdict: 'pass',
      warned: false,
      reasons: ['No blocking rule is configured: the comparisons are reported only'],
      comparisons,
    };
  }
  const improved = comparisons.flatMap((comparison, index) =>
    comparison.blocking && comparison.outcome === 'improved' ? [ruleName(rules[index] as RuleEvidence)] : [],
  );
  const shown =
    improved.slice(0, 5).join(', ') + (improved.length > 5 ? `, and ${improved.length - 5} more` : '');
  const detail = improved.length > 0 ? ` (improved: ${shown})` : '';
  return {
    verdict: 'pass',
    warned: false,
    reasons: [
      `All ${blocking.length} blocking rules hold: the candidate is not worse than the baseline by more than the tolerances${detail}`,
    ],
    comparisons,
  };
}
