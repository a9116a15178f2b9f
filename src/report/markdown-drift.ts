/**
 * The Markdown "Drift" section: features sorted by PSI with their test and effect size, flagged at PSI 0.1
 * (moderate) and 0.25 (major), the drift of the candidate's scores against the baseline's, data quality, and
 * the drift rules of the policy when there are any. Lists are capped (LIMITS); the rest is in report.json.
 */
import type { DriftDescription, DriftLevel } from './describe-drift.js';
import { PSI_MAJOR, PSI_MODERATE } from './describe-drift.js';
import { MISSING, formatInteger, pluralize } from './format.js';
import {
  FULL_REPORT,
  LIMITS,
  cappedTable,
  cellCode,
  comparisonTable,
  details,
  path,
} from './markdown-blocks.js';

const LEVEL_CELLS: Record<DriftLevel, string> = {
  major: '🔴 major',
  moderate: '🟠 moderate',
  stable: 'stable',
  unknown: MISSING,
};

function renderFeatures(drift: DriftDescription): string {
  if (drift.features.length === 0) return '';
  const rows = drift.features.map((row) => [
    cellCode(row.feature),
    row.kind,
    row.psi,
    LEVEL_CELLS[row.level],
    row.test,
    row.statistic,
    row.pValue,
    row.effectSize,
    formatInteger(row.outOfRange),
  ]);
  const hiddenFlagged = drift.features
    .slice(LIMITS.driftFeaturesShown)
    .filter((row) => row.level === 'major' || row.level === 'moderate').length;
  return cappedTable(
    ['feature', 'kind', 'PSI', 'shift', 'test', 'statistic', 'p', 'effect size', 'out of range'],
    ['left', 'left', 'right', 'left', 'left', 'right', 'right', 'right', 'right'],
    rows,
    LIMITS.driftFeaturesShown,
    (hidden) =>
      `${pluralize(hidden, 'more feature')} (${formatInteger(hiddenFlagged)} flagged) in ${FULL_REPORT}`,
  );
}

function renderQuality(drift: DriftDescription): string {
  if (drift.quality.length === 0 && drift.qualityClean === 0) return '';
  const title = '**Data quality**';
  if (drift.quality.length === 0) {
    return `${title}: no missing value, constant column or value outside the reference range in ${pluralize(drift.qualityClean, 'column')}.`;
  }
  const rows = drift.quality.map((row) => [
    cellCode(row.column),
    formatInteger(row.missing),
    row.constant ? 'yes' : 'no',
    row.outOfRange === null ? MISSING : formatInteger(row.outOfRange),
  ]);
  const rendered = cappedTable(
    ['column', 'missing', 'constant', 'outside reference range'],
    ['left', 'right', 'left', 'right'],
    rows,
    LIMITS.qualityColumnsShown,
    (hidden) => `${pluralize(hidden, 'more column')} in ${FULL_REPORT}`,
  );
  const clean =
    drift.qualityClean > 0 ? `\n\n${pluralize(drift.qualityClean, 'other column')} without any issue.` : '';
  return `${title}\n\n${rendered}${clean}`;
}

function summaryOf(drift: DriftDescription): string {
  if (drift.features.length === 0) return 'Drift';
  const flagged = drift.counts.major + drift.counts.moderate;
  return `Drift (${formatInteger(flagged)} of ${pluralize(drift.features.length, 'feature')} shifted)`;
}

/** The collapsed "Drift" section. */
export function renderDriftMarkdown(drift: DriftDescription): string {
  const blocks: string[] = [];
  if (drift.reference === null) {
    blocks.push('No reference sample was given: feature drift is not measured.');
  } else {
    blocks.push(
      `The holdout set against the reference sample ${path(drift.reference.path)} ` +
        `(${pluralize(drift.reference.rows, 'row')}), largest PSI first: ${formatInteger(drift.counts.major)} ` +
        `major (PSI ≥ ${PSI_MAJOR}), ${formatInteger(drift.counts.moderate)} moderate (${PSI_MODERATE} to ` +
        `${PSI_MAJOR}), ${formatInteger(drift.counts.stable)} stable. On a large holdout set the p-value is ` +
        "small for any shift; the effect size (KS D, Cramér's V) says how large the shift is.",
    );
  }
  const features = renderFeatures(drift);
  if (features !== '') blocks.push(features);
  if (drift.prediction !== null) {
    const level = drift.predictionLevel === 'unknown' ? '' : ` (${LEVEL_CELLS[drift.predictionLevel]})`;
    blocks.push(
      `**Prediction drift**, the candidate's scores against the baseline's on the holdout set: ` +
        `${drift.prediction}${level}.`,
    );
  }
  const quality = renderQuality(drift);
  if (quality !== '') blocks.push(quality);
  if (drift.comparisons.length > 0) {
    blocks.push(
      `**Drift rules** (worst first)\n\n${comparisonTable(drift.comparisons, drift.sharedConfidence, LIMITS.sectionRulesShown)}`,
    );
  }
  return details(summaryOf(drift), blocks.join('\n\n'));
}
