import type * as ort from 'onnxruntime-node';
import { ModelError } from '../errors.js';
import type { Task } from '../report/types.js';
import { buildFeeds } from './build-feeds.js';
import type { ClassLabels } from './class-labels.js';
import { describeOutputs } from './describe-outputs.js';
import type { OutputDescription } from './describe-outputs.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { createLabelReader } from './label-reader.js';
import type { LabelReader } from './label-reader.js';
import type { LoadedModel } from './load-model.js';
import { mapFeatures } from './map-features.js';
import type { FeatureMapping } from './map-features.js';
import { createScoreReader } from './score-reader.js';
import type { ScoreReader } from './score-reader.js';

export interface PredictorOptions {
  /** Decided by the caller (a single float output fits both 'binary' and 'regression'). */
  task: Task;
  /** Feature columns, in the order of each FeatureMatrix row. */
  featureColumns: readonly string[];
}

export interface BatchPrediction {
  rows: number;
  /**
   * Classification with scores: rows x classCount, row-major, columns in class order (classLabels, or
   * 0..K-1). A binary score p becomes [1-p, p]. Null for regression and for label-only models.
   */
  probabilities: Float32Array | Float64Array | null;
  /** Columns of `probabilities`: 2 for binary, K for multiclass, 0 for regression; null if not known. */
  classCount: number | null;
  /** Classification: predicted class indices (positions in the class order). Null for regression. */
  predicted: Int32Array | null;
  /** Regression: predicted values. Null for classification. */
  values: Float64Array | null;
}

export interface InferenceTiming {
  /** Milliseconds spent inside session.run. */
  runMs: number;
  /** session.run calls (more than batches when the model has a fixed batch size). */
  runs: number;
  rows: number;
}

export interface Predictor {
  readonly model: LoadedModel;
  readonly task: Task;
  readonly mapping: FeatureMapping;
  readonly outputs: OutputDescription;
  /** Class labels from the model, in probability column order, or null: classes are 0..K-1. */
  readonly classLabels: ClassLabels | null;
  /** Runs one batch. Batches must come in data order (row numbers in messages count from the first). */
  predict(batch: FeatureMatrix): Promise<BatchPrediction>;
  /** Number of classes once known (from the model, or after the first batch); 0 for regression. */
  classCount(): number | null;
  /** How the model is fed and read, in plain words, for the report (final after the first batch). */
  interpretation(): string;
  timing(): InferenceTiming;
  /** Releases the model's session. */
  release(): Promise<void>;
}

type OutputData = Float32Array | Float64Array | BigInt64Array | Int32Array | string[];

/**
 * Wraps a loaded model for one task: maps feature columns to inputs, runs batches and turns outputs into
 * probabilities / predicted classes / values.
 *
 * Predicted class: from the label output when the model has one (skl2onnx: the model's own decision); else the
 * argmax of the probabilities, the first maximal column winning a tie, as numpy.argmax and scikit-learn's
 * predict do. For a binary score this means class 1 when p > 0.5, class 0 when p = 0.5 exactly (scikit-learn's
 * LogisticRegression.predict: decision_function > 0).
 */
export function createPredictor(model: LoadedModel, options: PredictorOptions): Predictor {
  const { task } = options;
  const location = { file: model.displayPath };
  const mapping = mapFeatures(model, options.featureColumns);
  const outputs = describeOutputs(model);
  const fail = (message: string): never => {
    throw new ModelError(`${model.name} ${message}`, location);
  };

  if (!outputs.tasks.includes(task)) {
    const kind =
      outputs.kind === 'labels-only'
        ? `only a label output ('${outputs.label?.name ?? '?'}')`
        : outputs.kind === 'single-score'
          ? `one score per row ('${outputs.scores?.name ?? '?'}')` +
            (outputs.label === null ? '' : ` and a label output ('${outputs.label.name}')`)
          : `${outputs.scores?.columns ?? '?'} scores per row ('${outputs.scores?.name ?? '?'}')`;
    fail(`has ${kind}, which cannot serve a ${task} task (it fits: ${outputs.tasks.join(', ')})`);
  }
  const classLabels = task === 'regression' ? null : model.classLabels;
  if (classLabels !== null) {
    const expected = task === 'binary' ? 2 : (outputs.scores?.columns ?? null);
    if (expected !== null && classLabels.length !== expected) {
      fail(`declares ${classLabels.length} class labels but returns scores for ${expected} classes`);
    }
  }

  const scoreReader: ScoreReader | null =
    outputs.scores === null ? null : createScoreReader(outputs.scores, task, model.name, location);
  const labelReader: LabelReader | null =
    outputs.label === null || task === 'regression'
      ? null
      : createLabelReader(outputs.label, classLabels, model.name, location);
  const fetches = [
    scoreReader === null ? null : outputs.scores?.name,
    labelReader === null ? null : outputs.label?.name,
  ].filter((name): name is string => typeof name === 'string');

  const timing: InferenceTiming = { runMs: 0, runs: 0, rows: 0 };
  let rowsSeen = 0;

  async function run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
    const started = performance.now();
    try {
      return await model.session.run(feeds, fetches);
    } catch (error) {
      if (error instanceof ModelError) throw error;
      return fail(`failed to run: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      timing.runMs += performance.now() - started;
      timing.runs += 1;
    }
  }

  /** Runs the rows, in chunks of the model's fixed batch size if it has one, and joins the outputs. */
  async function runRows(
    batch: FeatureMatrix,
    firstRow: number,
  ): Promise<Map<string, { data: OutputData; columns: number }>> {
    const width = options.featureColumns.length;
    const chunk = mapping.fixedBatch ?? batch.rows;
    const parts = new Map<string, { data: OutputData; columns: number }[]>();
    for (let start = 0; start < batch.rows; start += chunk) {
      const count = Math.min(chunk, batch.rows - start);
      let values = batch.values.subarray(start * width, (start + count) * width);
      if (count < chunk) {
        const padded = new (values instanceof Float32Array ? Float32Array : Float64Array)(chunk * width);
        padded.set(values);
        values = padded;
      }
      const results = await run(buildFeeds(mapping, { rows: chunk, values }, firstRow + start));
      for (const name of fetches) {
        const tensor = results[name];
        if (tensor === undefined) return fail(`returned no output '${name}'`);
        if (tensor.dims[0] !== chunk) {
          fail(`output '${name}' has ${String(tensor.dims[0])} rows for a batch of ${chunk}`);
        }
        const columns = tensor.dims.slice(1).reduce((product, dimension) => product * dimension, 1);
        const whole = tensor.data as OutputData;
        // Padded rows are dropped; otherwise the runtime's own array is kept (no copy).
        const data = count < chunk ? (whole.slice(0, count * columns) as OutputData) : whole;
        const list = parts.get(name) ?? [];
        list.push({ data, columns });
        parts.set(name, list);
      }
    }
    const joined = new Map<string, { data: OutputData; columns: number }>();
    for (const [name, list] of parts) joined.set(name, join(list));
    return joined;
  }

  return {
    model,
    task,
    mapping,
    outputs,
    classLabels,
    async predict(batch) {
      const firstRow = rowsSeen;
      rowsSeen += batch.rows;
      timing.rows += batch.rows;
      const classification = task !== 'regression';
      if (batch.rows === 0) {
        return {
          rows: 0,
          probabilities: classification && scoreReader !== null ? new Float64Array(0) : null,
          classCount: currentClassCount(),
          predicted: classification ? new Int32Array(0) : null,
          values: classification ? null : new Float64Array(0),
        };
      }
      const results = await runRows(batch, firstRow);

      let probabilities: Float32Array | Float64Array | null = null;
      let values: Float64Array | null = null;
      if (scoreReader !== null && outputs.scores !== null) {
        const scores = results.get(outputs.scores.name);
        if (!(scores?.data instanceof Float32Array || scores?.data instanceof Float64Array)) {
          return fail(`output '${outputs.scores.name}' did not return float values`);
        }
        const read = scoreReader.read(scores.data, batch.rows, scores.columns, firstRow);
        if (classification) probabilities = read;
        else values = read as Float64Array;
      }
      const classCount = currentClassCount();
      let predicted: Int32Array | null = null;
      if (classification) {
        const labels = outputs.label === null ? undefined : results.get(outputs.label.name);
        if (labelReader !== null && labels !== undefined) {
          predicted = labelReader.read(labels.data, batch.rows, classCount, firstRow);
        } else if (probabilities !== null) {
          predicted = argmax(probabilities, batch.rows, classCount ?? 2);
        } else {
          return fail('returned neither scores nor labels');
        }
      }
      return { rows: batch.rows, probabilities, classCount, predicted, values };
    },
    classCount: () => currentClassCount(),
    interpretation() {
      const parts = [`inputs: ${mapping.description}`];
      if (mapping.fixedBatch !== null) {
        parts.push(
          `the model has a fixed batch size of ${mapping.fixedBatch}: rows run ${mapping.fixedBatch} at a time`,
        );
      }
      if (scoreReader !== null)
        parts.push(`${task === 'regression' ? 'values' : 'scores'} from ${scoreReader.describe()}`);
      for (const removal of model.zipMapsRemoved) {
        parts.push(`ZipMap output '${removal.zipMapOutput}' read as its input tensor '${removal.tensor}'`);
      }
      if (labelReader !== null && outputs.label !== null) {
        parts.push(`predicted class from label output '${outputs.label.name}'`);
      } else if (task !== 'regression') {
        parts.push(`predicted class = argmax of the probabilities (ties go to the first class)`);
      }
      if (task !== 'regression' && outputs.scores === null) {
        parts.push(
          'no scores: metrics that need probabilities (log loss, ROC AUC, Brier score) cannot be computed',
        );
      }
      if (classLabels !== null) {
        parts.push(`classes ${JSON.stringify(classLabels)} from ${model.classLabelsSource ?? 'the model'}`);
      } else if (task !== 'regression') {
        parts.push('no class labels in the model: classes are 0..K-1');
      }
      return parts.join('; ');
    },
    timing: () => ({ ...timing }),
    release: () => model.release(),
  };

  function currentClassCount(): number | null {
    if (task === 'regression') return 0;
    const fromScores = scoreReader?.classCount() ?? null;
    if (fromScores !== null) return fromScores;
    if (classLabels !== null) return classLabels.length;
    return task === 'binary' ? 2 : null;
  }
}

function argmax(probabilities: Float32Array | Float64Array, rows: number, columns: number): Int32Array {
  const predicted = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    let best = 0;
    let bestValue = probabilities[offset] ?? -Infinity;
    for (let column = 1; column < columns; column++) {
      const value = probabilities[offset + column] ?? -Infinity;
      if (value > bestValue) {
        best = column;
        bestValue = value;
      }
    }
    predicted[row] = best;
  }
  return predicted;
}

function join(parts: { data: OutputData; columns: number }[]): { data: OutputData; columns: number } {
  const [first] = parts;
  if (first === undefined) return { data: new Float32Array(0), columns: 0 };
  if (parts.length === 1) return first;
  const columns = first.columns;
  if (Array.isArray(first.data)) {
    return { data: parts.flatMap((part) => part.data as string[]), columns };
  }
  const length = parts.reduce((total, part) => total + part.data.length, 0);
  const Constructor = first.data.constructor as new (length: number) => Exclude<OutputData, string[]>;
  const joined = new Constructor(length);
  let offset = 0;
  for (const part of parts) {
    (joined as Float64Array).set(part.data as Float64Array, offset);
    offset += part.data.length;
  }
  return { data: joined, columns };
}
