/**
 * What the action publishes, decided once and shared by the comment, the check run, the job summary and the
 * outputs: the verdict line, the check conclusion (neutral when a passing gate left something inconclusive),
 * the override, and the Markdown around the report. Pure: no I/O, no statistics (the engine decided).
 */
import type { Comparison, Report, Verdict } from '../report/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { CheckConclusion } from './check-run.js';
import type { OverrideAcceptance } from './override-label.js';

export type OutcomeKind = 'evaluated' | 'no-baseline' | 'unchanged';

export interface GateOutcome {
  kind: OutcomeKind;
  /** The engine's verdict, before any override. */
  verdict: Verdict;
  /** One line, no icon: "Fail: 1 metric regressed (roc_auc)". */
  headline: string;
  /** Some comparison ended inconclusive (the policy let it pass with a warning). */
  inconclusive: boolean;
  /** The report as Markdown (renderMarkdown's output, or the short "unchanged" note). */
  reportMarkdown: string;
  /** Written to report.json. */
  reportJson: unknown;
  /** Shown above the report (why there is no baseline, ...). */
  note: string | null;
}

export interface GateDecision {
  conclusion: CheckConclusion;
  /** The `verdict` output: 'pass' also when the override accepted a failure. */
  verdictOutput: Verdict;
  /** The check run's title and the `summary` output. */
  title: string;
  acceptance: OverrideAcceptance | null;
  /** Whether the step fails (a failed gate, unless accepted or fail-on: never). */
  failsStep: boolean;
}

/** The minimal report written when the candidate is byte-identical to the baseline and nothing is evaluated. */
export interface UnchangedReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  createdAt: string;
  verdict: 'pass';
  reasons: string[];
  unchanged: true;
  models: {
    candidate: { path: string; sha256: string; bytes: number };
    baseline: { path: string; sha256: string; bytes: number };
  };
}

const HEADLINE_REASON_LIMIT = 160;

function shorten(text: string, limit: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function count(comparisons: readonly Comparison[], outcome: Comparison['outcome']): Comparison[] {
  return comparisons.filter((comparison) => comparison.outcome === outcome);
}

export function headlineOf(report: Pick<Report, 'verdict' | 'reasons' | 'comparisons'>): string {
  const comparisons = Array.isArray(report.comparisons) ? report.comparisons : [];
  const firstReason = shorten(report.reasons?.[0] ?? '', HEADLINE_REASON_LIMIT);
  if (report.verdict === 'fail') {
    const regressed = count(comparisons, 'regressed')
      .filter((comparison) => comparison.blocking)
      .map((comparison) => comparison.metric);
    if (regressed.length > 0)
      return `Fail: ${plural(regressed.length, 'metric')} regressed (${regressed.join(', ')})`;
    return firstReason === '' ? 'Fail' : `Fail: ${firstReason}`;
  }
  if (comparisons.length > 0) {
    const parts = [
      [count(comparisons, 'improved').length, 'improved'],
      [count(comparisons, 'non-inferior').length, 'non-inferior'],
      [count(comparisons, 'inconclusive').length, 'inconclusive'],
    ] as const;
    const described = parts.filter(([number]) => number > 0).map(([number, word]) => `${number} ${word}`);
    return `Pass: ${described.join(', ')}`;
  }
  return firstReason === '' ? 'Pass' : `Pass: ${firstReason}`;
}

/** The gate passed only because blocking rules ended inconclusive and the policy says "warn". */
function passedWithWarning(report: Report, comparisons: readonly Comparison[]): boolean {
  // `gate` is newer than some reports a publish run may read; fall back to the comparisons.
  const gate = (report as Partial<Pick<Report, 'gate'>>).gate;
  if (gate && typeof gate.warned === 'boolean') return gate.warned;
  return comparisons.some((comparison) => comparison.outcome === 'inconclusive' && comparison.blocking);
}

export function outcomeFromReport(
  report: Report,
  reportMarkdown: string,
  noBaselineReason: string | null,
): GateOutcome {
  const comparisons = Array.isArray(report.comparisons) ? report.comparisons : [];
  if (noBaselineReason !== null) {
    return {
      kind: 'no-baseline',
      verdict: report.verdict,
      headline: `${report.verdict === 'fail' ? 'Fail' : 'Pass'}: no baseline yet, the candidate was evaluated alone`,
      inconclusive: false,
      reportMarkdown,
      reportJson: report,
      note: `No baseline yet: ${noBaselineReason}. The candidate was evaluated alone; once it is merged, the next pull request is compared with it.`,
    };
  }
  return {
    kind: 'evaluated',
    verdict: report.verdict,
    headline: headlineOf(report),
    inconclusive: report.verdict === 'pass' && passedWithWarning(report, comparisons),
    reportMarkdown,
    reportJson: report,
    note: null,
  };
}

export function unchangedOutcome(report: UnchangedReport): GateOutcome {
  const { candidate, baseline } = report.models;
  const markdown = [
    '## ✅ Model unchanged',
    '',
    `\`${candidate.path}\` is byte-identical to the baseline \`${baseline.path}\` ` +
      `(sha256 \`${candidate.sha256.slice(0, 12)}\`, ${candidate.bytes.toLocaleString('en-US')} bytes): nothing to evaluate, the gate passes.`,
    '',
  ].join('\n');
  return {
    kind: 'unchanged',
    verdict: 'pass',
    headline: 'Pass: model unchanged',
    inconclusive: false,
    reportMarkdown: markdown,
    reportJson: report,
    note: null,
  };
}

export function decideGate(
  outcome: GateOutcome,
  acceptance: OverrideAcceptance | null,
  failOn: 'regression' | 'never',
): GateDecision {
  if (outcome.verdict === 'fail' && acceptance !== null) {
    const who = acceptance.login === null ? 'someone' : `@${acceptance.login}`;
    return {
      conclusion: 'success',
      verdictOutput: 'pass',
      title: `⚠️ Regression accepted by ${who} (label ${acceptance.label}). ${outcome.headline}`,
      acceptance,
      failsStep: false,
    };
  }
  if (outcome.verdict === 'fail') {
    return {
      conclusion: 'failure',
      verdictOutput: 'fail',
      title: `❌ ${outcome.headline}`,
      acceptance: null,
      failsStep: failOn === 'regression',
    };
  }
  return {
    conclusion: outcome.inconclusive ? 'neutral' : 'success',
    verdictOutput: 'pass',
    title: `${outcome.inconclusive ? '⚠️' : '✅'} ${outcome.headline}`,
    acceptance: null,
    failsStep: false,
  };
}

export interface PublicationContext {
  gateName: string;
  runUrl: string | null;
  headSha: string | null;
  /** The artifact holding the full report, when one was (or will be) uploaded. */
  artifactName: string | null;
}

/** The full Markdown published everywhere: override banner, note, the report, a footer naming the gate. */
export function composeReportMarkdown(
  outcome: GateOutcome,
  decision: GateDecision,
  context: PublicationContext,
): string {
  const parts: string[] = [];
  const acceptance = decision.acceptance;
  if (acceptance !== null) {
    const who =
      acceptance.login === null ? 'someone (the issue events could not be read)' : `@${acceptance.login}`;
    const when =
      acceptance.at === null ? '' : ` on ${acceptance.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}`;
    parts.push(
      [
        '> [!WARNING]',
        `> **Regression accepted.** The gate failed, and ${who} accepted it with the label \`${acceptance.label}\`${when}.`,
        '> The check passes; the evidence below is unchanged. Remove the label to restore the failure.',
      ].join('\n'),
    );
  }
  if (outcome.note !== null) parts.push(`> [!NOTE]\n> ${outcome.note}`);
  parts.push(outcome.reportMarkdown.trimEnd());
  const footer = [`Gate \`${context.gateName}\``];
  if (context.runUrl !== null) footer.push(`[workflow run](${context.runUrl})`);
  if (context.headSha !== null) footer.push(`commit \`${context.headSha.slice(0, 7)}\``);
  footer.push(`${TOOL_NAME} ${TOOL_VERSION}`);
  parts.push(`<sub>${footer.join(' · ')}</sub>`);
  return `${parts.join('\n\n')}\n`;
}

/** Where to find the full report when a comment or check run had to be cut. */
export function truncationPointer(context: PublicationContext): string {
  const where = context.artifactName === null ? '' : ` and in the artifact \`${context.artifactName}\``;
  const run = context.runUrl === null ? 'this workflow run' : `[this workflow run](${context.runUrl})`;
  return `The report is longer than GitHub allows here and was cut. The full report is in the job summary${where} of ${run}.`;
}
