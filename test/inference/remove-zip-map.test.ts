import { readFileSync } from 'node:fs';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, NodeProtoSchema } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { loadModel } from '../../src/inference/load-model.js';
import { removeZipMap } from '../../src/inference/remove-zip-map.js';
import {
  FEATURES,
  TOLERANCE,
  expectedOutput,
  featureMatrix,
  maxAbsoluteDifference,
  modelPath,
  numbers,
  readCsv,
} from './fixtures.js';

function argmaxRows(values: Float32Array, columns: number): number[] {
  const result: number[] = [];
  for (let offset = 0; offset < values.length; offset += columns) {
    const row = Array.from(values.subarray(offset, offset + columns));
    result.push(row.indexOf(Math.max(...row)));
  }
  return result;
}

describe('removeZipMap', () => {
  it('re-encodes an unedited model to the same bytes (no field lost by the protobuf definitions)', () => {
    for (const name of [
      'zipmap-binary.onnx',
      'zipmap-strings.onnx',
      'tree-no-zipmap.onnx',
      'named-inputs.onnx',
    ]) {
      const bytes = new Uint8Array(readFileSync(modelPath(name)));
      expect(toBinary(ModelProtoSchema, fromBinary(ModelProtoSchema, bytes))).toEqual(bytes);
    }
  });

  it('gives the same labels as the model label output, and probabilities that sum to 1 (int labels)', async () => {
    const model = await loadModel({ path: modelPath('zipmap-binary.onnx') });
    try {
      const csv = readCsv('binary.csv');
      const { rows, values } = featureMatrix(csv, FEATURES);
      const results = await model.session.run({ float_input: new ort.Tensor('float32', values, [rows, 4]) });
      const labels = results.output_label?.data as BigInt64Array;
      const probabilities = results.probabilities?.data as Float32Array;
      expect(results.probabilities?.dims).toEqual([rows, 2]);
      // Label output -> class index through the ZipMap's labels [0, 1].
      const labelIndices = Array.from(labels, (label) =>
        (model.classLabels as number[]).indexOf(Number(label)),
      );
      expect(labelIndices).toEqual(argmaxRows(probabilities, 2));
      for (let row = 0; row < rows; row++) {
        expect(Math.abs((probabilities[2 * row] ?? 0) + (probabilities[2 * row + 1] ?? 0) - 1)).toBeLessThan(
          1e-6,
        );
      }
      expect(Array.from(labels, Number)).toEqual(
        numbers(expectedOutput('zipmap-binary.onnx', 'output_label')),
      );
      expect(
        maxAbsoluteDifference(probabilities, numbers(expectedOutput('zipmap-binary.onnx', 'probabilities'))),
      ).toBeLessThan(TOLERANCE);
    } finally {
      await model.release();
    }
  });

  it('gives the same labels as the model label output (string labels, three classes)', async () => {
    const model = await loadModel({ path: modelPath('zipmap-strings.onnx') });
    try {
      const { rows, values } = featureMatrix(readCsv('strings.csv'), FEATURES);
      const results = await model.session.run({ float_input: new ort.Tensor('float32', values, [rows, 4]) });
      const labels = results.output_label?.data as string[];
      const probabilities = results.probabilities?.data as Float32Array;
      const classLabels = model.classLabels as string[];
      expect(labels.map((label) => classLabels.indexOf(label))).toEqual(argmaxRows(probabilities, 3));
      expect(labels).toEqual(expectedOutput('zipmap-strings.onnx', 'output_label').data);
      expect(
        maxAbsoluteDifference(probabilities, numbers(expectedOutput('zipmap-strings.onnx', 'probabilities'))),
      ).toBeLessThan(TOLERANCE);
      for (let row = 0; row < rows; row++) {
        const sum = Array.from(probabilities.subarray(3 * row, 3 * row + 3)).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-6);
      }
    } finally {
      await model.release();
    }
  });

  it('refuses a graph that feeds the ZipMap output to another node', () => {
    const model = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(modelPath('zipmap-binary.onnx'))));
    const graph = model.graph;
    if (graph === undefined) throw new Error('no graph');
    graph.node.push(
      create(NodeProtoSchema, { opType: 'SequenceLength', input: ['output_probability'], output: ['count'] }),
    );
    expect(() => removeZipMap(graph, "model 'z.onnx'")).toThrow(ModelError);
    expect(() => removeZipMap(graph, "model 'z.onnx'")).toThrow(
      "model 'z.onnx' feeds its ZipMap output 'output_probability' to other nodes (SequenceLength)",
    );
  });

  it('leaves a graph without ZipMap alone', () => {
    const bytes = new Uint8Array(readFileSync(modelPath('tree-no-zipmap.onnx')));
    const model = fromBinary(ModelProtoSchema, bytes);
    if (model.graph === undefined) throw new Error('no graph');
    expect(removeZipMap(model.graph, "model 't.onnx'")).toEqual([]);
    expect(toBinary(ModelProtoSchema, model)).toEqual(bytes);
  });
});
