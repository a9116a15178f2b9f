/**
 * The words and numbers of one gate comparison (a rule on the whole holdout set, on a slice, on latency or on
 * drift), shared by every section that shows comparisons. Plain, unescaped text: renderers escape it.
 *
 * comparison.delta is oriented so that positive is better (the gate's convention) and is shown as is; a
 * regression is told in the metric's own direction ('accuracy dropped 3.1 points', 'log_loss rose by 0.02').
 */
import {
  formatNumber,
  formatPEquals,
  formatPValue,
  formatPercent,
  formatSigned,
  truncate,
} from './format.js';
import type { Comparison, Outcome } from './types.js';

export interface ComparisonRow {
  metric: string;
  /** Oriented so that positive is better. */
  delta: string;
  /** '[-0.0100, +0.0300]' or '—'. */
  interval: string;
  /** '90%'. */
  confidence: string;
  /** '0.012' and, when the p-value was adjusted, '0.012 (0.036)'. */
  pValue: string;
  tolerance: string;
  outcome: Outcome;
  blocking: boolean;
  method: string;
}

/** Metrics whose difference reads naturally in percentage points. */
const PROPORTION_METRICS = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'roc_auc',
]);

/** '[-0.0100, +0.0300]', or '—' without an interval. */
export function formatInterval(ci: [number, number] | null): string {
  return ci === null ? formatNumber(null) : `[${formatSigned(ci[0])}, ${formatSigned(ci[1])}]`;
}

/** One comparison as table cells. */
export function describeComparison(comparison: Comparison): ComparisonRow {
  const adjusted =
    comparison.pValueAdjusted === null || comparison.pValueAdjusted === comparison.pValue
      ? ''
      : ` (${formatPValue(comparison.pValueAdjusted)})`;
  return {
    metric: comparison.metric,
    delta: formatSigned(comparison.delta),
    interval: formatInterval(comparison.ci),
    confidence: formatPercent(comparison.confidence),
    pValue: `${formatPValue(comparison.pValue)}${adjusted}`,
    tolerance: formatNumber(comparison.tolerance),
    outcome: comparison.outcome,
    blocking: comparison.blocking,
    method: comparison.method,
  };
}

/** The confidence every row shares ('90%'), or null when they differ or there are none. */
export function sharedConfidenceOf(rows: ReadonlyArray<{ confidence: string }>): string | null {
  const confidences = new Set(rows.map((row) => row.confidence));
  const [only] = confidences;
  return confidences.size === 1 && only !== undefined ? only : null;
}

/** How bad an outcome is, for sorting worst first: 0 is a blocking regression, 4 an improvement. */
export function outcomeSeverity(outcome: Outcome | null, blocking: boolean): number {
  if (outcome === null) return 5;
  if (outcome === 'regressed') return blocking ? 0 : 1;
  return { inconclusive: 2, 'non-inferior': 3, improved: 4 }[outcome];
}

/** The comparisons worst first (blocking regressions first, improvements last), stable within an outcome. */
export function sortWorstFirst(comparisons: readonly Comparison[]): Comparison[] {
  return comparisons
    .map((comparison, index) => ({ comparison, index }))
    .sort(
      (a, b) =>
        outcomeSeverity(a.comparison.outcome, a.comparison.blocking) -
          outcomeSeverity(b.comparison.outcome, b.comparison.blocking) || a.index - b.index,
    )
    .map(({ comparison }) => comparison);
}

/** The worst comparison of a list (ties: the first), or undefined for an empty list. */
export function worstComparison(comparisons: readonly Comparison[]): Comparison | undefined {
  let worst: Comparison | undefined;
  for (const comparison of comparisons) {
    if (
      worst === undefined ||
      outcomeSeverity(comparison.outcome, comparison.blocking) <
        outcomeSeverity(worst.outcome, worst.blocking)
    ) {
      worst = comparison;
    }
  }
  return worst;
}

function formatPoints(delta: number): string {
  const points = Number((Math.abs(delta) * 100).toPrecision(2));
  return `${String(points)} ${points === 1 ? 'point' : 'points'}`;
}

/** 'accuracy dropped 1.2 points (adjusted p = 0.003)', 'log_loss rose by 0.0123 (p = 0.01)'. */
export function describeRegression(
  comparison: Comparison,
  baseline: number | null,
  candidate: number | null,
): string {
  const pValue = comparison.pValueAdjusted ?? comparison.pValue;
  const evidence =
    pValue === null
      ? ''
      : ` (${comparison.pValueAdjusted === null ? '' : 'adjusted '}${formatPEquals(pValue)})`;
  const change = baseline !== null && candidate !== null ? candidate - baseline : null;
  if (change === null || change === 0) return `${comparison.metric} regressed${evidence}`;
  const verb = change < 0 ? 'dropped' : 'rose';
  const size = PROPORTION_METRICS.has(comparison.metric)
    ? formatPoints(change)
    : `by ${formatNumber(Math.abs(change))}`;
  return `${comparison.metric} ${verb} ${size}${evidence}`;
}

/** Where a regression outside the overall rules was found. */
export type FindingScope =
  { kind: 'slice'; column: string; value: string; n: number } | { kind: 'latency' } | { kind: 'drift' };

/** A regressed comparison outside the overall metrics table: on a slice, on latency or on drift. */
export interface RegressionFinding {
  scope: FindingScope;
  metric: string;
  blocking: boolean;
  /** 'accuracy dropped 3.1 points (adjusted p = 0.002)'. */
  change: string;
  /** The metric's values, formatted ('0.9120'), '—' when unknown. */
  baseline: string;
  candidate: string;
  /** Oriented so that positive is better, with its interval ('[-0.0450, -0.0172]') and confidence ('90%'). */
  delta: string;
  interval: string;
  confidence: string;
  /** The adjusted p-value (else the raw one): how the findings are ordered. */
  pValue: number | null;
}

/** A regressed comparison as a finding; baseline / candidate fall back to the given metric values. */
export function describeFinding(
  comparison: Comparison,
  scope: FindingScope,
  baseline: number | null,
  candidate: number | null,
): RegressionFinding {
  const baselineValue = comparison.baseline ?? baseline;
  const candidateValue = comparison.candidate ?? candidate;
  return {
    scope,
    metric: comparison.metric,
    blocking: comparison.blocking,
    change: describeRegression(comparison, baselineValue, candidateValue),
    baseline: formatNumber(baselineValue),
    candidate: formatNumber(candidateValue),
    delta: formatSigned(comparison.delta),
    interval: formatInterval(comparison.ci),
    confidence: formatPercent(comparison.confidence),
    pValue: comparison.pValueAdjusted ?? comparison.pValue,
  };
}

/** Blocking first, then the strongest evidence (smallest p), then the order given. */
export function sortFindings(findings: readonly RegressionFinding[]): RegressionFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        Number(b.finding.blocking) - Number(a.finding.blocking) ||
        (a.finding.pValue ?? 2) - (b.finding.pValue ?? 2) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/** Where a finding is, in plain text: "country = FR", "latency", "drift". */
export function findingPlace(scope: FindingScope, maxCharacters = 40): string {
  if (scope.kind !== 'slice') return scope.kind;
  return `${truncate(scope.column, maxCharacters)} = ${truncate(scope.value, maxCharacters)}`;
}

/** The findings of one place (a slice, latency, drift), the strongest first. */
export interface FindingGroup {
  scope: FindingScope;
  findings: RegressionFinding[];
  /** Whether any of them blocks. */
  blocking: boolean;
}

/** Findings grouped by place, in the order of each place's first (strongest) finding. */
export function groupFindings(findings: readonly RegressionFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const { scope } = finding;
    const key = scope.kind === 'slice' ? JSON.stringify([scope.column, scope.value]) : scope.kind;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { scope, findings: [finding], blocking: finding.blocking });
    else {
      group.findings.push(finding);
      group.blocking ||= finding.blocking;
    }
  }
  return [...groups.values()];
}

/** '1 slice', '3 slices and latency', '2 other slices' (with adjective 'other'), 'drift'. */
export function describePlaces(groups: readonly FindingGroup[], adjective = ''): string {
  const slices = groups.filter((group) => group.scope.kind === 'slice').length;
  const others = [
    ...new Set(groups.flatMap((group) => (group.scope.kind === 'slice' ? [] : [group.scope.kind]))),
  ];
  const prefix = adjective === '' ? '' : `${adjective} `;
  const parts = slices > 0 ? [`${slices} ${prefix}${slices === 1 ? 'slice' : 'slices'}`, ...others] : others;
  return parts.join(' and ');
}
