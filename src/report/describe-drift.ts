/**
 * The words and numbers of the drift section (report.drift): per-feature population stability index (PSI)
 * of the holdout set against the reference sample, with the KS (numeric) or chi-square (categorical) test and
 * its effect size (KS D, Cramér's V), the drift of the candidate's scores against the baseline's, and data
 * quality. Features are sorted by PSI, largest first (a feature without a PSI last).
 *
 * PSI levels follow the usual rule of thumb (Siddiqi 2006, "Credit Risk Scorecards"): below 0.1 stable,
 * 0.1 to 0.25 a moderate shift, 0.25 and above a major shift. The p-value grows small with any shift on a
 * large holdout set; the effect size says whether the shift is large.
 */
import type { ComparisonRow } from './describe-comparison.js';
import { describeComparison, sharedConfidenceOf, sortWorstFirst } from './describe-comparison.js';
import { MISSING, formatNumber, formatPEquals, formatPValue, formatStatistic } from './format.js';
import type { FeatureDrift, Report } from './types.js';

export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;

export type DriftLevel = 'major' | 'moderate' | 'stable' | 'unknown';

export interface FeatureDriftRow {
  feature: string;
  kind: FeatureDrift['kind'];
  psi: string;
  level: DriftLevel;
  /** 'KS' or 'χ²'. */
  test: string;
  statistic: string;
  pValue: string;
  /** 'D = 0.1230' or 'V = 0.0800', '—' when undefined. */
  effectSize: string;
  outOfRange: number;
}

export interface QualityRow {
  column: string;
  missing: number;
  constant: boolean;
  /** null when there is no reference range. */
  outOfRange: number | null;
}

export interface DriftDescription {
  reference: { path: string; rows: number } | null;
  /** Largest PSI first. */
  features: FeatureDriftRow[];
  counts: Record<DriftLevel, number>;
  /** 'PSI 0.0310, KS D = 0.0420, p = 0.12', or null when not measured. */
  prediction: string | null;
  predictionLevel: DriftLevel;
  /** Columns with a missing value, a constant value or values outside the reference range. */
  quality: QualityRow[];
  /** Columns checked without any issue. */
  qualityClean: number;
  comparisons: ComparisonRow[];
  sharedConfidence: string | null;
}

export function psiLevel(psi: number | null): DriftLevel {
  if (psi === null || !Number.isFinite(psi)) return 'unknown';
  if (psi >= PSI_MAJOR) return 'major';
  if (psi >= PSI_MODERATE) return 'moderate';
  return 'stable';
}

function describeFeature(feature: FeatureDrift): FeatureDriftRow {
  const symbol = feature.test === 'ks' ? 'D' : 'V';
  return {
    feature: feature.feature,
    kind: feature.kind,
    psi: formatNumber(feature.psi),
    level: psiLevel(feature.psi),
    test: feature.test === 'ks' ? 'KS' : 'χ²',
    statistic: feature.test === 'ks' ? formatNumber(feature.statistic) : formatStatistic(feature.statistic),
    pValue: formatPValue(feature.pValue),
    effectSize: feature.effectSize === null ? MISSING : `${symbol} = ${formatNumber(feature.effectSize)}`,
    outOfRange: feature.outOfRange,
  };
}

/** The drift of the report, or null when it was not measured. */
export function describeDrift(report: Report): DriftDescription | null {
  const drift = report.drift;
  if (drift === undefined) return null;
  const features = drift.features
    .map((feature, index) => ({ feature, index }))
    .sort((a, b) => {
      const left = a.feature.psi ?? Number.NEGATIVE_INFINITY;
      const right = b.feature.psi ?? Number.NEGATIVE_INFINITY;
      return right - left || a.index - b.index;
    })
    .map(({ feature }) => describeFeature(feature));
  const counts: Record<DriftLevel, number> = { major: 0, moderate: 0, stable: 0, unknown: 0 };
  for (const row of features) counts[row.level] += 1;
  const prediction = drift.prediction;
  const quality = drift.quality
    .filter((entry) => entry.missing > 0 || entry.constant || (entry.outOfReferenceRange ?? 0) > 0)
    .map((entry) => ({
      column: entry.column,
      missing: entry.missing,
      constant: entry.constant,
      outOfRange: entry.outOfReferenceRange,
    }));
  const comparisons = sortWorstFirst(drift.comparisons).map(describeComparison);
  return {
    reference: drift.reference,
    features,
    counts,
    prediction:
      prediction === null
        ? null
        : `PSI ${formatNumber(prediction.psi)}, KS D = ${formatNumber(prediction.ksStatistic)}, ` +
          formatPEquals(prediction.pValue),
    predictionLevel: psiLevel(prediction?.psi ?? null),
    quality,
    qualityClean: drift.quality.length - quality.length,
    comparisons,
    sharedConfidence: sharedConfidenceOf(comparisons),
  };
}
