/**
 * The report JSON contract (DESIGN.md section 3.2, schemaVersion 1). Keys may be added, none removed.
 * Every renderer (terminal, Markdown, HTML) and every publisher reads this type and nothing else.
 * A value that is undefined for the data is `null`, never a made-up number; `notes` says why.
 */
import type { ChartData } from './chart-data.js';

export type Task = 'binary' | 'multiclass' | 'regression';
export type Verdict = 'pass' | 'fail';
export type Outcome = 'improved' | 'non-inferior' | 'inconclusive' | 'regressed';

export interface TensorDescription {
  name: string;
  /** ONNX element type as onnxruntime names it ('float32', 'int64', 'string', ...), or 'map'/'sequence'. */
  type: string;
  /** Dimensions; a symbolic dimension is its name (e.g. 'batch'), an unknown one is null. */
  shape: Array<number | string | null>;
}

export interface ModelFacts {
  /** Path as the user gave it. */
  path: string;
  sha256: string;
  bytes: number;
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  /** How the outputs were read, in plain words (e.g. "probabilities from 'probabilities' [N,3]"). */
  interpretation: string;
}

/** Metric values of one model; a metric that is undefined for the data is null (see `notes`). */
export type MetricValues = Record<string, number | null>;

export interface Comparison {
  metric: string;
  baseline: number | null;
  candidate: number | null;
  /** candidate - baseline, oriented so that positive is better. */
  delta: number | null;
  ci: [number, number] | null;
  confidence: number;
  method: string;
  /** One-sided p-value of H0 "not worse by more than the tolerance": small = evidence of a regression. */
  pValue: number | null;
  /** pValue after the policy's multiplicity correction (Holm across every rule by default). */
  pValueAdjusted: number | null;
  /** The tolerance in the metric's units; null when relative to a baseline value that is undefined. */
  tolerance: number | null;
  /** The tolerance as the policy states it: "0.005" (absolute) or "2%" (of the baseline value). */
  toleranceRule?: string;
  outcome: Outcome;
  /** false: reported, never decides the verdict. */
  blocking: boolean;
  standardError?: number | null;
  /** Smallest change this holdout set detects with 80% power at the gate's alpha, in the metric's units. */
  minimumDetectableEffect?: number;
  /** Rows for the minimum detectable effect to reach the tolerance, and how many more than now. */
  rowsNeeded?: number | null;
  additionalRows?: number | null;
  /** Why a value is null, or a caveat of the method. */
  note?: string | null;
}

/** How the verdict was reached (DESIGN.md section 4). */
export interface GateSummary {
  alpha: number;
  correction: 'holm' | 'none';
  inconclusive: 'warn' | 'fail' | 'pass';
  /** Confidence of the reported intervals: 1 - 2 alpha. */
  confidence: number;
  /** The convention tying tests and intervals together, in words. */
  convention: string;
  /** True when the verdict is a pass only because inconclusive blocking rules warn. */
  warned: boolean;
  /** The policy file used, as the user named it, or null for the built-in defaults. */
  policy: string | null;
}

export interface McNemarResult {
  /** #(candidate right, baseline wrong) */
  b: number;
  /** #(candidate wrong, baseline right) */
  c: number;
  statistic: number;
  pValue: number;
  exact: boolean;
}

export interface DeLongResult {
  aucCandidate: number;
  aucBaseline: number;
  z: number | null;
  pValue: number | null;
}

export interface PairedTResult {
  t: number | null;
  df: number;
  pValue: number | null;
  /** Mean of d = loss_candidate - loss_baseline. */
  meanDifference: number;
}

export interface WilcoxonResult {
  statistic: number | null;
  pValue: number | null;
  zerosDropped: number;
}

export interface PairedTests {
  mcnemar?: McNemarResult;
  delong?: DeLongResult;
  pairedT: PairedTResult;
  wilcoxon: WilcoxonResult;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  createdAt: string;
  seed: number;
  verdict: Verdict;
  reasons: string[];
  task: Task;
  /** Rows evaluated. */
  n: number;
  /** Class labels in the order of the probability columns (classification only). */
  classes?: Array<number | string>;
  /** Which loss the paired t / Wilcoxon tests use, in words. */
  loss: string;
  data: {
    path: string;
    label: string;
    features: string[];
    rowsRead: number;
    /** Rows not evaluated, by reason. Empty when every row was used. */
    rowsDropped: Record<string, number>;
  };
  /** baseline is null when there is no baseline yet: the candidate is reported alone. */
  models: { candidate: ModelFacts; baseline: ModelFacts | null };
  /** Without a baseline, every baseline metric is null. */
  metrics: { candidate: MetricValues; baseline: MetricValues };
  gate: GateSummary;
  comparisons: Comparison[];
  /** null when there is no baseline to compare with. */
  tests: PairedTests | null;
  /** Why some values are null or some metrics are missing, one line each. */
  notes: string[];
  /** Wall-clock timings in milliseconds. */
  timings: { totalMs: number; inferenceMs: number; readMs: number };
  /** Per slice column, per value (DESIGN 3.2 `slices.<column>.<value>`); only slices of at least the minimum size. */
  slices?: Record<string, Record<string, SliceReport>>;
  /** How slices were formed and how many were suppressed (too small to test or to show). */
  sliceSummary?: SliceSummary;
  /** Rows whose correctness changed between the models (classification with a baseline). */
  flips?: FlipsReport;
  /** Speed and size of both models, measured on the same batches, interleaved. */
  latency?: LatencyReport;
  /** Holdout set against a reference sample, prediction drift between the models, data quality. */
  drift?: DriftReport;
  /** Curves for the charts (binary): ROC and reliability of both models, downsampled. */
  charts?: ChartData;
}

export interface SliceReport {
  n: number;
  metrics: { candidate: MetricValues; baseline: MetricValues };
  comparisons: Comparison[];
}

export interface SliceSummary {
  columns: string[];
  /** Slices with fewer rows are neither tested nor shown (a tiny slice can reveal individual rows). */
  minSize: number;
  /** Per column: values shown, and values suppressed because they are smaller than minSize. */
  shown: Record<string, number>;
  suppressed: Record<string, number>;
}

export interface FlipCounts {
  /** Rows the candidate gets right and the baseline wrong (became right). */
  fixed: number;
  /** Rows the candidate gets wrong and the baseline right (became wrong). */
  broken: number;
}

export interface FlipsReport extends FlipCounts {
  /** By true class, in class order. */
  byClass: Array<FlipCounts & { class: number | string }>;
  /** By slice column and value (only slices of at least the minimum size). */
  bySlice?: Record<string, Record<string, FlipCounts>>;
  /**
   * Rows whose predicted class changed: counts of (baseline prediction -> candidate prediction), the largest
   * transitions first (at most 20), with how many of them became right / wrong.
   */
  changed: Array<{ from: number | string; to: number | string; rows: number; fixed: number; broken: number }>;
  /** A few ids (from --id-column) of rows that became wrong / right; never feature values. */
  examples?: { column: string; broken: string[]; fixed: string[] };
}

export interface LatencyQuantiles {
  p50: number;
  p95: number;
  p99: number;
}

export interface ModelLatency {
  /** Milliseconds per batch run. */
  perBatchMs: LatencyQuantiles;
  /** Microseconds per row (batch time / rows in the batch). */
  perRowUs: LatencyQuantiles;
  rowsPerSecond: number;
  /** Model file size in bytes. */
  bytes: number;
}

export interface LatencyReport {
  candidate: ModelLatency;
  baseline: ModelLatency;
  /** Timed batches per model (after the warm-up), run interleaved A, B, A, B on the same batches. */
  batches: number;
  warmupBatches: number;
  /** candidate / baseline time per row, with a confidence interval from the paired repetitions. */
  ratio: { estimate: number; ci: [number, number] | null; confidence: number; method: string };
  /** Policy rules on latency (report-only unless the policy gates on them). */
  comparisons: Comparison[];
}

export interface FeatureDrift {
  feature: string;
  kind: 'numeric' | 'categorical';
  /** Population stability index, holdout vs reference (binning in docs). */
  psi: number | null;
  test: 'ks' | 'chi-square';
  statistic: number | null;
  pValue: number | null;
  /** KS D (numeric) or Cramér's V (categorical): how large the shift is, whatever the sample size. */
  effectSize: number | null;
  /** Rows of the holdout set outside the reference range (numeric). */
  outOfRange: number;
}

export interface DataQuality {
  column: string;
  missing: number;
  constant: boolean;
  outOfReferenceRange: number | null;
}

export interface DriftReport {
  reference: { path: string; rows: number } | null;
  features: FeatureDrift[];
  /** The candidate's scores against the baseline's on the holdout set. */
  prediction: { psi: number | null; ksStatistic: number | null; pValue: number | null } | null;
  quality: DataQuality[];
  /** Policy rules on PSI (report-only by default). */
  comparisons: Comparison[];
}

/** The metric names of DESIGN.md section 3.2, per task, in display order. */
export const METRIC_NAMES: Record<Task, readonly string[]> = {
  binary: [
    'accuracy',
    'balanced_accuracy',
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'log_loss',
    'roc_auc',
    'brier_score',
  ],
  multiclass: [
    'accuracy',
    'balanced_accuracy',
    'precision_macro',
    'recall_macro',
    'f1_macro',
    'log_loss',
    'roc_auc',
  ],
  regression: ['mae', 'mse', 'rmse', 'r2', 'mape'],
};

/** Whether a larger value of the metric is better. */
export const HIGHER_IS_BETTER: Record<string, boolean> = {
  accuracy: true,
  balanced_accuracy: true,
  precision_macro: true,
  recall_macro: true,
  f1_macro: true,
  roc_auc: true,
  log_loss: false,
  brier_score: false,
  mae: false,
  mse: false,
  rmse: false,
  r2: true,
  mape: false,
};
