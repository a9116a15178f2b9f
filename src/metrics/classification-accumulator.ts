/**
 * Streaming classification metrics of one model: accuracy, balanced_accuracy, precision_macro, recall_macro,
 * f1_macro, log_loss, roc_auc and (binary) brier_score, with scikit-learn 1.2.1 semantics.
 *
 * Used by: the evaluation pipeline, one accumulator per model. Batches of rows arrive as they leave inference;
 * the accumulator keeps only what the metrics need: the K x K confusion matrix (label metrics), compensated
 * sums (log loss, Brier score), and the scores for ROC AUC (binary: P(class 1) as float32 + a uint8 label,
 * 5 bytes a row; multiclass: the K probabilities as float32 + an int32 true index). Nothing else grows with n.
 *
 * Definitions (n rows, K classes, y the true class index, p the probability row in class-index order):
 * - accuracy, balanced_accuracy, precision/recall/f1 macro: see confusion-matrix-metrics.ts (macro over the
 *   labels present in y_true or y_pred, zero_division = 0; balanced accuracy over the classes in y_true).
 * - log_loss = (1/n) sum_i -ln(clip(p_i,y_i) / sum_j clip(p_i,j)), clip to [1e-15, 1 - 1e-15]; labels are all
 *   K classes, so it is defined even when the holdout set has a single class (see per-example-log-loss.ts for
 *   the clipping and the renormalization scikit-learn 1.2.1 does).
 * - roc_auc: binary: AUC of P(class 1) against y (binary-roc-auc.ts, ties count one half, equal to the
 *   trapezoidal ROC area); multiclass: one-vs-rest, unweighted mean over the K classes of the AUC of column k
 *   against [y = k] (scikit-learn's multi_class='ovr', average='macro'). Null, with a note, when it is
 *   undefined: a single class among the true labels; for multiclass, any class absent from the true labels or
 *   probability rows that do not sum to 1 within numpy.allclose's tolerance (|sum - 1| <= 1e-8 + 1e-5 |sum|),
 *   the three cases in which scikit-learn raises instead of answering.
 * - brier_score (binary only) = (1/n) sum_i (p_i,1 - [y_i = 1])^2, not clipped; defined for a single-class
 *   holdout set, as in scikit-learn.
 * A model that outputs labels only (probabilities null) gets null log_loss, roc_auc and brier_score, with a
 * note. An accumulator that saw no rows returns every metric null, with a note. Values are never NaN.
 * Sums are Neumaier-compensated and taken row by row, so the result does not depend on the batch sizes.
 *
 * Input checks: class indices outside [0, K) and arrays shorter than rowCount are programming errors
 * (RangeError: the data and inference stages validate labels and outputs first). A probability that is NaN,
 * infinite or outside [0, 1] is a ModelError naming the row (1-based among the rows this accumulator saw) and
 * the class; the caller adds the model's path.
 *
 * References: balanced accuracy, Brodersen et al. (2010), ICPR, https://doi.org/10.1109/ICPR.2010.764; ROC AUC,
 * Hanley & McNeil (1982), Radiology 143(1), 29-36, https://doi.org/10.1148/radiology.143.1.7063747;
 * one-vs-rest multiclass AUC, F. Provost and P. Domingos (2000), "Well-trained PETs: improving probability
 * estimation trees", CeDER Working Paper IS-00-04, NYU, and T. Fawcett (2006), "An introduction to ROC
 * analysis", Pattern Recognition Letters 27(8), 861-874, https://doi.org/10.1016/j.patrec.2005.10.010; Brier
 * score, G. W. Brier (1950), "Verification of forecasts expressed in terms of probability", Monthly Weather
 * Review 78(1), 1-3, https://doi.org/10.1175/1520-0493(1950)078%3C0001:VOFEIT%3E2.0.CO;2; scikit-learn user
 * guide, "Metrics and scoring" (https://scikit-learn.org/1.2/modules/model_evaluation.html).
 * Test values: scikit-learn 1.2.1 (scripts/reference/metrics_reference.py -> test/fixtures/reference/metrics.json).
 */
import { ModelError } from '../errors.js';
import { METRIC_NAMES } from '../report/types.js';
import { binaryRocAuc } from './binary-roc-auc.js';
import { confusionMatrixMetrics } from './confusion-matrix-metrics.js';
import type { MetricsResult } from './metrics-result.js';
import { NeumaierSum } from './neumaier-sum.js';
import { rowLogLoss } from './per-example-log-loss.js';
import { ScoreStore } from './score-store.js';

export interface ClassificationAccumulatorOptions {
  /** Class labels in index order, used to name classes in notes (default: the index). */
  classNames?: ReadonlyArray<string | number>;
  /** Rows per storage chunk for the ROC AUC scores (tests use small chunks). */
  chunkRows?: number;
}

/** The binary scores kept for ROC AUC, concatenated (what a DeLong test needs). */
export interface BinaryScores {
  /** P(class 1) of each row, in row order. */
  scores: Float32Array;
  /** 1 when the row's true class is 1, else 0. */
  positive: Uint8Array;
}

// numpy.allclose(1, rowSum) defaults, which scikit-learn's multiclass roc_auc_score applies.
const SUM_RELATIVE_TOLERANCE = 1e-5;
const SUM_ABSOLUTE_TOLERANCE = 1e-8;
const MAX_CLASSES_NAMED = 5;

export class ClassificationAccumulator {
  readonly classCount: number;
  readonly binary: boolean;
  private readonly classNames: ReadonlyArray<string | number> | undefined;
  /** counts[t * K + p]: rows of true class t predicted as p. */
  private readonly counts: Float64Array;
  private readonly logLossSum = new NeumaierSum();
  private readonly brierSum = new NeumaierSum();
  private readonly scores: ScoreStore;
  /** Undecided until the first add(); then fixed. */
  private hasProbabilities: boolean | undefined;
  private rowsSeen = 0;
  /** Multiclass rows whose probabilities do not sum to 1 within numpy.allclose's tolerance. */
  private rowsNotSummingToOne = 0;
  private sortedBinary: { positive: Float32Array; negative: Float32Array } | null = null;

  constructor(classCount: number, binary: boolean, options: ClassificationAccumulatorOptions = {}) {
    if (!Number.isInteger(classCount) || classCount < 2) {
      throw new RangeError(`a classification accumulator needs at least 2 classes, got ${classCount}`);
    }
    if (binary && classCount !== 2) {
      throw new RangeError(`a binary accumulator has 2 classes, got ${classCount}`);
    }
    this.classCount = classCount;
    this.binary = binary;
    this.classNames = options.classNames;
    this.counts = new Float64Array(classCount * classCount);
    this.scores = binary
      ? new ScoreStore(1, true, options.chunkRows)
      : new ScoreStore(classCount, false, options.chunkRows);
  }

  /** Rows added so far. */
  get rowCount(): number {
    return this.rowsSeen;
  }

  /**
   * Adds rowCount rows. probabilities is row-major rowCount x K in class-index order, or null for a model that
   * outputs labels only; every call of one accumulator must agree on which.
   */
  add(
    trueIndex: Int32Array,
    predictedIndex: Int32Array,
    probabilities: Float32Array | Float64Array | null,
    rowCount: number,
  ): void {
    const classCount = this.classCount;
    if (!Number.isInteger(rowCount) || rowCount < 0)
      throw new RangeError(`rowCount must be >= 0, got ${rowCount}`);
    if (trueIndex.length < rowCount || predictedIndex.length < rowCount) {
      throw new RangeError(
        `${rowCount} rows need trueIndex and predictedIndex of at least ${rowCount} entries, ` +
          `got ${trueIndex.length} and ${predictedIndex.length}`,
      );
    }
    const withProbabilities = probabilities !== null;
    if (this.hasProbabilities === undefined) {
      this.hasProbabilities = withProbabilities;
    } else if (this.hasProbabilities !== withProbabilities) {
      throw new RangeError(
        `every batch of one model must ${this.hasProbabilities ? 'carry' : 'omit'} probabilities; this one does not`,
      );
    }
    if (probabilities !== null && probabilities.length < rowCount * classCount) {
      throw new RangeError(
        `${rowCount} rows of ${classCount} classes need ${rowCount * classCount} probabilities, got ${probabilities.length}`,
      );
    }
    for (let row = 0; row < rowCount; row++) {
      const label = trueIndex[row] as number;
      const predicted = predictedIndex[row] as number;
      if (!(label >= 0 && label < classCount) || !(predicted >= 0 && predicted < classCount)) {
        throw new RangeError(
          `row ${this.rowsSeen + row + 1}: class indices must be in [0, ${classCount}), ` +
            `got true ${label}, predicted ${predicted}`,
        );
      }
      this.counts[label * classCount + predicted]! += 1;
      if (probabilities === null) continue;
      const offset = row * classCount;
      let rowSum = 0;
      for (let j = 0; j < classCount; j++) {
        const probability = probabilities[offset + j] as number;
        if (!(probability >= 0 && probability <= 1)) this.rejectProbability(row, j, probability);
        rowSum += probability;
      }
      if (Math.abs(rowSum - 1) > SUM_ABSOLUTE_TOLERANCE + SUM_RELATIVE_TOLERANCE * Math.abs(rowSum)) {
        this.rowsNotSummingToOne++;
      }
      this.logLossSum.add(rowLogLoss(probabilities, offset, classCount, label));
      if (this.binary) {
        const difference = (probabilities[offset + 1] as number) - (label === 1 ? 1 : 0);
        this.brierSum.add(difference * difference);
      }
    }
    if (probabilities !== null) {
      if (this.binary) this.scores.append(probabilities, 2, 1, trueIndex, rowCount);
      else this.scores.append(probabilities, classCount, 0, trueIndex, rowCount);
    }
    this.rowsSeen += rowCount;
  }

  /** A copy of the K x K row-major (true x predicted) confusion matrix. */
  confusionMatrix(): Float64Array {
    return this.counts.slice();
  }

  /** Binary accumulators with probabilities: P(class 1) and the true labels, concatenated; otherwise null. */
  binaryScores(): BinaryScores | null {
    if (!this.binary || this.hasProbabilities !== true) return null;
    const scores = new Float32Array(this.rowsSeen);
    const positive = new Uint8Array(this.rowsSeen);
    let offset = 0;
    for (const chunk of this.scores.chunkList()) {
      scores.set(chunk.scores.subarray(0, chunk.rows), offset);
      positive.set(chunk.labels.subarray(0, chunk.rows), offset);
      offset += chunk.rows;
    }
    return { scores, positive };
  }

  /** The metrics of every row added so far (METRIC_NAMES order), with a note for each null. */
  result(): MetricsResult {
    const names = METRIC_NAMES[this.binary ? 'binary' : 'multiclass'];
    const metrics: Record<string, number | null> = {};
    for (const name of names) metrics[name] = null;
    const notes: string[] = [];
    const n = this.rowsSeen;
    if (n === 0) {
      notes.push('no rows were evaluated, so every metric is undefined');
      return { metrics, notes };
    }
    Object.assign(metrics, confusionMatrixMetrics(this.counts, this.classCount));
    if (this.hasProbabilities !== true) {
      notes.push(
        `${this.binary ? 'log_loss, roc_auc and brier_score are' : 'log_loss and roc_auc are'} undefined: ` +
          'the model outputs labels only, no class probabilities',
      );
      return { metrics, notes };
    }
    metrics.log_loss = this.logLossSum.value / n;
    if (this.binary) metrics.brier_score = this.brierSum.value / n;
    const auc = this.rocAuc();
    metrics.roc_auc = auc.value;
    if (auc.note !== undefined) notes.push(auc.note);
    return { metrics, notes };
  }

  private rocAuc(): { value: number | null; note?: string } {
    const classCount = this.classCount;
    const trueCounts = new Float64Array(classCount);
    for (let t = 0; t < classCount; t++) {
      for (let p = 0; p < classCount; p++) trueCounts[t]! += this.counts[t * classCount + p] as number;
    }
    const present: number[] = [];
    const absent: number[] = [];
    for (let k = 0; k < classCount; k++) ((trueCounts[k] as number) > 0 ? present : absent).push(k);
    if (present.length === 1) {
      return {
        value: null,
        note: `roc_auc is undefined: the holdout set has a single class (${this.className(present[0] as number)})`,
      };
    }
    if (this.binary) {
      return { value: this.classAuc(0, 1, trueCounts[1] as number) };
    }
    if (absent.length > 0) {
      const named = absent.slice(0, MAX_CLASSES_NAMED).map((k) => this.className(k));
      const more = absent.length > MAX_CLASSES_NAMED ? ` and ${absent.length - MAX_CLASSES_NAMED} more` : '';
      return {
        value: null,
        note:
          `roc_auc is undefined: ${absent.length === 1 ? 'class' : 'classes'} ${named.join(', ')}${more} ` +
          `${absent.length === 1 ? 'never occurs' : 'never occur'} in the holdout set, and one-vs-rest ROC AUC ` +
          'needs every class among the true labels',
      };
    }
    if (this.rowsNotSummingToOne > 0) {
      return {
        value: null,
        note:
          `roc_auc is undefined: ${this.rowsNotSummingToOne} of ${this.rowsSeen} probability rows do not sum to 1 ` +
          '(within 1e-5), and multiclass ROC AUC needs probabilities, as in scikit-learn',
      };
    }
    let sum = 0;
    for (let k = 0; k < classCount; k++) sum += this.classAuc(k, k, trueCounts[k] as number);
    return { value: sum / classCount };
  }

  /** AUC of score column `column` for "true class = positiveClass" against the rest. */
  private classAuc(column: number, positiveClass: number, positiveCount: number): number {
    const positives = new Float32Array(positiveCount);
    const negatives = new Float32Array(this.rowsSeen - positiveCount);
    const columns = this.scores.columns;
    let positiveAt = 0;
    let negativeAt = 0;
    const scoreColumn = this.binary ? 0 : column;
    for (const chunk of this.scores.chunkList()) {
      const { scores, labels, rows } = chunk;
      for (let row = 0; row < rows; row++) {
        const score = scores[row * columns + scoreColumn] as number;
        if (labels[row] === positiveClass) positives[positiveAt++] = score;
        else negatives[negativeAt++] = score;
      }
    }
    const auc = binaryRocAuc(positives, negatives);
    // binaryRocAuc sorted both arrays in place: keep them for the ROC curve of the charts.
    if (this.binary) this.sortedBinary = { positive: positives, negative: negatives };
    return auc;
  }

  /**
   * Binary with probabilities, after result(): P(class 1) of the positive and of the negative rows, each
   * sorted ascending (what a ROC curve needs); null otherwise.
   */
  sortedBinaryScores(): { positive: Float32Array; negative: Float32Array } | null {
    return this.sortedBinary;
  }

  private className(index: number): string {
    return String(this.classNames?.[index] ?? index);
  }

  private rejectProbability(row: number, column: number, value: number): never {
    throw new ModelError(
      `Invalid probability ${String(value)} for class ${this.className(column)} in row ${this.rowsSeen + row + 1}: ` +
        'probabilities must be numbers between 0 and 1 (are the outputs logits or scores?)',
    );
  }
}
