/**
 * The Markdown report: the pull request comment, the job summary and report.md (GitHub Flavored Markdown).
 *
 * Verdict first, then the evidence: metrics table, paired tests in plain words, the gate's comparisons, and
 * collapsed sections for models, data, notes and method. Every string that comes from the report (names,
 * paths, reasons, notes) goes through escapeMarkdown or markdownCode; numbers go through the formatters.
 * The output is a pure function of the report: no clock, no locale, no environment.
 */
import type { ComparisonRow, MetricRow, ReportDescription, TestDescription } from './describe-report.js';
import { describeReport } from './describe-report.js';
import {
  MISSING,
  formatBytes,
  formatDuration,
  formatInteger,
  formatShape,
  pluralize,
  showControlCharacters,
  truncate,
} from './format.js';
import { escapeMarkdown, markdownCode } from './markdown-escape.js';
import type { ModelFacts, Report, TensorDescription } from './types.js';

/** Limits that keep a comment well under GitHub's 65,536-character limit whatever the input files hold. */
const LIMITS = {
  classesShown: 10,
  featuresShown: 200,
  tensorsShownPerModel: 40,
  reasonsShown: 20,
  notesShown: 50,
  droppedReasonsShown: 20,
  nameCharacters: 60,
  pathCharacters: 200,
  textCharacters: 1000,
} as const;

/** Free text (reasons, notes, interpretations) from the report, escaped and bounded. */
function text(value: string): string {
  return escapeMarkdown(truncate(value, LIMITS.textCharacters));
}

/** A user-provided name (column, class, input) in a code span, bounded. */
function name(value: string | number): string {
  return markdownCode(truncate(String(value), LIMITS.nameCharacters));
}

function path(value: string): string {
  return markdownCode(truncate(value, LIMITS.pathCharacters));
}

/**
 * A code span that is safe inside a GFM table cell: GFM turns '\|' into '|' before inline parsing, so pipes
 * are escaped after the code span is built. A backslash right before a pipe cannot be written that way; such
 * a value falls back to escaped text.
 */
function cellCode(value: string, maxCharacters: number = LIMITS.nameCharacters): string {
  const bounded = truncate(value, maxCharacters);
  if (showControlCharacters(bounded).includes('\\|')) return escapeMarkdown(bounded);
  return markdownCode(bounded).replaceAll('|', '\\|');
}

function table(headers: string[], alignments: Array<'left' | 'right' | 'center'>, rows: string[][]): string {
  const delimiters = alignments.map((alignment) =>
    alignment === 'right' ? '--:' : alignment === 'center' ? ':-:' : ':--',
  );
  const line = (cells: string[]): string =>
    `| ${cells.map((cell) => (cell === '' ? ' ' : cell)).join(' | ')} |`;
  return [line(headers), line(delimiters), ...rows.map(line)].join('\n');
}

function details(summary: string, body: string, open = false): string {
  // The blank lines matter: they end the HTML block so the body is parsed as Markdown.
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** At most `limit` items, then 'and N more'. */
function listWithMore(items: string[], limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  const hidden = items.length - limit;
  return hidden > 0 ? `${shown} and ${formatInteger(hidden)} more` : shown;
}

function bulletList(items: string[], limit: number, moreText: (hidden: number) => string): string {
  const lines = items.slice(0, limit).map((item) => `- ${text(item)}`);
  if (items.length > limit) lines.push(`- *${moreText(items.length - limit)}*`);
  return lines.join('\n');
}

function renderVerdict(description: ReportDescription): string {
  const icon = description.verdict === 'pass' ? '✅' : '❌';
  const heading = `### ${icon} model-gate: ${description.verdict} — ${text(description.headline)}`;
  if (description.reasons.length === 0) return heading;
  const reasons = bulletList(
    description.reasons,
    LIMITS.reasonsShown,
    (hidden) => `${pluralize(hidden, 'more reason')} in report.json`,
  );
  return `${heading}\n\n${reasons}`;
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
    const classes = listWithMore(report.classes.map(name), LIMITS.classesShown);
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

function outcomeCell(row: ComparisonRow): string {
  const icons = {
    improved: '✅',
    'non-inferior': '✅',
    inconclusive: '⚠️',
    regressed: row.blocking ? '❌' : '⚠️',
  };
  return `${icons[row.outcome]} ${row.outcome}${row.blocking ? '' : ' (not blocking)'}`;
}

function renderComparisons(description: ReportDescription): string {
  const confidence = description.sharedConfidence;
  const rows = description.comparisons.map((row) => [
    escapeMarkdown(row.metric),
    row.delta,
    confidence === null ? `${row.interval} (${row.confidence})` : row.interval,
    row.pValue,
    row.tolerance,
    outcomeCell(row),
    escapeMarkdown(truncate(row.method, LIMITS.nameCharacters)),
  ]);
  const intro =
    'Δ = candidate − baseline, oriented so that positive is better (a drop in a loss counts as positive). ' +
    'p in parentheses: adjusted for multiple comparisons.';
  const rendered = table(
    [
      'metric',
      'Δ',
      confidence === null ? 'CI' : `${confidence} CI`,
      'p (adjusted)',
      'tolerance',
      'outcome',
      'method',
    ],
    ['left', 'right', 'center', 'right', 'right', 'left', 'left'],
    rows,
  );
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
    const features = listWithMore(data.features.map(name), LIMITS.featuresShown);
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
    );
  }
  lines.push(
    `${report.tool.name} ${report.tool.version}, report schema ${String(report.schemaVersion)}, seed ` +
      `${String(report.seed)}, created ${report.createdAt}.`,
    `Timings: reading ${formatDuration(report.timings.readMs)}, inference ` +
      `${formatDuration(report.timings.inferenceMs)}, total ${formatDuration(report.timings.totalMs)}.`,
  );
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
  blocks.push(renderModels(report), renderData(report));
  if (report.notes.length > 0) blocks.push(renderNotes(report, description.hasMissingMetrics));
  blocks.push(renderMethod(report));
  return `${blocks.join('\n\n')}\n`;
}
