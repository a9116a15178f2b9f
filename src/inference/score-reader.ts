import { ModelError } from '../errors.js';
import type { Task } from '../report/types.js';
import type { ScoreOutput } from './describe-outputs.js';

/**
 * How a score output is turned into what the metrics need, decided on the first batch and then held:
 * - 'probabilities': [N,K] rows in [0,1] summing to 1 (within 1e-3): used as they are (no copy);
 * - 'normalized': [N,K] values in [0,1] whose rows do not sum to 1 (one-vs-rest sigmoids): each row divided by
 *   its sum, as scikit-learn's one-vs-rest predict_proba does;
 * - 'softmax': [N,K] with values outside [0,1]: logits, softmax applied;
 * - 'probability': [N] / [N,1] in [0,1], binary task: P(class 1), columns [1-p, p];
 * - 'sigmoid': [N] / [N,1] outside [0,1], binary task: a logit, p = 1 / (1 + exp(-score));
 * - 'values': regression, the values as they are.
 */
export type ScoreMode = 'probabilities' | 'normalized' | 'softmax' | 'probability' | 'sigmoid' | 'values';

export interface ScoreReader {
  /**
   * Probabilities, rows x K row-major, for classification; values (rows) for regression. `columns` is the
   * output's actual width, `firstRow` the 0-based index of the batch's first row in the data set.
   */
  read(
    data: Float32Array | Float64Array,
    rows: number,
    columns: number,
    firstRow: number,
  ): Float32Array | Float64Array;
  /** Null before the first batch. */
  mode(): ScoreMode | null;
  /** Number of probability columns (classes) once known; 0 for regression. */
  classCount(): number | null;
  describe(): string;
}

/** A row of probabilities may miss 1 by this much (float32 rounding, a Normalizer in float). */
export const ROW_SUM_TOLERANCE = 1e-3;
/** Probabilities computed in float32 can overshoot [0, 1] by a rounding error. */
const RANGE_TOLERANCE = 1e-6;

const MODE_TEXT: Record<ScoreMode, string> = {
  probabilities: 'probabilities',
  normalized: 'per-class scores in [0,1] whose rows do not sum to 1, each row divided by its sum',
  softmax: 'logits (values outside [0,1] on the first batch), softmax applied',
  probability: 'P(class 1), columns [1-p, p]',
  sigmoid: 'a logit (values outside [0,1] on the first batch), P(class 1) = sigmoid(score)',
  values: 'regression values',
};

export function createScoreReader(
  output: ScoreOutput,
  task: Task,
  modelName: string,
  location: { file: string },
): ScoreReader {
  let mode: ScoreMode | null = null;
  let classCount: number | null = task === 'regression' ? 0 : output.columns === 1 ? 2 : output.columns;
  const fail = (message: string): never => {
    throw new ModelError(`${modelName} output '${output.name}' ${message}`, location);
  };

  function checkWidth(columns: number): void {
    if (task === 'regression' && columns !== 1) {
      fail(`has ${columns} values per row; a regression model must return one ([N] or [N,1])`);
    }
    if (task === 'multiclass' && columns === 1) {
      fail(`has one value per row; a multiclass model must return one score per class ([N,K])`);
    }
    if (task === 'binary' && columns > 2) {
      fail(`has ${columns} columns (one per class), so the model has ${columns} classes, not 2`);
    }
  }

  return {
    read(data, rows, columns, firstRow) {
      checkWidth(columns);
      const statistics = inspect(data, rows, columns);
      if (statistics.firstNonFinite >= 0) {
        const row = Math.floor(statistics.firstNonFinite / columns);
        fail(`returned ${String(data[statistics.firstNonFinite])} for data row ${firstRow + row + 1}`);
      }
      if (task === 'regression') {
        mode = 'values';
        return data instanceof Float64Array
          ? data.subarray(0, rows)
          : Float64Array.from(data.subarray(0, rows));
      }
      if (columns === 1) {
        classCount = 2;
        if (mode === null) mode = statistics.outsideRow < 0 ? 'probability' : 'sigmoid';
        else if (mode === 'probability' && statistics.outsideRow >= 0) {
          const row = statistics.outsideRow;
          fail(
            `held probabilities in [0,1] on the first batch, but returns ${String(data[row])} for data row ` +
              `${firstRow + row + 1}: a model must return either probabilities or logits, not both`,
          );
        }
        return binaryColumns(data, rows, mode === 'sigmoid');
      }
      classCount = columns;
      if (mode === null) {
        mode =
          statistics.outsideRow >= 0 ? 'softmax' : statistics.badSumRow >= 0 ? 'normalized' : 'probabilities';
      } else if (mode === 'probabilities' && (statistics.outsideRow >= 0 || statistics.badSumRow >= 0)) {
        const row = statistics.outsideRow >= 0 ? statistics.outsideRow : statistics.badSumRow;
        fail(
          `held probabilities (rows summing to 1) on the first batch, but the row for data row ` +
            `${firstRow + row + 1} is [${rowText(data, row, columns)}]: a model must return either probabilities ` +
            `or logits, not both`,
        );
      } else if (mode === 'normalized' && statistics.outsideRow >= 0) {
        const row = statistics.outsideRow;
        fail(
          `held scores in [0,1] on the first batch, but the row for data row ${firstRow + row + 1} is ` +
            `[${rowText(data, row, columns)}]: a model must return either probabilities or logits, not both`,
        );
      }
      if (mode === 'probabilities') return data.subarray(0, rows * columns);
      if (mode === 'softmax') return softmax(data, rows, columns);
      if (statistics.zeroSumRow >= 0) {
        fail(
          `returned a row of zeros for data row ${firstRow + statistics.zeroSumRow + 1}, which has no class`,
        );
      }
      return normalize(data, rows, columns);
    },
    mode: () => mode,
    classCount: () => classCount,
    describe() {
      const shape = `[${output.shape.map((dimension, index) => (typeof dimension === 'number' ? dimension : index === 0 ? 'N' : '?')).join(',')}]`;
      const reading = mode === null ? pendingText(task, output.columns) : MODE_TEXT[mode];
      return `'${output.name}' ${shape} ${output.type}: ${reading}`;
    },
  };
}

function pendingText(task: Task, columns: number | null): string {
  if (task === 'regression') return MODE_TEXT.values;
  if (columns === 1) return 'P(class 1) or its logit, decided on the first batch';
  return 'probabilities or logits, decided on the first batch';
}

interface Statistics {
  /** Index of the first NaN or infinite value, or -1. */
  firstNonFinite: number;
  /** First row with a value outside [0,1], or -1. */
  outsideRow: number;
  /** First row whose sum is not 1 within ROW_SUM_TOLERANCE, or -1. */
  badSumRow: number;
  /** First row summing to 0, or -1. */
  zeroSumRow: number;
}

function inspect(data: Float32Array | Float64Array, rows: number, columns: number): Statistics {
  const statistics: Statistics = { firstNonFinite: -1, outsideRow: -1, badSumRow: -1, zeroSumRow: -1 };
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    let outside = false;
    for (let column = 0; column < columns; column++) {
      const index = row * columns + column;
      const value = data[index] ?? Number.NaN;
      if (!Number.isFinite(value)) {
        statistics.firstNonFinite = index;
        return statistics;
      }
      if (value < -RANGE_TOLERANCE || value > 1 + RANGE_TOLERANCE) outside = true;
      sum += value;
    }
    if (outside && statistics.outsideRow < 0) statistics.outsideRow = row;
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE && statistics.badSumRow < 0) statistics.badSumRow = row;
    if (sum === 0 && statistics.zeroSumRow < 0) statistics.zeroSumRow = row;
  }
  return statistics;
}

function binaryColumns(data: Float32Array | Float64Array, rows: number, logit: boolean): Float64Array {
  const probabilities = new Float64Array(rows * 2);
  for (let row = 0; row < rows; row++) {
    const score = data[row] ?? Number.NaN;
    const positive = logit ? sigmoid(score) : Math.min(1, Math.max(0, score));
    probabilities[row * 2] = 1 - positive;
    probabilities[row * 2 + 1] = positive;
  }
  return probabilities;
}

function sigmoid(score: number): number {
  // Two forms, so that exp never overflows.
  if (score >= 0) return 1 / (1 + Math.exp(-score));
  const exponential = Math.exp(score);
  return exponential / (1 + exponential);
}

function softmax(data: Float32Array | Float64Array, rows: number, columns: number): Float64Array {
  const probabilities = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    let maximum = -Infinity;
    for (let column = 0; column < columns; column++) maximum = Math.max(maximum, data[offset + column] ?? 0);
    let sum = 0;
    for (let column = 0; column < columns; column++) {
      const exponential = Math.exp((data[offset + column] ?? 0) - maximum);
      probabilities[offset + column] = exponential;
      sum += exponential;
    }
    for (let column = 0; column < columns; column++)
      probabilities[offset + column] = (probabilities[offset + column] ?? 0) / sum;
  }
  return probabilities;
}

function normalize(data: Float32Array | Float64Array, rows: number, columns: number): Float64Array {
  const probabilities = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    let sum = 0;
    for (let column = 0; column < columns; column++)
      sum += Math.min(1, Math.max(0, data[offset + column] ?? 0));
    for (let column = 0; column < columns; column++) {
      probabilities[offset + column] = Math.min(1, Math.max(0, data[offset + column] ?? 0)) / sum;
    }
  }
  return probabilities;
}

function rowText(data: Float32Array | Float64Array, row: number, columns: number): string {
  return Array.from(data.subarray(row * columns, (row + 1) * columns), (value) =>
    Number(value.toPrecision(6)),
  ).join(', ');
}
