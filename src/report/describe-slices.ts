/**
 * The words and numbers of the per-slice results (report.slices, report.sliceSummary), for every renderer.
 *
 * Each slice column becomes a list of rows sorted worst first: blocking regressions, then non-blocking ones,
 * inconclusive, non-inferior, improved; within an outcome, the largest drop of the column's key metric first.
 * The key metric is the first overall rule the slices also compare (accuracy for a classifier with the default
 * rules); a slice that regressed on another metric says which. Every regressed slice comparison also becomes
 * a finding, so a slice regression can be shown near the top even when the overall metrics improved.
 *
 * A slice smaller than sliceSummary.minSize is neither tested nor shown: the evaluation leaves it out, and
 * a report that holds one anyway (older or hand-made) has it dropped here and counted as suppressed.
 */
import type { FindingScope, RegressionFinding } from './describe-comparison.js';
import {
  describeFinding,
  formatInterval,
  outcomeSeverity,
  sharedConfidenceOf,
  sortFindings,
  worstComparison,
} from './describe-comparison.js';
import { MISSING, formatNumber, formatPercent, formatSigned } from './format.js';
import type { Comparison, Outcome, Report, SliceReport } from './types.js';
import { METRIC_NAMES } from './types.js';

export interface SliceRow {
  value: string;
  n: number;
  /** The key metric of the column, formatted; '—' when missing. */
  baseline: string;
  candidate: string;
  /** The key metric's comparison: oriented delta and interval, '—' without one. */
  delta: string;
  interval: string;
  /**
   * The key metric's outcome, or the worst outcome of the slice's other comparisons when one of them regressed
   * or is inconclusive and the key metric is not; null when the slice has no comparison (no baseline).
   */
  outcome: Outcome | null;
  blocking: boolean;
  /** The metric that gave `outcome` when it is not the key metric, else null. */
  worstMetric: string | null;
  /** For sorting worst first (compareSliceRows): outcomeSeverity of `outcome`, the key metric's delta. */
  severity: number;
  keyDelta: number | null;
}

export interface SliceColumnDescription {
  column: string;
  /** The metric the rows show; null when the slices hold no metric at all. */
  keyMetric: string | null;
  /** Shown slices, worst first. */
  rows: SliceRow[];
  /** Slices smaller than the minimum size: neither tested nor shown. */
  suppressed: number;
  /** Rows whose outcome is a regression (blocking or not). */
  regressed: number;
}

export interface SlicesDescription {
  /** Slices with fewer rows are not tested or shown; null when the report does not say. */
  minSize: number | null;
  columns: SliceColumnDescription[];
  shown: number;
  suppressed: number;
  regressed: number;
  /** Every regressed slice comparison, blocking first, then by p-value. */
  findings: RegressionFinding[];
  /** The slice comparisons' confidence when they all share one ('90%'). */
  sharedConfidence: string | null;
}

function columnOrder(report: Report): string[] {
  const listed = report.sliceSummary?.columns ?? [];
  const others = Object.keys(report.slices ?? {}).filter((column) => !listed.includes(column));
  return [...listed, ...others];
}

function keyMetricOf(report: Report, slices: readonly SliceReport[]): string | null {
  const compared = new Set(
    slices.flatMap((slice) => slice.comparisons.map((comparison) => comparison.metric)),
  );
  const overallRule = report.comparisons.find((comparison) => compared.has(comparison.metric));
  if (overallRule !== undefined) return overallRule.metric;
  const [firstCompared] = compared;
  if (firstCompared !== undefined) return firstCompared;
  const present = new Set(
    slices.flatMap((slice) => [
      ...Object.keys(slice.metrics.candidate),
      ...Object.keys(slice.metrics.baseline),
    ]),
  );
  const known = METRIC_NAMES[report.task].find((metric) => present.has(metric));
  const [firstPresent] = present;
  return known ?? firstPresent ?? null;
}

/** outcomeSeverity of an inconclusive comparison: this bad or worse is worth naming in a row. */
const INCONCLUSIVE = outcomeSeverity('inconclusive', true);

function describeSlice(value: string, slice: SliceReport, keyMetric: string | null): SliceRow {
  const key: Comparison | undefined =
    keyMetric === null ? undefined : slice.comparisons.find((comparison) => comparison.metric === keyMetric);
  const worst = worstComparison(slice.comparisons);
  const metricValue = (role: 'baseline' | 'candidate'): string =>
    keyMetric === null ? MISSING : formatNumber(key?.[role] ?? slice.metrics[role][keyMetric] ?? null);
  const worstSeverity =
    worst === undefined ? outcomeSeverity(null, false) : outcomeSeverity(worst.outcome, worst.blocking);
  const keySeverity =
    key === undefined ? outcomeSeverity(null, false) : outcomeSeverity(key.outcome, key.blocking);
  // The key metric speaks for the row unless another metric regressed or is inconclusive where it is not.
  const shown =
    worst !== undefined && worstSeverity < keySeverity && worstSeverity <= INCONCLUSIVE
      ? worst
      : (key ?? worst);
  return {
    value,
    n: slice.n,
    baseline: metricValue('baseline'),
    candidate: metricValue('candidate'),
    delta: key === undefined ? MISSING : formatSigned(key.delta),
    interval: key === undefined ? MISSING : formatInterval(key.ci),
    outcome: shown?.outcome ?? null,
    blocking: shown?.blocking ?? false,
    worstMetric: shown !== undefined && shown !== key ? shown.metric : null,
    severity:
      shown === undefined ? outcomeSeverity(null, false) : outcomeSeverity(shown.outcome, shown.blocking),
    keyDelta: key?.delta ?? null,
  };
}

/** Worst first: outcome, then the largest drop of the key metric, then the largest slice, then the value. */
export function compareSliceRows(a: SliceRow, b: SliceRow): number {
  if (a.severity !== b.severity) return a.severity - b.severity;
  if (a.keyDelta !== b.keyDelta) {
    if (a.keyDelta === null) return 1;
    if (b.keyDelta === null) return -1;
    return a.keyDelta - b.keyDelta;
  }
  if (a.n !== b.n) return b.n - a.n;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** The slices of the report, or null when it has none (no --slice column). */
export function describeSlices(report: Report): SlicesDescription | null {
  if (report.slices === undefined && report.sliceSummary === undefined) return null;
  const minSize = report.sliceSummary?.minSize ?? null;
  const findings: RegressionFinding[] = [];
  const confidences: Array<{ confidence: string }> = [];
  const columns = columnOrder(report).map((column): SliceColumnDescription => {
    const values = Object.entries(report.slices?.[column] ?? {});
    const kept = values.filter(([, slice]) => minSize === null || slice.n >= minSize);
    const tooSmall = values.length - kept.length;
    const keyMetric = keyMetricOf(
      report,
      kept.map(([, slice]) => slice),
    );
    const rows = kept.map(([value, slice]) => describeSlice(value, slice, keyMetric)).sort(compareSliceRows);
    for (const [value, slice] of kept) {
      const scope: FindingScope = { kind: 'slice', column, value, n: slice.n };
      for (const comparison of slice.comparisons) {
        confidences.push({ confidence: formatPercent(comparison.confidence) });
        if (comparison.outcome !== 'regressed') continue;
        findings.push(
          describeFinding(
            comparison,
            scope,
            slice.metrics.baseline[comparison.metric] ?? null,
            slice.metrics.candidate[comparison.metric] ?? null,
          ),
        );
      }
    }
    return {
      column,
      keyMetric,
      rows,
      suppressed: (report.sliceSummary?.suppressed[column] ?? 0) + tooSmall,
      regressed: rows.filter((row) => row.outcome === 'regressed').length,
    };
  });
  return {
    minSize,
    columns,
    shown: columns.reduce((sum, column) => sum + column.rows.length, 0),
    suppressed: columns.reduce((sum, column) => sum + column.suppressed, 0),
    regressed: columns.reduce((sum, column) => sum + column.regressed, 0),
    findings: sortFindings(findings),
    sharedConfidence: sharedConfidenceOf(confidences),
  };
}
