/**
 * The sufficient statistics of every paired comparison (DESIGN.md section 4), collected as the rows stream by,
 * and the choice of method per metric:
 *   accuracy                       -> Tango's score interval / test on the 2x2 correctness counts;
 *   balanced_accuracy, precision_macro, recall_macro, f1_macro
 *                                  -> paired bootstrap over the (label, candidate, baseline) cell counts;
 *   roc_auc (binary)               -> DeLong's variance of the AUC difference;
 *   log_loss, brier_score, mae, mse, mape
 *                                  -> paired t on the per-example differences (means of per-example losses);
 *   rmse, r2                       -> paired bootstrap over random row groups of per-row sums;
 *   roc_auc (multiclass)           -> none yet (reported, with the reason).
 * Memory: the cell cube (K^3 counts, K <= MAX_CUBE_CLASSES), 2048 x 8 group sums (regression) and O(1)
 * running summaries; nothing per row beyond what the paired tests already keep.
 */
import { confusionMatrixMetrics } from '../metrics/confusion-matrix-metrics.js';
import type { Task } from '../report/types.js';
import { aucDifferenceInterval } from '../stats/auc-difference-interval.js';
import {
  undefinedInference,
  type ComparisonInference,
  type InferenceOptions,
} from '../stats/comparison-inference.js';
import type { DeLongTestResult } from '../stats/delong-test.js';
import { bootstrapInference, summarizeBootstrap } from '../stats/bootstrap-summary.js';
import {
  CELL_BOOTSTRAP_METHOD,
  DEFAULT_RESAMPLES,
  pairedBootstrapCellSamples,
  type CellBootstrapSamples,
} from '../stats/paired-bootstrap-cells.js';
import { GroupedSums, pairedBootstrapGrouped, type TotalsDelta } from '../stats/paired-bootstrap-grouped.js';
import { pairedMeanDifference, summarizeDifferences } from '../stats/paired-mean-difference.js';
import {
  pairedProportionDifference,
  PAIRED_PROPORTION_METHOD,
} from '../stats/paired-proportion-difference.js';
import { RunningDifferenceSummary } from '../stats/running-difference-summary.js';
import { MAPE_EPSILON } from '../metrics/regression-accumulator.js';
import type { ModelRows } from './paired-outcomes.js';

/** The method of a metric no paired method covers yet: such a rule is reported and never decides. */
export const NO_PAIRED_METHOD = 'none: no paired method for this metric yet';

/** Above this class count the K^3 cell cube (8 K^3 bytes) is not kept and the bootstrap rules say why. */
export const MAX_CUBE_CLASSES = 100;

const CONFUSION_METRICS = ['balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro'] as const;
type ConfusionMetricName = (typeof CONFUSION_METRICS)[number];

/** Cell draws the confusion bootstrap may take (about a second); beyond it fewer resamples are drawn. */
export const CELL_DRAW_BUDGET = 20_000_000;
const MIN_RESAMPLES = 2_000;

export interface EvidenceOptions extends InferenceOptions {
  seed: number;
  resamples?: number;
}

/** What the run knows at the end besides the streamed statistics. */
export interface EvidenceContext {
  /** d = loss(candidate) - loss(baseline) per row (log loss, or 0-1 loss for label-only models). */
  lossDifferences: Float64Array;
  /** Whether lossDifferences are log-loss differences (else the log_loss rule has no data). */
  logLoss: boolean;
  delong: DeLongTestResult | null;
}

export class ComparisonEvidence {
  private readonly cube: Float64Array | null = null;
  /** bothRight, candidateOnlyRight, baselineOnlyRight, bothWrong. */
  private readonly correctness = [0, 0, 0, 0];
  private readonly brier = new RunningDifferenceSummary();
  private readonly absoluteError = new RunningDifferenceSummary();
  private readonly squaredError = new RunningDifferenceSummary();
  private readonly percentageError = new RunningDifferenceSummary();
  private readonly groups: GroupedSums | null = null;
  /** y is shifted by its first value before the grouped sums, so R2's variance does not cancel. */
  private shift: number | null = null;
  private confusionSamples: { key: string; samples: CellBootstrapSamples } | null = null;

  constructor(
    private readonly task: Task,
    private readonly classCount: number,
    seed: number,
  ) {
    if (task !== 'regression' && classCount <= MAX_CUBE_CLASSES) {
      this.cube = new Float64Array(classCount ** 3);
    }
    if (task === 'regression') this.groups = new GroupedSums({ statisticCount: 4, seed });
  }

  addClassification(
    trueIndex: Int32Array,
    candidate: ModelRows,
    baseline: ModelRows,
    rowCount: number,
  ): void {
    const K = this.classCount;
    const cube = this.cube;
    const correctness = this.correctness;
    for (let row = 0; row < rowCount; row++) {
      const label = trueIndex[row] as number;
      const candidatePrediction = candidate.predicted[row] as number;
      const baselinePrediction = baseline.predicted[row] as number;
      const slot = (candidatePrediction === label ? 0 : 2) + (baselinePrediction === label ? 0 : 1);
      // slot: 0 both right, 1 candidate only, 2 baseline only, 3 both wrong.
      correctness[slot] = (correctness[slot] as number) + 1;
      if (cube !== null) {
        const cell = (label * K + candidatePrediction) * K + baselinePrediction;
        cube[cell] = (cube[cell] as number) + 1;
      }
    }
    if (this.task === 'binary' && candidate.probabilities !== null && baseline.probabilities !== null) {
      // Brier: (p1 - y)^2 per row; oriented difference = baseline - candidate.
      const differences = new Float64Array(rowCount);
      for (let row = 0; row < rowCount; row++) {
        const y = trueIndex[row] === 1 ? 1 : 0;
        const candidateError = (candidate.probabilities[row * 2 + 1] as number) - y;
        const baselineError = (baseline.probabilities[row * 2 + 1] as number) - y;
        differences[row] = baselineError * baselineError - candidateError * candidateError;
      }
      this.brier.addBatch(differences);
    }
  }

  addRegression(
    truth: Float64Array,
    candidate: Float32Array | Float64Array,
    baseline: Float32Array | Float64Array,
    rowCount: number,
  ): void {
    const groups = this.groups;
    if (groups === null) throw new Error('regression evidence without grouped sums');
    if (rowCount === 0) return;
    this.shift ??= truth[0] as number;
    const shift = this.shift;
    const absolute = new Float64Array(rowCount);
    const squared = new Float64Array(rowCount);
    const percentage = new Float64Array(rowCount);
    const rowStatistics = new Float64Array(4);
    for (let row = 0; row < rowCount; row++) {
      const y = truth[row] as number;
      const candidateError = y - (candidate[row] as number);
      const baselineError = y - (baseline[row] as number);
      const scale = Math.max(Math.abs(y), MAPE_EPSILON);
      absolute[row] = Math.abs(baselineError) - Math.abs(candidateError);
      squared[row] = baselineError * baselineError - candidateError * candidateError;
      percentage[row] = (Math.abs(baselineError) - Math.abs(candidateError)) / scale;
      const shifted = y - shift;
      rowStatistics[0] = shifted;
      rowStatistics[1] = shifted * shifted;
      rowStatistics[2] = candidateError * candidateError;
      rowStatistics[3] = baselineError * baselineError;
      groups.add(rowStatistics);
    }
    this.absoluteError.addBatch(absolute);
    this.squaredError.addBatch(squared);
    this.percentageError.addBatch(percentage);
  }

  /** The paired comparison of one metric, with the tolerance as the test's margin. */
  infer(metric: string, options: EvidenceOptions, context: EvidenceContext): ComparisonInference {
    switch (metric) {
      case 'accuracy':
        return this.accuracy(options);
      case 'balanced_accuracy':
      case 'precision_macro':
      case 'recall_macro':
      case 'f1_macro':
        return this.confusionBootstrap(metric, options);
      case 'roc_auc':
        return this.rocAuc(options, context);
      case 'log_loss': {
        if (!context.logLoss) {
          return undefinedInference(
            'Paired t on per-example log loss',
            options,
            context.lossDifferences.length,
            'a model outputs labels only, so log loss is undefined',
          );
        }
        const oriented = context.lossDifferences.map((value) => -value);
        return pairedMeanDifference(summarizeDifferences(oriented), options);
      }
      case 'brier_score':
        return this.meanRule(this.brier, 'brier_score', options);
      case 'mae':
        return this.meanRule(this.absoluteError, 'mae', options);
      case 'mse':
        return this.meanRule(this.squaredError, 'mse', options);
      case 'mape':
        return this.meanRule(this.percentageError, 'mape', options);
      case 'rmse':
      case 'r2':
        return this.groupedBootstrap(metric, options);
      default:
        throw new Error(`no comparison method for metric '${metric}'`);
    }
  }

  private accuracy(options: EvidenceOptions): ComparisonInference {
    const [bothRight, candidateOnlyRight, baselineOnlyRight, bothWrong] = this.correctness as [
      number,
      number,
      number,
      number,
    ];
    const inference = pairedProportionDifference(
      { bothRight, candidateOnlyRight, baselineOnlyRight, bothWrong },
      options,
    );
    return { ...inference, method: inference.method || PAIRED_PROPORTION_METHOD };
  }

  private meanRule(summary: RunningDifferenceSummary, metric: string, options: EvidenceOptions) {
    if (summary.n === 0) {
      return undefinedInference(
        'Paired t interval and test for the mean difference (Student 1908)',
        options,
        0,
        `${metric} is undefined for these models (no per-example values)`,
      );
    }
    return pairedMeanDifference(summary.summary(), options);
  }

  private rocAuc(options: EvidenceOptions, context: EvidenceContext): ComparisonInference {
    const n = context.lossDifferences.length;
    if (this.task !== 'binary') {
      return undefinedInference(
        NO_PAIRED_METHOD,
        options,
        n,
        'no paired interval for the multiclass macro ROC AUC yet: this rule is reported, never decided',
      );
    }
    const delong = context.delong;
    if (delong === null || delong.aucCandidate === null) {
      return undefinedInference(
        'DeLong interval for the AUC difference',
        options,
        n,
        delong?.reason ?? 'a model outputs labels only, so ROC AUC is undefined',
      );
    }
    const variance = delong.variance?.difference ?? null;
    if (variance === null) {
      return undefinedInference(
        'DeLong interval for the AUC difference',
        options,
        n,
        delong.reason ?? 'no variance',
      );
    }
    return aucDifferenceInterval(
      {
        aucCandidate: delong.aucCandidate,
        aucBaseline: delong.aucBaseline,
        standardError: Math.sqrt(variance),
        n,
      },
      options,
    );
  }

  /**
   * The four confusion metrics share one set of multinomial draws (pairedBootstrapCellSamples): each resample
   * marginalizes the (label, candidate, baseline) cube into the two confusion matrices once and computes all
   * four metrics; each rule then summarizes the resampled deltas with its own tolerance. The number of
   * resamples is 10,000, fewer (at least 2,000) when the cube has so many non-empty cells that 10,000 would
   * take more than CELL_DRAW_BUDGET cell draws; the method text says how many were drawn.
   */
  private confusionBootstrap(metric: ConfusionMetricName, options: EvidenceOptions): ComparisonInference {
    const cube = this.cube;
    const n = this.correctness.reduce((sum, count) => sum + count, 0);
    if (cube === null) {
      return undefinedInference(
        CELL_BOOTSTRAP_METHOD,
        options,
        n,
        `more than ${MAX_CUBE_CLASSES} classes: the cell bootstrap is not run`,
      );
    }
    const key = `${options.seed}:${options.resamples ?? 'auto'}`;
    if (this.confusionSamples?.key !== key) {
      this.confusionSamples = { key, samples: this.drawConfusionSamples(cube, options) };
    }
    const drawn = this.confusionSamples.samples;
    const method = `${CELL_BOOTSTRAP_METHOD} (${drawn.resamples.toLocaleString('en')} resamples)`;
    const index = CONFUSION_METRICS.indexOf(metric);
    const estimate = drawn.estimates[index] as number;
    if (drawn.n === 0 || Number.isNaN(estimate)) {
      return undefinedInference(method, options, drawn.n, 'the metric difference is undefined on the data');
    }
    // summarizeBootstrap sorts its input: each rule works on its own copy.
    const summary = summarizeBootstrap((drawn.samples[index] as Float64Array).slice(), options);
    return bootstrapInference(method, estimate, summary, options, {
      n: drawn.n,
      resamples: drawn.resamples,
      seed: drawn.seed,
    });
  }

  private drawConfusionSamples(cube: Float64Array, options: EvidenceOptions): CellBootstrapSamples {
    const K = this.classCount;
    let cells = 0;
    for (let cell = 0; cell < cube.length; cell++) if ((cube[cell] as number) > 0) cells++;
    const resamples =
      options.resamples ??
      Math.min(DEFAULT_RESAMPLES, Math.max(MIN_RESAMPLES, Math.floor(CELL_DRAW_BUDGET / Math.max(1, cells))));
    const candidate = new Float64Array(K * K);
    const baseline = new Float64Array(K * K);
    const deltas = (counts: Float64Array, nonEmptyCells: Int32Array, out: Float64Array) => {
      candidate.fill(0);
      baseline.fill(0);
      for (let index = 0; index < nonEmptyCells.length; index++) {
        const cell = nonEmptyCells[index] as number;
        const count = counts[cell] as number;
        if (count === 0) continue;
        const baselinePrediction = cell % K;
        const labelAndCandidate = (cell - baselinePrediction) / K;
        const label = Math.floor(labelAndCandidate / K);
        candidate[labelAndCandidate] = (candidate[labelAndCandidate] as number) + count;
        baseline[label * K + baselinePrediction] =
          (baseline[label * K + baselinePrediction] as number) + count;
      }
      const candidateValues = confusionMatrixMetrics(candidate, K);
      const baselineValues = confusionMatrixMetrics(baseline, K);
      CONFUSION_METRICS.forEach((name, index) => {
        const c = candidateValues[name];
        const b = baselineValues[name];
        out[index] = c === null || b === null ? Number.NaN : c - b;
      });
    };
    return pairedBootstrapCellSamples(cube, CONFUSION_METRICS.length, deltas, {
      resamples,
      seed: options.seed,
    });
  }

  private groupedBootstrap(metric: 'rmse' | 'r2', options: EvidenceOptions): ComparisonInference {
    const groups = this.groups;
    if (groups === null) throw new Error(`${metric} needs regression evidence`);
    // totals: [sum y', sum y'^2, sum e_c^2, sum e_b^2, n] with y' = y - shift.
    const rmse: TotalsDelta = (totals) => {
      const n = totals[4] as number;
      return Math.sqrt((totals[3] as number) / n) - Math.sqrt((totals[2] as number) / n);
    };
    const r2: TotalsDelta = (totals) => {
      const n = totals[4] as number;
      const mean = (totals[0] as number) / n;
      const variance = (totals[1] as number) / n - mean * mean;
      if (!(variance > 0)) return Number.NaN;
      // r2_c - r2_b = (SSE_b - SSE_c) / SST, with SST = n * variance.
      return ((totals[3] as number) - (totals[2] as number)) / n / variance;
    };
    const bootstrapOptions = {
      confidence: options.confidence,
      margin: options.margin,
      seed: options.seed,
      ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    };
    return pairedBootstrapGrouped(groups, metric === 'rmse' ? rmse : r2, bootstrapOptions);
  }
}
