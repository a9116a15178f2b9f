/**
 * The words and numbers of a report, computed once for every renderer (Markdown, terminal, later HTML), so
 * they all say the same thing. Output is plain, unescaped text: each renderer escapes or sanitizes it.
 *
 * Sign conventions (DESIGN.md section 3.2):
 * - metrics table: delta = candidate - baseline in the metric's own direction; HIGHER_IS_BETTER says whether
 *   that is better or worse;
 * - comparisons[].delta is oriented so that positive is better (the gate's convention), shown as is;
 * - McNemar: b = rows the candidate got right and the baseline wrong (fixed), c = the reverse (broke);
 *   b > c favours the candidate;
 * - DeLong: z = (AUC_candidate - AUC_baseline) / SE; z > 0 favours the candidate;
 * - paired t: d = loss_candidate - loss_baseline; a negative mean d favours the candidate;
 * - Wilcoxon: W = min(W+, W-) carries no sign; the direction is read from the paired t's mean d.
 * The plain-language strength of evidence uses fixed thresholds on the two-sided p-value (0.01, 0.05, 0.10);
 * the gate's own decision is in `verdict` and `comparisons`, which may use another alpha and a correction.
 *
 * The optional sections are described by describe-slices.ts, describe-flips.ts, describe-latency.ts and
 * describe-drift.ts. A regressed comparison outside the overall rules (on a slice, on latency, on drift) is a
 * "finding": renderers show findings right under the verdict, and when the verdict fails only because of
 * them the headline names the first one and says how the overall rules came out ("worse on country = FR:
 * accuracy dropped 3.1 points (adjusted p = 0.0042), although better overall").
 */
import type { ComparisonRow, FindingGroup, RegressionFinding } from './describe-comparison.js';
import {
  describeComparison,
  describeFinding,
  describePlaces,
  describeRegression,
  findingPlace,
  groupFindings,
  sharedConfidenceOf,
  sortFindings,
} from './describe-comparison.js';
import type { DriftDescription } from './describe-drift.js';
import { describeDrift } from './describe-drift.js';
import type { FlipsDescription } from './describe-flips.js';
import { describeFlips } from './describe-flips.js';
import type { LatencyDescription } from './describe-latency.js';
import { describeLatency } from './describe-latency.js';
import type { SlicesDescription } from './describe-slices.js';
import { describeSlices } from './describe-slices.js';
import {
  formatDuration,
  formatInteger,
  formatNumber,
  formatPercent,
  formatPEquals,
  formatSigned,
  formatStatistic,
  pluralize,
} from './format.js';
import type { DeLongResult, McNemarResult, PairedTResult, Report, Verdict, WilcoxonResult } from './types.js';
import { HIGHER_IS_BETTER, METRIC_NAMES } from './types.js';

export type { ComparisonRow, FindingGroup, RegressionFinding } from './describe-comparison.js';

/** Which model the evidence points to: only 'candidate' or 'baseline' when p < 0.05. */
export type Favours = 'candidate' | 'baseline' | 'neither' | 'unknown';

export interface MetricChange {
  arrow: '▲' | '▼' | '=';
  /** candidate - baseline, signed ('+0.0120'). */
  delta: string;
  /** From HIGHER_IS_BETTER; null for a metric it does not know. */
  judgement: 'better' | 'worse' | 'unchanged' | null;
}

export interface MetricRow {
  metric: string;
  baseline: string;
  candidate: string;
  /** Null when either value is missing. */
  change: MetricChange | null;
}

export interface TestDescription {
  /** 'McNemar', 'DeLong', 'paired t', 'Wilcoxon'. */
  name: string;
  /** What is tested, in a few words ('errors', 'ROC AUC', 'per-row loss'). */
  subject: string;
  /** The numbers, compact (terminal). */
  numbers: string;
  /** The numbers with what they count (Markdown). */
  detail: string;
  /** What it means in plain words, without a final period. */
  meaning: string;
  favours: Favours;
}

export interface ReportDescription {
  verdict: Verdict;
  /** One line after 'pass —' / 'fail —'. */
  headline: string;
  /** report.reasons without the one the headline already says. */
  reasons: string[];
  metrics: MetricRow[];
  /** Whether some metric value is missing (shown as '—'; the notes say why). */
  hasMissingMetrics: boolean;
  tests: TestDescription[];
  comparisons: ComparisonRow[];
  /** The comparisons' confidence when they all share one ('90%'), else null. */
  sharedConfidence: string | null;
  /**
   * How the overall rules came out: 'better' (something improved, nothing regressed), 'not worse' (all
   * non-inferior), 'worse' (something regressed), 'unknown' (no rules, or inconclusive ones).
   */
  overall: 'better' | 'not worse' | 'worse' | 'unknown';
  /**
   * Regressions outside the overall rules (slices, latency, drift), blocking first: shown right under the
   * verdict, since a slice can regress while every overall metric improves.
   */
  findings: RegressionFinding[];
  /** The same findings by place (one slice, latency, drift), in the order of their strongest finding. */
  findingGroups: FindingGroup[];
  /** The optional sections; null when the report does not have them. */
  slices: SlicesDescription | null;
  flips: FlipsDescription | null;
  latency: LatencyDescription | null;
  drift: DriftDescription | null;
}

function describeStrength(direction: string, pValue: number | null): string {
  if (pValue === null) return `${direction}; no p-value (see the notes)`;
  if (pValue < 0.01) return `${direction}; the difference is very unlikely to be chance`;
  if (pValue < 0.05) return `${direction}; the difference is unlikely to be chance`;
  if (pValue < 0.1) return `${direction}; weak evidence: the difference could be chance`;
  return `${direction}, but the difference is consistent with chance`;
}

function favoursFrom(sign: number, pValue: number | null): Favours {
  if (pValue === null || Number.isNaN(sign)) return 'unknown';
  if (pValue >= 0.05 || sign === 0) return 'neither';
  return sign > 0 ? 'candidate' : 'baseline';
}

function describeMcNemar(test: McNemarResult): TestDescription {
  const method = test.exact
    ? `exact binomial test on min(b, c) = ${formatStatistic(test.statistic)}`
    : `chi-square with continuity correction, χ² = ${formatStatistic(test.statistic)}`;
  const detail =
    `b = ${pluralize(test.b, 'row')} the candidate fixed, c = ${pluralize(test.c, 'row')} it broke; ` +
    `${formatPEquals(test.pValue)} (${method})`;
  const numbers =
    `b = ${formatInteger(test.b)} fixed, c = ${formatInteger(test.c)} broke, ${formatPEquals(test.pValue)} ` +
    `(${test.exact ? 'exact binomial' : 'chi-square, continuity-corrected'})`;
  let meaning: string;
  if (test.b + test.c === 0) {
    meaning = 'the two models are right and wrong on exactly the same rows';
  } else if (test.b === test.c) {
    meaning = describeStrength('both models make the same number of errors', test.pValue);
  } else {
    const direction =
      test.b > test.c ? 'the candidate makes fewer errors' : 'the candidate makes more errors';
    meaning = describeStrength(direction, test.pValue);
  }
  return {
    name: 'McNemar',
    subject: 'errors on the same rows',
    numbers,
    detail,
    meaning,
    favours: favoursFrom(test.b - test.c, test.pValue),
  };
}

function describeDeLong(test: DeLongResult): TestDescription {
  const aucs = `AUC ${formatNumber(test.aucCandidate)} (candidate) vs ${formatNumber(test.aucBaseline)} (baseline)`;
  const zText = test.z === null ? 'z undefined' : `z = ${formatStatistic(test.z)}`;
  const sign = test.z ?? test.aucCandidate - test.aucBaseline;
  let meaning: string;
  if (test.z === null) {
    meaning = 'no test: the variance of the AUC difference is 0 (see the notes)';
  } else if (sign === 0) {
    meaning = describeStrength('the two AUCs are equal', test.pValue);
  } else {
    meaning = describeStrength(
      sign > 0 ? "the candidate's AUC is higher" : "the candidate's AUC is lower",
      test.pValue,
    );
  }
  return {
    name: 'DeLong',
    subject: 'ROC AUC',
    numbers: `AUC ${formatNumber(test.aucCandidate)} vs ${formatNumber(test.aucBaseline)}, ${zText}, ${formatPEquals(test.pValue)}`,
    detail: `${aucs}; ${zText}, ${formatPEquals(test.pValue)}`,
    meaning,
    favours: test.z === null ? 'unknown' : favoursFrom(sign, test.pValue),
  };
}

function describePairedT(test: PairedTResult): TestDescription {
  const tText = test.t === null ? 't undefined' : `t = ${formatStatistic(test.t)}`;
  const mean = `mean d = ${formatSigned(test.meanDifference)}`;
  let meaning: string;
  if (test.t === null) {
    meaning = 'no test: the differences d have no spread (see the notes)';
  } else if (test.meanDifference === 0) {
    meaning = describeStrength('the mean losses are equal', test.pValue);
  } else {
    meaning = describeStrength(
      test.meanDifference < 0
        ? "the candidate's loss is lower (better)"
        : "the candidate's loss is higher (worse)",
      test.pValue,
    );
  }
  return {
    name: 'paired t',
    subject: 'mean per-row loss',
    numbers: `${mean}, ${tText} (${formatInteger(test.df)} df), ${formatPEquals(test.pValue)}`,
    detail:
      `${mean} (d = candidate loss - baseline loss; negative favours the candidate), ` +
      `${tText} on ${formatInteger(test.df)} df, ${formatPEquals(test.pValue)}`,
    meaning,
    // d < 0 favours the candidate, hence the minus sign.
    favours: test.t === null ? 'unknown' : favoursFrom(-test.meanDifference, test.pValue),
  };
}

function describeWilcoxon(test: WilcoxonResult): TestDescription {
  const statistic = test.statistic === null ? 'W undefined' : `W = ${formatStatistic(test.statistic)}`;
  const zeros =
    test.zerosDropped === 0
      ? 'no zero differences'
      : `${pluralize(test.zerosDropped, 'zero difference')} dropped`;
  let meaning: string;
  if (test.statistic === null || test.pValue === null) {
    meaning = 'no test: no non-zero differences to rank (see the notes)';
  } else if (test.pValue >= 0.1) {
    meaning = 'no evidence that the per-row losses differ';
  } else {
    meaning = describeStrength('the per-row losses differ (direction: see the paired t)', test.pValue);
  }
  return {
    name: 'Wilcoxon',
    subject: 'signed ranks of per-row loss differences',
    numbers: `${statistic}, ${zeros}, ${formatPEquals(test.pValue)}`,
    detail: `${test.statistic === null ? 'W undefined' : `W = min(W+, W-) = ${formatStatistic(test.statistic)}`}, ${zeros}; ${formatPEquals(test.pValue)} (normal approximation)`,
    meaning,
    favours: 'unknown',
  };
}

/** McNemar, DeLong, paired t, Wilcoxon: the tests present in the report, in that order. */
function describeTests(report: Report): TestDescription[] {
  const tests: TestDescription[] = [];
  const paired = report.tests;
  if (paired === null) return tests;
  if (paired.mcnemar) tests.push(describeMcNemar(paired.mcnemar));
  if (paired.delong) tests.push(describeDeLong(paired.delong));
  tests.push(describePairedT(paired.pairedT));
  tests.push(describeWilcoxon(paired.wilcoxon));
  return tests;
}

function metricOrder(report: Report): string[] {
  const present = new Set([
    ...Object.keys(report.metrics.baseline),
    ...Object.keys(report.metrics.candidate),
  ]);
  const known = METRIC_NAMES[report.task].filter((name) => present.has(name));
  const others = [...present].filter((name) => !known.includes(name));
  return [...known, ...others];
}

function describeChange(metric: string, baseline: number, candidate: number): MetricChange {
  const delta = candidate - baseline;
  const higherIsBetter = HIGHER_IS_BETTER[metric];
  if (delta === 0) return { arrow: '=', delta: formatNumber(0), judgement: 'unchanged' };
  const judgement =
    higherIsBetter === undefined
      ? null
      : delta > 0 === higherIsBetter
        ? ('better' as const)
        : ('worse' as const);
  return { arrow: delta > 0 ? '▲' : '▼', delta: formatSigned(delta), judgement };
}

function describeMetrics(report: Report): MetricRow[] {
  return metricOrder(report).map((metric) => {
    const baseline = report.metrics.baseline[metric] ?? null;
    const candidate = report.metrics.candidate[metric] ?? null;
    return {
      metric,
      baseline: formatNumber(baseline),
      candidate: formatNumber(candidate),
      change: baseline === null || candidate === null ? null : describeChange(metric, baseline, candidate),
    };
  });
}

function listNames(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and more` : names.join(', ');
}

function overallOf(report: Report): ReportDescription['overall'] {
  const outcomes = new Set(report.comparisons.map((comparison) => comparison.outcome));
  if (outcomes.size === 0) return 'unknown';
  if (outcomes.has('regressed')) return 'worse';
  if (outcomes.has('improved')) return 'better';
  return outcomes.has('inconclusive') ? 'unknown' : 'not worse';
}

function findingsOf(report: Report, slices: SlicesDescription | null): RegressionFinding[] {
  const others: RegressionFinding[] = [];
  for (const comparison of report.latency?.comparisons ?? []) {
    if (comparison.outcome === 'regressed')
      others.push(describeFinding(comparison, { kind: 'latency' }, null, null));
  }
  for (const comparison of report.drift?.comparisons ?? []) {
    if (comparison.outcome === 'regressed')
      others.push(describeFinding(comparison, { kind: 'drift' }, null, null));
  }
  return sortFindings([...(slices?.findings ?? []), ...others]);
}

function headlineOf(
  report: Report,
  overall: ReportDescription['overall'],
  findings: readonly RegressionFinding[],
  groups: readonly FindingGroup[],
): string {
  const { comparisons } = report;
  if (report.verdict === 'fail') {
    const regressed = comparisons.filter((comparison) => comparison.outcome === 'regressed');
    const blocking = regressed.filter((comparison) => comparison.blocking);
    const first = blocking[0] ?? regressed[0];
    if (first !== undefined) {
      const baseline = first.baseline ?? report.metrics.baseline[first.metric] ?? null;
      const candidate = first.candidate ?? report.metrics.candidate[first.metric] ?? null;
      const others = regressed.length - 1;
      const more = others > 0 ? `, and ${pluralize(others, 'other metric')} regressed` : '';
      return describeRegression(first, baseline, candidate) + more;
    }
    const [firstFinding] = findings;
    if (firstFinding !== undefined && firstFinding.blocking) {
      // Better overall but worse on a slice: both halves belong in the headline.
      const standing =
        overall === 'better'
          ? ', although better overall'
          : overall === 'not worse'
            ? ', although not worse overall'
            : '';
      const more = groups.length > 1 ? `; also worse on ${describePlaces(groups.slice(1), 'other')}` : '';
      return `worse on ${findingPlace(firstFinding.scope)}: ${firstFinding.change}${standing}${more}`;
    }
    return report.reasons[0] ?? 'the candidate is worse than the baseline';
  }
  const warnings = [
    ...comparisons
      .filter((comparison) => comparison.outcome === 'regressed')
      .map((comparison) => comparison.metric),
    ...groups.map(
      (group) =>
        `${group.findings.map((finding) => finding.metric).join(', ')} on ${findingPlace(group.scope)}`,
    ),
  ];
  if (warnings.length > 0) {
    return `no blocking regression; ${listNames(warnings)} regressed (not blocking)`;
  }
  const inconclusive = comparisons.filter((comparison) => comparison.outcome === 'inconclusive').length;
  if (inconclusive > 0) {
    return `no regression found; ${pluralize(inconclusive, 'comparison')} inconclusive`;
  }
  const improved = comparisons
    .filter((comparison) => comparison.outcome === 'improved')
    .map((comparison) => comparison.metric);
  if (improved.length > 0) return `candidate is not worse than baseline and improves ${listNames(improved)}`;
  return 'candidate is not worse than baseline';
}

/** Everything a renderer needs to say, as plain text. */
export function describeReport(report: Report): ReportDescription {
  const overall = overallOf(report);
  const slices = describeSlices(report);
  const findings = findingsOf(report, slices);
  const findingGroups = groupFindings(findings);
  const headline = headlineOf(report, overall, findings, findingGroups);
  const metrics = describeMetrics(report);
  const comparisons = report.comparisons.map(describeComparison);
  return {
    verdict: report.verdict,
    headline,
    reasons: report.reasons.filter((reason) => reason !== headline),
    metrics,
    hasMissingMetrics: metrics.some((row) => row.change === null),
    tests: describeTests(report),
    comparisons,
    sharedConfidence: sharedConfidenceOf(comparisons),
    overall,
    findings,
    findingGroups,
    slices,
    flips: describeFlips(report),
    latency: describeLatency(report),
    drift: describeDrift(report),
  };
}

/** A sentence: capitalized, ending with a full stop. */
function asSentence(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}

/** The Method section's sentences, shared by the Markdown and HTML renderers (plain text, not escaped). */
export function describeMethod(report: Report): string[] {
  const lines = [
    'Both models predict the same rows; every test is paired and two-sided, with H0 "no difference".',
  ];
  if (report.tests?.mcnemar !== undefined) {
    lines.push(
      'McNemar compares errors row by row: b counts rows only the candidate gets right, c rows only the ' +
        'baseline gets right; exact binomial test when b + c is small, chi-square with continuity correction ' +
        'otherwise (statsmodels conventions).',
    );
  }
  if (report.tests?.delong !== undefined) {
    lines.push(
      'DeLong (1988) compares the two correlated ROC AUCs: z = (AUC candidate − AUC baseline) / SE.',
    );
  }
  lines.push(
    'Paired t and Wilcoxon signed-rank compare the per-row losses, d = loss candidate − loss baseline, so a ' +
      'negative mean d favours the candidate; Wilcoxon drops zero differences and uses the normal ' +
      `approximation with tie correction. The loss: ${report.loss}.`,
  );
  if (report.comparisons.length > 0) {
    lines.push(
      'Gate rules: Δ is oriented so that positive is better; improved when the interval lies above 0, ' +
        'non-inferior when its lower bound is above −tolerance, regressed when the one-sided test of "worse ' +
        'by more than the tolerance" rejects after correction, inconclusive otherwise.',
      `Gate: alpha ${String(report.gate.alpha)}, ${formatPercent(report.gate.confidence)} intervals, ` +
        `correction ${report.gate.correction}, inconclusive blocking rules ${report.gate.inconclusive}. ` +
        asSentence(report.gate.convention),
    );
  }
  return lines;
}

/** "Timings: reading 10 ms, inference 2 ms, total 98 ms." */
export function describeTimings(report: Report): string {
  return (
    `Timings: reading ${formatDuration(report.timings.readMs)}, inference ` +
    `${formatDuration(report.timings.inferenceMs)}, total ${formatDuration(report.timings.totalMs)}.`
  );
}
