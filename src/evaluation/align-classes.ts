/**
 * One class order for both models and the labels. Each model reports probabilities and predicted indices in
 * its own class order (the labels it declares, or 0..K-1); the metrics need one order. The candidate's order is
 * the reference; the baseline's predictions are permuted into it when both declare the same classes in another
 * order. Labels in the data are mapped to indices; a label no model can produce is a DataError naming the line.
 */
import type { RowBatch } from '../data/csv-reader.js';
import { DataError, ModelError } from '../errors.js';
import type { BatchPrediction, Predictor } from '../inference/create-predictor.js';
import type { Task } from '../report/types.js';

export interface AlignedPrediction {
  predicted: Int32Array | null;
  probabilities: Float32Array | Float64Array | null;
}

export interface ClassAlignment {
  /** Class labels in index order. */
  classes: Array<number | string>;
  /** The class index of each label of the batch. */
  labelIndices(batch: RowBatch, dataPath: string, labelColumn: string): Int32Array;
  /** The baseline's prediction in the candidate's class order. */
  alignBaseline(prediction: BatchPrediction): AlignedPrediction;
}

const LISTED_CLASSES = 20;

function listClasses(classes: ReadonlyArray<number | string>): string {
  const shown = classes.slice(0, LISTED_CLASSES).map(String);
  if (classes.length > LISTED_CLASSES) shown.push(`... (${classes.length - LISTED_CLASSES} more)`);
  return shown.join(', ');
}

function sameMembers(a: ReadonlyArray<number | string>, b: ReadonlyArray<number | string>): boolean {
  if (a.length !== b.length) return false;
  const set = new Set<number | string>(a);
  return b.every((value) => set.has(value));
}

function isRange(labels: ReadonlyArray<number | string>): boolean {
  return labels.every((value, index) => value === index);
}

/** Decides the shared class order once both predictors have seen the first batch. */
export function alignClasses(candidate: Predictor, baseline: Predictor, task: Task): ClassAlignment {
  const candidateLabels = candidate.classLabels;
  const baselineLabels = baseline.classLabels;
  const candidateCount = candidateLabels?.length ?? candidate.classCount();
  const baselineCount = baselineLabels?.length ?? baseline.classCount();
  const count = candidateCount ?? baselineCount;
  if (count === null) {
    throw new ModelError(
      `Neither ${candidate.model.name} nor ${baseline.model.name} declares its classes or outputs class scores, ` +
        'so the number of classes is unknown: export one of them with its probability output',
    );
  }
  if (candidateCount !== null && baselineCount !== null && candidateCount !== baselineCount) {
    throw new ModelError(
      `The candidate and the baseline disagree on the number of classes: ${candidate.model.name} has ` +
        `${candidateCount}, ${baseline.model.name} has ${baselineCount}`,
      { file: baseline.model.displayPath },
    );
  }
  if (task === 'binary' && count !== 2) {
    throw new ModelError(`--task binary needs 2 classes, but ${candidate.model.name} has ${count}`, {
      file: candidate.model.displayPath,
    });
  }

  let classes: Array<number | string>;
  let permutation: Int32Array | null = null;
  if (candidateLabels !== null && baselineLabels !== null) {
    if (!sameMembers(candidateLabels, baselineLabels)) {
      throw new ModelError(
        `The candidate and the baseline disagree on the classes: ${candidate.model.name} has ` +
          `${listClasses(candidateLabels)}; ${baseline.model.name} has ${listClasses(baselineLabels)}`,
        { file: baseline.model.displayPath },
      );
    }
    classes = [...candidateLabels];
    const position = new Map<number | string, number>(classes.map((value, index) => [value, index]));
    const mapping = Int32Array.from(
      (baselineLabels as Array<number | string>).map((value) => position.get(value) ?? -1),
    );
    if (!mapping.every((target, index) => target === index)) permutation = mapping;
  } else {
    const declared = candidateLabels ?? baselineLabels;
    const undeclared = candidateLabels === null ? candidate : baseline;
    if (declared !== null && !isRange(declared)) {
      throw new ModelError(
        `${(candidateLabels === null ? baseline : candidate).model.name} names its classes ` +
          `(${listClasses(declared)}) but ${undeclared.model.name} does not: its ${count} columns cannot be matched ` +
          'to those classes. Export both models with their class labels, or use classes 0..K-1',
        { file: undeclared.model.displayPath },
      );
    }
    classes = Array.from({ length: count }, (_, index) => index);
  }

  const numericIndex = new Map<number, number>();
  const stringIndex = new Map<string, number>();
  for (const [index, value] of classes.entries()) {
    if (typeof value === 'number') numericIndex.set(value, index);
    else stringIndex.set(value, index);
  }

  const unknownLabel = (batch: RowBatch, row: number, value: string, dataPath: string, labelColumn: string) =>
    new DataError(
      `'${dataPath}' line ${batch.firstLine + row}, column '${labelColumn}': label '${value}' is not a class the ` +
        `models can produce (classes: ${listClasses(classes)})`,
      { file: dataPath, line: batch.firstLine + row, column: labelColumn },
    );

  return {
    classes,
    labelIndices(batch, dataPath, labelColumn) {
      const indices = new Int32Array(batch.rowCount);
      const { labels } = batch;
      if (labels instanceof Float64Array) {
        for (let row = 0; row < batch.rowCount; row++) {
          const index = numericIndex.get(labels[row] as number);
          if (index === undefined) throw unknownLabel(batch, row, String(labels[row]), dataPath, labelColumn);
          indices[row] = index;
        }
      } else {
        for (let row = 0; row < batch.rowCount; row++) {
          const value = labels[row] as string;
          const index = stringIndex.get(value);
          if (index === undefined) throw unknownLabel(batch, row, value, dataPath, labelColumn);
          indices[row] = index;
        }
      }
      return indices;
    },
    alignBaseline(prediction) {
      if (permutation === null)
        return { predicted: prediction.predicted, probabilities: prediction.probabilities };
      const map = permutation;
      const predicted =
        prediction.predicted === null ? null : Int32Array.from(prediction.predicted, (i) => map[i] ?? -1);
      let probabilities: Float64Array | null = null;
      const source = prediction.probabilities;
      if (source !== null) {
        probabilities = new Float64Array(source.length);
        const width = map.length;
        for (let offset = 0; offset < source.length; offset += width) {
          for (let column = 0; column < width; column++) {
            probabilities[offset + (map[column] as number)] = source[offset + column] as number;
          }
        }
      }
      return { predicted, probabilities };
    },
  };
}
