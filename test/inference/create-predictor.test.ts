import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import type { ValueInfoProto } from 'onnx-buf';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { createPredictor } from '../../src/inference/create-predictor.js';
import type { BatchPrediction, Predictor, PredictorOptions } from '../../src/inference/create-predictor.js';
import { describeOutputs } from '../../src/inference/describe-outputs.js';
import { loadModel } from '../../src/inference/load-model.js';
import type { Task } from '../../src/report/types.js';
import {
  FEATURES,
  TOLERANCE,
  expectedFor,
  expectedOutput,
  featureMatrix,
  maxAbsoluteDifference,
  modelPath,
  numbers,
  readCsv,
  readCsvAt,
  sliceRows,
} from './fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'model-gate-predict-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function predictor(
  name: string,
  task: Task,
  featureColumns: readonly string[] = FEATURES,
  path = modelPath(name),
) {
  const model = await loadModel({ path, displayPath: name, role: 'candidate' });
  try {
    return createPredictor(model, { task, featureColumns } satisfies PredictorOptions);
  } catch (error) {
    await model.release();
    throw error;
  }
}

/** Runs a whole CSV through a predictor, in batches of `batchSize` rows, and joins the results. */
async function predictAll(
  target: Predictor,
  csvName: string,
  columns: readonly string[] = FEATURES,
  batchSize = 200,
  Type: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array,
) {
  const matrix = featureMatrix(readCsv(csvName), columns, Type);
  const batches: BatchPrediction[] = [];
  for (let start = 0; start < matrix.rows; start += batchSize) {
    batches.push(
      await target.predict(
        sliceRows(matrix, columns.length, start, Math.min(matrix.rows, start + batchSize)),
      ),
    );
  }
  const flatten = <T extends keyof BatchPrediction>(key: T) =>
    batches.flatMap((batch) => {
      const value = batch[key];
      return value === null || typeof value === 'number' ? [] : Array.from(value as ArrayLike<number>);
    });
  return {
    rows: batches.reduce((total, batch) => total + batch.rows, 0),
    batches,
    probabilities: flatten('probabilities'),
    predicted: flatten('predicted'),
    values: flatten('values'),
  };
}

function argmax(values: number[], columns: number): number[] {
  const result: number[] = [];
  for (let offset = 0; offset < values.length; offset += columns) {
    const row = values.slice(offset, offset + columns);
    result.push(row.indexOf(Math.max(...row)));
  }
  return result;
}

function softmaxRows(values: number[], columns: number): number[] {
  const result: number[] = [];
  for (let offset = 0; offset < values.length; offset += columns) {
    const row = values.slice(offset, offset + columns);
    const maximum = Math.max(...row);
    const exponentials = row.map((value) => Math.exp(value - maximum));
    const sum = exponentials.reduce((a, b) => a + b, 0);
    result.push(...exponentials.map((value) => value / sum));
  }
  return result;
}

async function creationError(
  name: string,
  task: Task,
  columns: readonly string[] = FEATURES,
): Promise<ModelError> {
  const error: unknown = await predictor(name, task, columns).then(
    async (created) => {
      await created.release();
      return new Error('created');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('createPredictor: output families against torch / scikit-learn outputs', () => {
  it('skl2onnx ZipMap, int labels: probabilities for metrics, predicted class from the label output', async () => {
    const target = await predictor('zipmap-binary.onnx', 'binary');
    try {
      expect(target.outputs.kind).toBe('class-scores');
      expect(target.outputs.label?.name).toBe('output_label');
      expect(target.classLabels).toEqual([0, 1]);
      const result = await predictAll(target, 'binary.csv', FEATURES, 64);
      expect(result.rows).toBe(200);
      const expected = numbers(expectedOutput('zipmap-binary.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, expected)).toBeLessThan(TOLERANCE);
      expect(result.predicted).toEqual(numbers(expectedOutput('zipmap-binary.onnx', 'output_label')));
      expect(result.predicted).toEqual(argmax(result.probabilities, 2));
      expect(result.batches[0]?.classCount).toBe(2);
      expect(result.batches[0]?.values).toBeNull();
      expect(target.interpretation()).toBe(
        "inputs: 4 feature columns in order -> 'float_input' [N,4] float32; scores from 'probabilities' [N,2] " +
          "float32: probabilities; ZipMap output 'output_probability' read as its input tensor 'probabilities'; " +
          "predicted class from label output 'output_label'; classes [0,1] from ZipMap node 'ZipMap'",
      );
    } finally {
      await target.release();
    }
  });

  it('skl2onnx ZipMap, string labels: columns and predicted indices follow the class labels', async () => {
    const target = await predictor('zipmap-strings.onnx', 'multiclass');
    try {
      const expected = expectedFor('zipmap-strings.onnx');
      expect(target.classLabels).toEqual(expected.classLabels);
      const result = await predictAll(target, 'strings.csv', FEATURES, 128);
      expect(
        maxAbsoluteDifference(
          result.probabilities,
          numbers(expectedOutput('zipmap-strings.onnx', 'probabilities')),
        ),
      ).toBeLessThan(TOLERANCE);
      const labels = target.classLabels as string[];
      expect(result.predicted.map((index) => labels[index])).toEqual(
        expectedOutput('zipmap-strings.onnx', 'output_label').data,
      );
      expect(target.classCount()).toBe(3);
    } finally {
      await target.release();
    }
  });

  it('a tree exported without ZipMap: label and probabilities outputs', async () => {
    const target = await predictor('tree-no-zipmap.onnx', 'binary');
    try {
      const result = await predictAll(target, 'binary.csv');
      expect(
        maxAbsoluteDifference(
          result.probabilities,
          numbers(expectedOutput('tree-no-zipmap.onnx', 'probabilities')),
        ),
      ).toBeLessThan(TOLERANCE);
      expect(result.predicted).toEqual(numbers(expectedOutput('tree-no-zipmap.onnx', 'label')));
    } finally {
      await target.release();
    }
  });

  it('a binary score [N,1] becomes [1-p, p]; predicted class 1 when p > 0.5', async () => {
    const target = await predictor('binary-score.onnx', 'binary');
    try {
      expect(target.outputs.kind).toBe('single-score');
      expect(target.outputs.tasks).toEqual(['binary', 'regression']);
      const result = await predictAll(target, 'binary.csv');
      const score = numbers(expectedOutput('binary-score.onnx', 'score'));
      expect(
        maxAbsoluteDifference(
          result.probabilities,
          score.flatMap((p) => [1 - p, p]),
        ),
      ).toBeLessThan(TOLERANCE);
      expect(result.predicted).toEqual(score.map((p) => (p > 0.5 ? 1 : 0)));
      expect(target.interpretation()).toContain(
        "scores from 'score' [N,1] float32: P(class 1), columns [1-p, p]",
      );
      expect(target.interpretation()).toContain('predicted class = argmax of the probabilities');
      expect(target.interpretation()).toContain('no class labels in the model: classes are 0..K-1');
    } finally {
      await target.release();
    }
  });

  it('binary probabilities [N,2] pass through, as float32 and without a copy of the runtime output', async () => {
    const target = await predictor('binary-proba.onnx', 'binary');
    try {
      const result = await predictAll(target, 'binary.csv');
      expect(result.batches[0]?.probabilities).toBeInstanceOf(Float32Array);
      const expected = numbers(expectedOutput('binary-proba.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, expected)).toBeLessThan(TOLERANCE);
      expect(result.predicted).toEqual(argmax(expected, 2));
    } finally {
      await target.release();
    }
  });

  it('detects logits and applies softmax: the same network as binary-proba gives the same probabilities', async () => {
    const target = await predictor('binary-logits.onnx', 'binary');
    try {
      const result = await predictAll(target, 'binary.csv', FEATURES, 50);
      const logits = numbers(expectedOutput('binary-logits.onnx', 'logits'));
      expect(maxAbsoluteDifference(result.probabilities, softmaxRows(logits, 2))).toBeLessThan(TOLERANCE);
      const proba = numbers(expectedOutput('binary-proba.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, proba)).toBeLessThan(TOLERANCE);
      expect(target.interpretation()).toContain(
        "scores from 'logits' [N,2] float32: logits (values outside [0,1] on the first batch), softmax applied",
      );
    } finally {
      await target.release();
    }
  });

  it('multiclass probabilities [N,3]', async () => {
    const target = await predictor('multiclass.onnx', 'multiclass');
    try {
      expect(target.outputs.tasks).toEqual(['multiclass']);
      const result = await predictAll(target, 'multiclass.csv', FEATURES, 77);
      const expected = numbers(expectedOutput('multiclass.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, expected)).toBeLessThan(TOLERANCE);
      expect(result.predicted).toEqual(argmax(expected, 3));
      expect(result.batches.map((batch) => batch.classCount)).toEqual([3, 3, 3]);
    } finally {
      await target.release();
    }
  });

  it('regression [N,1] and [N] give float64 values', async () => {
    for (const name of ['regressor.onnx', 'regressor-flat.onnx']) {
      const target = await predictor(name, 'regression');
      try {
        const result = await predictAll(target, 'regression.csv', FEATURES, 120);
        expect(result.batches[0]?.values).toBeInstanceOf(Float64Array);
        expect(result.batches[0]?.probabilities).toBeNull();
        expect(result.batches[0]?.predicted).toBeNull();
        expect(result.batches[0]?.classCount).toBe(0);
        expect(
          maxAbsoluteDifference(result.values, numbers(expectedOutput(name, 'prediction'))),
        ).toBeLessThan(TOLERANCE);
        expect(target.interpretation()).toContain("values from 'prediction'");
      } finally {
        await target.release();
      }
    }
  });

  it('a label output alone: predicted classes, no probabilities', async () => {
    const target = await predictor('label-only.onnx', 'binary');
    try {
      expect(target.outputs.kind).toBe('labels-only');
      const result = await predictAll(target, 'binary.csv');
      expect(result.batches[0]?.probabilities).toBeNull();
      expect(result.batches[0]?.classCount).toBe(2);
      expect(result.predicted).toEqual(numbers(expectedOutput('label-only.onnx', 'label')));
      expect(target.interpretation()).toContain('no scores: metrics that need probabilities');
    } finally {
      await target.release();
    }
  });

  it('named inputs take their columns by name, from a CSV in another order, with an int64 input', async () => {
    const csv = readCsv('named.csv');
    const columns = ['tenure', 'region', 'income', 'age'];
    expect(csv.header.slice(0, 4)).toEqual(columns);
    const target = await predictor('named-inputs.onnx', 'binary', columns);
    try {
      expect(target.mapping.byName).toBe(true);
      expect(target.mapping.unusedColumns).toEqual(['region']);
      const result = await predictAll(target, 'named.csv', columns, 90);
      const expected = numbers(expectedOutput('named-inputs.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, expected)).toBeLessThan(TOLERANCE);
    } finally {
      await target.release();
    }
  });

  it('feeds a float64 input from float32 or float64 batches, and reads float64 probabilities', async () => {
    const target = await predictor('float64-input.onnx', 'binary');
    try {
      const expected = numbers(expectedOutput('float64-input.onnx', 'probabilities'));
      const fromDouble = await predictAll(target, 'binary.csv', FEATURES, 200, Float64Array);
      expect(fromDouble.batches[0]?.probabilities).toBeInstanceOf(Float64Array);
      expect(maxAbsoluteDifference(fromDouble.probabilities, expected)).toBeLessThan(1e-9);
      // float32 batches lose precision in the features, not in the model.
      const fromSingle = await predictAll(target, 'binary.csv', FEATURES, 200, Float32Array);
      expect(maxAbsoluteDifference(fromSingle.probabilities, expected)).toBeLessThan(TOLERANCE);
    } finally {
      await target.release();
    }
  });

  it('runs a model with a fixed batch size of 1 row by row', async () => {
    // binary-proba.onnx with its batch dimension pinned to 1, as a torch export without dynamic_axes has it.
    const model = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(modelPath('binary-proba.onnx'))));
    const pin = (value: ValueInfoProto | undefined) => {
      const type = value?.type?.value;
      const first = type?.case === 'tensorType' ? type.value.shape?.dim[0] : undefined;
      if (first !== undefined) first.value = { case: 'dimValue', value: 1n };
    };
    pin(model.graph?.input[0]);
    pin(model.graph?.output[0]);
    const path = join(scratch, 'fixed-batch.onnx');
    writeFileSync(path, toBinary(ModelProtoSchema, model));
    const target = await predictor('fixed-batch.onnx', 'binary', FEATURES, path);
    try {
      expect(target.mapping.fixedBatch).toBe(1);
      const result = await predictAll(target, 'binary.csv', FEATURES, 30);
      const expected = numbers(expectedOutput('binary-proba.onnx', 'probabilities'));
      expect(maxAbsoluteDifference(result.probabilities, expected)).toBeLessThan(TOLERANCE);
      expect(target.timing().runs).toBe(200);
      expect(target.interpretation()).toContain(
        'the model has a fixed batch size of 1: rows run 1 at a time',
      );
    } finally {
      await target.release();
    }
  });

  it('records the time spent inside session.run', async () => {
    const target = await predictor('binary-proba.onnx', 'binary');
    try {
      expect(target.timing()).toEqual({ runMs: 0, runs: 0, rows: 0 });
      await predictAll(target, 'binary.csv', FEATURES, 50);
      const timing = target.timing();
      expect(timing.runs).toBe(4);
      expect(timing.rows).toBe(200);
      expect(timing.runMs).toBeGreaterThan(0);
      const empty = await target.predict({ rows: 0, values: new Float32Array(0) });
      expect(empty).toEqual({
        rows: 0,
        probabilities: new Float64Array(0),
        classCount: 2,
        predicted: new Int32Array(0),
        values: null,
      });
      expect(target.timing().runs).toBe(4);
    } finally {
      await target.release();
    }
  });
});

describe('the demo bundle (examples/churn)', () => {
  it('runs both models on the holdout set; the candidate is slightly more accurate', async () => {
    const examples = new URL('../../examples/churn/', import.meta.url);
    const csv = readCsvAt(new URL('holdout.csv', examples));
    expect(csv.rows).toHaveLength(3000);
    const features = csv.header.filter((column) => column !== 'churned');
    expect(features).toHaveLength(12);
    const labels = csv.rows.map((row) => Number(row[csv.header.indexOf('churned')]));
    const matrix = featureMatrix(csv, features);
    const accuracy: Record<string, number> = {};
    for (const role of ['baseline', 'candidate']) {
      const path = fileURLToPath(new URL(`${role}.onnx`, examples));
      const target = await predictor(`${role}.onnx`, 'binary', features, path);
      try {
        const result = await target.predict(matrix);
        expect(result.probabilities).toHaveLength(6000);
        const predicted = Array.from(result.predicted ?? []);
        accuracy[role] = predicted.filter((value, index) => value === labels[index]).length / labels.length;
      } finally {
        await target.release();
      }
    }
    // scripts/fixtures/make_demo.py prints the accuracies it measured with scikit-learn and torch.
    expect(accuracy.baseline).toBeCloseTo(0.808, 3);
    expect(accuracy.candidate).toBeCloseTo(0.8267, 3);
  });
});

describe('createPredictor: models that do not fit', () => {
  it('names both shapes when the model expects more features than the data has', async () => {
    const error = await creationError('wrong-width.onnx', 'binary', ['a', 'b', 'c', 'd']);
    expect(error.message).toBe(
      "candidate model 'wrong-width.onnx' input 'input' expects [N,5] but the data has 4 feature columns: a, b, c, d; " +
        "choose the model's columns with --features (or 'features' in the policy file)",
    );
    expect(error.location).toEqual({ file: 'wrong-width.onnx' });
  });

  it('refuses a task the outputs cannot serve', async () => {
    expect((await creationError('multiclass.onnx', 'binary')).message).toBe(
      "candidate model 'multiclass.onnx' has 3 scores per row ('probabilities'), which cannot serve a binary task " +
        '(it fits: multiclass)',
    );
    expect((await creationError('regressor.onnx', 'multiclass')).message).toBe(
      "candidate model 'regressor.onnx' has one score per row ('prediction'), which cannot serve a multiclass task " +
        '(it fits: binary, regression)',
    );
    expect((await creationError('label-only.onnx', 'regression')).message).toBe(
      "candidate model 'label-only.onnx' has only a label output ('label'), which cannot serve a regression task " +
        '(it fits: binary, multiclass)',
    );
    expect((await creationError('zipmap-strings.onnx', 'binary')).message).toContain('(it fits: multiclass)');
  });

  it('reads a single float output as a regression when the caller says so', async () => {
    const target = await predictor('binary-score.onnx', 'regression');
    try {
      const result = await predictAll(target, 'binary.csv');
      expect(
        maxAbsoluteDifference(result.values, numbers(expectedOutput('binary-score.onnx', 'score'))),
      ).toBeLessThan(TOLERANCE);
    } finally {
      await target.release();
    }
  });
});

describe('describeOutputs', () => {
  const base = { name: "model 'm.onnx'", displayPath: 'm.onnx', classLabels: null };

  it('prefers an output named like probabilities, and a label output named like a label', () => {
    const description = describeOutputs({
      ...base,
      sessionOutputs: [
        { name: 'logits', type: 'float32', shape: ['N', 3] },
        { name: 'probabilities', type: 'float32', shape: ['N', 3] },
        { name: 'argmax', type: 'int64', shape: ['N'] },
        { name: 'predicted_label', type: 'int64', shape: ['N', 1] },
        { name: 'embedding', type: 'float32', shape: ['N', 8, 8] },
      ],
    });
    expect(description.scores?.name).toBe('probabilities');
    expect(description.label?.name).toBe('predicted_label');
    expect(description.ignored).toEqual(['logits', 'argmax', 'embedding']);
    expect(description.tasks).toEqual(['multiclass']);
  });

  it('takes the width from the class labels when the output does not declare it', () => {
    const description = describeOutputs({
      ...base,
      classLabels: ['a', 'b'],
      sessionOutputs: [{ name: 'scores', type: 'float32', shape: ['N', 'K'] }],
    });
    expect(description.scores?.columns).toBe(2);
    expect(description.tasks).toEqual(['binary']);
    expect(
      describeOutputs({ ...base, sessionOutputs: [{ name: 'scores', type: 'float64', shape: ['N', null] }] })
        .tasks,
    ).toEqual(['binary', 'multiclass', 'regression']);
  });

  it('fails when no output can be read', () => {
    expect(() =>
      describeOutputs({
        ...base,
        sessionOutputs: [{ name: 'image', type: 'uint8', shape: ['N', 3, 8, 8] }],
      }),
    ).toThrow(
      "model 'm.onnx' has no output model-gate can read ('image' uint8 [N,3,8,8]): it needs float scores [N,K], [N,1] or [N], or a label [N]",
    );
  });
});
