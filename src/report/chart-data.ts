/**
 * The data behind the report's pictures (`report.charts`): compact ROC curves and reliability diagrams of the
 * candidate and the baseline, computed once at the end of a run from the binary scores, so every renderer
 * (Mermaid blocks in the comment, the HTML report) draws the same curves without the per-row scores.
 *
 * Part of the report JSON contract (schemaVersion 1): keys may be added, none removed. Binary classification
 * with probabilities only; absent otherwise. A model without a curve (no baseline yet, or a holdout set with a
 * single class) has null in its place. Every number is finite.
 */

/** One vertex of an empirical ROC curve: rows scoring >= threshold are called positive. */
export interface RocPoint {
  /** False positive rate: negatives at or above the threshold / all negatives. */
  fpr: number;
  /** True positive rate: positives at or above the threshold / all positives. */
  tpr: number;
  /** The score threshold; null for the (0, 0) corner, where no row is called positive. */
  threshold: number | null;
}

export interface RocCurve {
  /**
   * Vertices of the exact curve, a subset of at most about 100 that keeps its shape (see roc-curve.ts), in
   * order of decreasing threshold; always starts at (0, 0) and ends at (1, 1).
   */
  points: RocPoint[];
  /** Area under the exact (full) curve, trapezoidal, ties as diagonal segments: scikit-learn's roc_auc_score. */
  auc: number;
  positives: number;
  negatives: number;
  /** How many vertices the exact curve has (distinct thresholds + 1). */
  vertices: number;
}

/** One equal-width bin of predicted P(class 1). */
export interface ReliabilityBin {
  /** Bin edges; a score equal to an edge belongs to the bin below it (the first bin includes 0). */
  lower: number;
  upper: number;
  /** Rows whose score falls in the bin. */
  count: number;
  /** Mean predicted P(class 1) of those rows; null for an empty bin. */
  meanPredicted: number | null;
  /** Share of those rows whose true class is 1; null for an empty bin. */
  observedFrequency: number | null;
}

export interface ReliabilityDiagram {
  /** 'uniform': equal-width bins on [0, 1], as scikit-learn's calibration_curve(strategy='uniform'). */
  strategy: 'uniform';
  bins: ReliabilityBin[];
  /** Rows binned. */
  n: number;
  /** sum over bins of count / n * |observed - predicted| (Naeini et al. 2015); null when n = 0. */
  expectedCalibrationError: number | null;
}

/** What `report.charts` holds. */
export interface ChartData {
  roc?: { candidate: RocCurve; baseline: RocCurve | null };
  reliability?: { candidate: ReliabilityDiagram; baseline: ReliabilityDiagram | null };
}
