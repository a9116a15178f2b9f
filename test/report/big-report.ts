/**
 * A large, valid report built in code, for the size tests: a 50-class model, 3 slice columns x 20 values
 * (long values, 4 rules each, one blocking regression on a slice while every overall rule improves), a
 * 50 x 50 list of prediction changes, flips by class and by slice, 100 example ids, latency with rules, and
 * 100 drifted features with quality checks and PSI rules. Names are as long as the renderers allow (60
 * characters), so the measured size is near the worst a real report reaches.
 */
import type { Comparison, FlipCounts, Report, SliceReport } from '../../src/report/types.js';
import { loadReport, validateReport } from './report-fixtures.js';

export const BIG = {
  classes: 50,
  sliceColumns: 3,
  sliceValues: 20,
  features: 100,
  regressedColumn: 'country_of_residence_as_reported_by_the_customer',
  regressedValue: 'FR',
} as const;

const MULTICLASS_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'log_loss',
  'roc_auc',
] as const;

/** A name padded to `length` characters: 'prefix_7_xxxx...'. */
function longName(prefix: string, index: number, length: number): string {
  const base = `${prefix}_${index}_`;
  return base + 'x'.repeat(Math.max(0, length - base.length));
}

function comparison(
  metric: string,
  delta: number,
  outcome: Comparison['outcome'],
  pValue: number,
): Comparison {
  return {
    metric,
    baseline: 0.8,
    candidate: 0.8 + delta,
    delta,
    ci: [delta - 0.0123, delta + 0.0123],
    confidence: 0.9,
    method: 'paired bootstrap (2000 resamples, multinomial on confusion cells)',
    pValue,
    pValueAdjusted: Math.min(1, pValue * 60),
    tolerance: 0.01,
    toleranceRule: '0.01',
    outcome,
    blocking: true,
    minimumDetectableEffect: 0.0187,
  };
}

function sliceReport(n: number, regressed: boolean): SliceReport {
  const delta = regressed ? -0.0312 : 0.0071;
  return {
    n,
    metrics: {
      baseline: Object.fromEntries(MULTICLASS_METRICS.map((metric) => [metric, 0.8])),
      candidate: Object.fromEntries(MULTICLASS_METRICS.map((metric) => [metric, 0.8 + delta])),
    },
    comparisons: ['accuracy', 'f1_macro', 'log_loss', 'roc_auc'].map((metric) =>
      comparison(metric, delta, regressed ? 'regressed' : 'non-inferior', regressed ? 1.2e-5 : 0.004),
    ),
  };
}

/** The big report, validated against the contract. */
export function buildBigReport(): Report {
  const report = loadReport('binary-slice-regression');
  const classes = Array.from({ length: BIG.classes }, (_, index) => longName('class', index, 40));
  const features = Array.from({ length: BIG.features }, (_, index) => longName('feature', index, 60));
  report.task = 'multiclass';
  report.classes = classes;
  report.n = 200_000;
  report.data.rowsRead = 200_000;
  report.data.features = features;
  report.metrics = {
    baseline: Object.fromEntries(MULTICLASS_METRICS.map((metric) => [metric, 0.8])),
    candidate: Object.fromEntries(MULTICLASS_METRICS.map((metric) => [metric, 0.81])),
  };
  report.comparisons = MULTICLASS_METRICS.map((metric) => comparison(metric, 0.01, 'improved', 1e-9));
  delete report.tests?.delong;
  report.reasons = [
    `accuracy on slice ${BIG.regressedColumn} = ${BIG.regressedValue} dropped 3.1 points (adjusted p = 7.2e-4)`,
    ...Array.from(
      { length: 9 },
      (_, index) => `f1_macro on slice value ${index} is inconclusive (warn only).`,
    ),
  ];
  report.notes = Array.from(
    { length: 20 },
    (_, index) => `Note ${index}: ${'a fairly long explanation '.repeat(6)}`,
  );

  const sliceColumns = [
    BIG.regressedColumn,
    'device_model_name_reported_by_the_mobile_application_sdk',
    'customer_segment_from_the_marketing_data_warehouse',
  ];
  report.slices = {};
  report.sliceSummary = { columns: sliceColumns, minSize: 100, shown: {}, suppressed: {} };
  report.flips = {
    fixed: 9_000,
    broken: 7_000,
    byClass: classes.map((label, index) => ({ class: label, fixed: 100 + index, broken: 120 - index })),
    bySlice: {},
    // Every (from, to) pair of distinct classes: 50 x 49 transitions.
    changed: classes.flatMap((from, fromIndex) =>
      classes
        .filter((to) => to !== from)
        .map((to, toIndex) => ({
          from,
          to,
          rows: 2_500 - fromIndex * BIG.classes - toIndex,
          fixed: 1,
          broken: 1,
        })),
    ),
    examples: {
      column: 'customer_identifier',
      broken: Array.from({ length: 100 }, (_, index) => longName('row', index, 60)),
      fixed: Array.from({ length: 100 }, (_, index) => longName('row', 1000 + index, 60)),
    },
  };
  for (const [columnIndex, column] of sliceColumns.entries()) {
    const values: Record<string, SliceReport> = {};
    const flips: Record<string, FlipCounts> = {};
    for (let index = 0; index < BIG.sliceValues; index += 1) {
      const value =
        columnIndex === 0 && index === 7 ? BIG.regressedValue : longName(`value_${columnIndex}`, index, 60);
      values[value] = sliceReport(3_000 + index, value === BIG.regressedValue);
      flips[value] = { fixed: 100 + index, broken: 90 + index * 2 };
    }
    report.slices[column] = values;
    report.sliceSummary.shown[column] = BIG.sliceValues;
    report.sliceSummary.suppressed[column] = 5 + columnIndex;
    report.flips.bySlice![column] = flips;
  }
  report.latency!.comparisons = ['p50_row_us', 'p95_row_us', 'p99_row_us'].map((metric) =>
    comparison(metric, -0.1, 'non-inferior', 0.01),
  );
  report.drift = {
    reference: { path: `data/${'reference/'.repeat(10)}sample.csv`, rows: 1_000_000 },
    features: features.map((feature, index) => ({
      feature,
      kind: index % 4 === 0 ? 'categorical' : 'numeric',
      psi: (index * 0.37) % 0.5,
      test: index % 4 === 0 ? 'chi-square' : 'ks',
      statistic: 123.456 + index,
      pValue: 1e-12,
      effectSize: 0.1234,
      outOfRange: index,
    })),
    prediction: { psi: 0.052, ksStatistic: 0.061, pValue: 2.1e-6 },
    quality: features.map((column, index) => ({
      column,
      missing: index,
      constant: index % 10 === 0,
      outOfReferenceRange: index,
    })),
    comparisons: features.map((feature) => ({
      ...comparison(`psi ${feature}`, -0.01, 'non-inferior', 0.2),
      blocking: false,
    })),
  };
  return validateReport(report);
}
