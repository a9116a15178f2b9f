/**
 * The Markdown report: the pull request comment, the job summary and report.md (GitHub Flavored Markdown).
 *
 * Verdict first, then any regression outside the overall metrics (a slice, latency, drift: it must be seen on
 * the first screen even when every overall metric improved), the reasons, then the evidence: metrics table,
 * paired tests in plain words, the gate's comparisons, and collapsed sections for slices, flips, latency,
 * drift, models, data, notes and method. Long lists are capped (markdown-blocks.ts LIMITS) so a comment stays
 * far under GitHub's 65,536 characters on a 50-class model with many slices and features. Every string that comes from the report (names,
 * paths, reasons, notes) goes through escapeMarkdown or markdownCode; numbers go through the formatters.
 * The output is a pure function of the report: no clock, no locale, no environment.
 */
import { renderMermaidSection } from './render-mermaid.js';
import { describePlaces } from './describe-comparison.js';
import type { FindingGroup, MetricRow, ReportDescription, TestDescription } from './describe-report.js';
import { describeMethod, describeReport, describeTimings } from './describe-report.js';
import { MISSING, formatBytes, formatInteger, formatShape, pluralize } from './format.js';
import {
  LIMITS,
  bulletList,
  cellCode,
  comparisonTable,
  details,
  listWithMore,
  name,
  path,
  table,
  text,
} from './markdown-blocks.js';
import { renderDriftMarkdown } from './markdown-drift.js';
import { escapeMarkdown } from './markdown-escape.js';
import { renderFlipsMarkdown } from './markdown-flips.js';
import { renderLatencyMarkdown } from './markdown-latency.js';
import { renderSlicesMarkdown } from './markdown-slices.js';
import type { ModelFacts, Report, TensorDescription } from './types.js';

function findingPlace(group: FindingGroup): string {
  const { scope } = group;
  if (scope.kind !== 'slice') return scope.kind;
  return `${name(scope.column)} = ${name(scope.value, LIMITS.valueCharacters)} (${pluralize(scope.n, 'row')})`;
}

/** One line per place: its strongest regression in full, then the other metrics that regressed there. */
function renderFindingGroup(group: FindingGroup): string {
  const [first, ...others] = group.findings;
  if (first === undefined) return '';
  const icon = group.blocking ? '❌' : '⚠️';
  const values =
    first.baseline === MISSING && first.candidate === MISSING
      ? ''
      : `${first.baseline} → ${first.candidate}, `;
  const interval = first.interval === MISSING ? '' : `, ${first.confidence} CI ${first.interval}`;
  const blocking = first.blocking ? '' : ' (not blocking)';
  const also =
    others.length === 0
      ? ''
      : `; also regressed: ${others
          .slice(0, LIMITS.findingsShown)
          .map((finding) => text(finding.metric))
          .join(', ')}${others.length > LIMITS.findingsShown ? ' and more' : ''}`;
  return (
    `- ${icon} ${findingPlace(group)}: ${text(first.change)}${blocking}; ` +
    `${values}Δ ${first.delta}${interval}${also}`
  );
}

/** Regressions outside the overall table, right under the verdict: they must be seen on the first screen. */
function renderFindings(description: ReportDescription): string {
  const groups = description.findingGroups;
  const standing =
    description.overall === 'better'
      ? 'Better overall, but worse'
      : description.overall === 'not worse'
        ? 'Not worse overall, but worse'
        : 'Also worse';
  const lines = groups.slice(0, LIMITS.findingsShown).map(renderFindingGroup);
  const hidden = groups.length - LIMITS.findingsShown;
  if (hidden > 0) lines.push(`- *${describePlaces(groups.slice(LIMITS.findingsShown), 'more')}: see below*`);
  return `**${standing} on ${describePlaces(groups)}:**\n\n${lines.join('\n')}`;
}

function renderVerdict(description: ReportDescription): string {
  const icon = description.verdict === 'pass' ? '✅' : '❌';
  const blocks = [`### ${icon} model-gate: ${description.verdict} — ${text(description.headline)}`];
  if (description.findings.length > 0) blocks.push(renderFindings(description));
  if (description.reasons.length > 0) {
    blocks.push(
      bulletList(
        description.reasons,
        LIMITS.reasonsShown,
        (hidden) => `${pluralize(hidden, 'more reason')} in report.json`,
      ),
    );
  }
  return blocks.join('\n\n');
}

function renderContext(report: Report): string {
  const task = report.task === 'regression' ? '**regression**' : `**${report.task}** classification`;
  const dropped = report.data.rowsRead - report.n;
  const rows =
    dropped > 0
      ? `**${formatInteger(report.n)}** of ${formatInteger(report.data.rowsRead)} rows (${formatInteger(dropped)} dropped)`
      : `**${formatInteger(report.n)}** rows`;
  const parts = [task, rows];
  if (report.classes !== undefined && report.classes.length > 0) {
    const classes = listWithMore(
      report.classes.map((value) => name(value)),
      LIMITS.classesShown,
    );
    parts.push(`${pluralize(report.classes.length, 'class', 'classes')}: ${classes}`);
  }
  parts.push(`data ${path(report.data.path)}`, `label ${name(report.data.label)}`);
  return parts.join(' · ');
}

function changeCell(row: MetricRow): string {
  if (row.change === null) return MISSING;
  const { arrow, delta, judgement } = row.change;
  if (judgement === null) return `${arrow} ${delta}`;
  return `${arrow} ${delta} ${judgement === 'worse' ? '**worse**' : judgement}`;
}

function renderMetrics(description: ReportDescription): string {
  if (description.metrics.length === 0) return '*No metrics were computed.*';
  const rows = description.metrics.map((row) => [
    escapeMarkdown(row.metric),
    row.baseline,
    row.candidate,
    changeCell(row),
  ]);
  const rendered = table(
    ['metric', 'baseline', 'candidate', 'Δ (candidate − baseline)'],
    ['left', 'right', 'right', 'left'],
    rows,
  );
  const footnote = description.hasMissingMetrics
    ? `\n\n${MISSING} not defined for these data or not produced by the model; the notes below say why.`
    : '';
  return rendered + footnote;
}

function renderTest(test: TestDescription): string {
  return `- **${escapeMarkdown(test.name)}** (${escapeMarkdown(test.subject)}): ${escapeMarkdown(test.detail)}: ${escapeMarkdown(test.meaning)}.`;
}

function renderTests(report: Report, description: ReportDescription): string {
  if (description.tests.length === 0) {
    return '#### Paired tests\n\nNone: there is no baseline model to compare with yet.';
  }
  const intro =
    `Both models scored on the same ${pluralize(report.n, 'row')}; two-sided tests of "no difference"; ` +
    `per-row loss: ${report.loss}. ` +
    'In the plain words, p < 0.01 reads "very unlikely to be chance", p < 0.05 "unlikely", p < 0.10 "weak ' +
    'evidence"; the verdict comes from the gate\'s rules, not from these words.';
  return `#### Paired tests\n\n${escapeMarkdown(intro)}\n\n${description.tests.map(renderTest).join('\n')}`;
}

function renderComparisons(description: ReportDescription): string {
  const intro =
    'Δ = candidate − baseline, oriented so that positive is better (a drop in a loss counts as positive). ' +
    'p in parentheses: adjusted for multiple comparisons.';
  const rendered = comparisonTable(description.comparisons, description.sharedConfidence);
  return `#### Gate rules\n\n${escapeMarkdown(intro)}\n\n${rendered}`;
}

function tensorRows(role: string, kind: string, tensors: TensorDescription[]): string[][] {
  const rows = tensors
    .slice(0, LIMITS.tensorsShownPerModel)
    .map((tensor) => [
      role,
      kind,
      cellCode(tensor.name),
      escapeMarkdown(tensor.type),
      cellCode(formatShape(tensor.shape)),
    ]);
  const hidden = tensors.length - LIMITS.tensorsShownPerModel;
  if (hidden > 0) rows.push([role, kind, `*${pluralize(hidden, `more ${kind}`)}*`, '', '']);
  return rows;
}

function renderModels(report: Report): string {
  const { baseline, candidate } = report.models;
  if (baseline === null) return renderCandidateModel(candidate);
  const facts = (label: string, cell: (model: ModelFacts) => string): string[] => [
    label,
    cell(baseline),
    cell(candidate),
  ];
  const summary = table(
    ['', 'baseline', 'candidate'],
    ['left', 'left', 'left'],
    [
      facts('path', (model) => cellCode(model.path, LIMITS.pathCharacters)),
      facts('sha256', (model) => cellCode(model.sha256.slice(0, 12))),
      facts('size', (model) => formatBytes(model.bytes)),
      facts('outputs read as', (model) => text(model.interpretation)),
    ],
  );
  const tensors = table(
    ['model', 'kind', 'name', 'type', 'shape'],
    ['left', 'left', 'left', 'left', 'left'],
    [
      ...tensorRows('baseline', 'input', baseline.inputs),
      ...tensorRows('baseline', 'output', baseline.outputs),
      ...tensorRows('candidate', 'input', candidate.inputs),
      ...tensorRows('candidate', 'output', candidate.outputs),
    ],
  );
  const identical = baseline.sha256 === candidate.sha256 ? '\n\n**The two model files are identical.**' : '';
  return details('Models', `${summary}\n\n${tensors}${identical}`);
}

/** The Models section when there is no baseline yet. */
function renderCandidateModel(candidate: ModelFacts): string {
  const summary = table(
    ['', 'candidate'],
    ['left', 'left'],
    [
      ['path', cellCode(candidate.path, LIMITS.pathCharacters)],
      ['sha256', cellCode(candidate.sha256.slice(0, 12))],
      ['size', formatBytes(candidate.bytes)],
      ['outputs read as', text(candidate.interpretation)],
    ],
  );
  const tensors = table(
    ['model', 'kind', 'name', 'type', 'shape'],
    ['left', 'left', 'left', 'left', 'left'],
    [
      ...tensorRows('candidate', 'input', candidate.inputs),
      ...tensorRows('candidate', 'output', candidate.outputs),
    ],
  );
  return details(
    'Models',
    `${summary}\n\n${tensors}\n\n**No baseline model yet:** the candidate is reported alone.`,
  );
}

function renderData(report: Report): string {
  const { data } = report;
  const lines = [
    `- file ${path(data.path)}, label ${name(data.label)}`,
    `- ${pluralize(data.rowsRead, 'row')} read, ${formatInteger(report.n)} evaluated`,
  ];
  const dropped = Object.entries(data.rowsDropped);
  for (const [reason, count] of dropped.slice(0, LIMITS.droppedReasonsShown)) {
    lines.push(`  - ${formatInteger(count)} dropped: ${text(reason)}`);
  }
  if (dropped.length > LIMITS.droppedReasonsShown) {
    lines.push(
      `  - *${pluralize(dropped.length - LIMITS.droppedReasonsShown, 'more reason')} in report.json*`,
    );
  }
  if (data.features.length > 0) {
    const features = listWithMore(
      data.features.map((value) => name(value)),
      LIMITS.featuresShown,
    );
    lines.push(`- ${pluralize(data.features.length, 'feature')}: ${features}`);
  }
  return details('Data', lines.join('\n'));
}

function renderNotes(report: Report, open: boolean): string {
  const notes = bulletList(
    report.notes,
    LIMITS.notesShown,
    (hidden) => `${pluralize(hidden, 'more note')} in report.json`,
  );
  return details(`Notes (${formatInteger(report.notes.length)})`, notes, open);
}

function renderMethod(report: Report): string {
  const lines = [
    ...describeMethod(report),
    `${report.tool.name} ${report.tool.version}, report schema ${String(report.schemaVersion)}, seed ` +
      `${String(report.seed)}, created ${report.createdAt}.`,
    describeTimings(report),
  ];
  return details('Method', lines.map((line) => `- ${text(line)}`).join('\n'));
}

/** The report as GitHub Flavored Markdown, ending with a newline. */
export function renderMarkdown(report: Report): string {
  const description = describeReport(report);
  const blocks = [
    renderVerdict(description),
    renderContext(report),
    renderMetrics(description),
    renderTests(report, description),
  ];
  if (description.comparisons.length > 0) blocks.push(renderComparisons(description));
  if (description.slices !== null) blocks.push(renderSlicesMarkdown(description.slices));
  if (description.flips !== null) blocks.push(renderFlipsMarkdown(description.flips));
  if (description.latency !== null) blocks.push(renderLatencyMarkdown(description.latency));
  if (description.drift !== null) blocks.push(renderDriftMarkdown(description.drift));
  // Charts stay outside collapsed sections: GitHub mis-sizes Mermaid diagrams inside a closed <details>.
  const charts = renderMermaidSection(report, report.charts);
  if (charts !== '') blocks.push(charts);
  blocks.push(renderModels(report), renderData(report));
  if (report.notes.length > 0) blocks.push(renderNotes(report, description.hasMissingMetrics));
  blocks.push(renderMethod(report));
  return `${blocks.join('\n\n')}\n`;
}
