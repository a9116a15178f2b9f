import { describe, expect, it } from 'vitest';

import type { RowBatch } from '../../src/data/csv-reader.js';
import { DataError, ModelError } from '../../src/errors.js';
import { alignClasses } from '../../src/evaluation/align-classes.js';
import type { BatchPrediction, Predictor } from '../../src/inference/create-predictor.js';

function predictor(
  role: string,
  classLabels: number[] | string[] | null,
  classCount: number | null,
): Predictor {
  return {
    model: { name: `${role} model '${role}.onnx'`, displayPath: `${role}.onnx` },
    classLabels,
    classCount: () => classCount,
  } as unknown as Predictor;
}

function batch(labels: Float64Array | string[], firstLine = 2): RowBatch {
  return { rowCount: labels.length, firstLine, features: new Float32Array(0), labels, extra: {} };
}

const prediction = (predicted: number[], probabilities: number[]): BatchPrediction => ({
  rows: predicted.length,
  classCount: 3,
  predicted: Int32Array.from(predicted),
  probabilities: Float32Array.from(probabilities),
  values: null,
});

describe('alignClasses', () => {
  it('permutes the baseline into the candidate class order when both name the same classes', () => {
    const alignment = alignClasses(
      predictor('candidate', ['bronze', 'gold', 'silver'], 3),
      predictor('baseline', ['silver', 'bronze', 'gold'], 3),
      'multiclass',
    );
    expect(alignment.classes).toEqual(['bronze', 'gold', 'silver']);
    // Baseline index 0 is 'silver' = candidate index 2.
    const aligned = alignment.alignBaseline(prediction([0, 2], [0.7, 0.2, 0.1, 0.1, 0.3, 0.6]));
    expect(Array.from(aligned.predicted ?? [])).toEqual([2, 1]);
    expect(Array.from(aligned.probabilities ?? []).map((v) => Number(v.toFixed(6)))).toEqual([
      0.2, 0.1, 0.7, 0.3, 0.6, 0.1,
    ]);
    expect(Array.from(alignment.labelIndices(batch(['gold', 'silver']), 'd.csv', 'tier'))).toEqual([1, 2]);
  });

  it('passes predictions through untouched when the orders agree', () => {
    const alignment = alignClasses(
      predictor('candidate', [0, 1], 2),
      predictor('baseline', null, 2),
      'binary',
    );
    const original = prediction([1], [0.2, 0.8]);
    expect(alignment.alignBaseline(original).probabilities).toBe(original.probabilities);
  });

  it('names the line and the classes for a label no model can produce', () => {
    const alignment = alignClasses(predictor('candidate', null, 2), predictor('baseline', null, 2), 'binary');
    const call = () => alignment.labelIndices(batch(Float64Array.from([0, 1, 2]), 10), 'd.csv', 'churned');
    expect(call).toThrow(DataError);
    expect(call).toThrow(
      "'d.csv' line 12, column 'churned': label '2' is not a class the models can produce (classes: 0, 1)",
    );
  });

  it('rejects models that disagree on the classes or their number', () => {
    expect(() =>
      alignClasses(predictor('candidate', null, 3), predictor('baseline', null, 4), 'multiclass'),
    ).toThrow(ModelError);
    expect(() =>
      alignClasses(predictor('candidate', ['a', 'b'], 2), predictor('baseline', ['a', 'c'], 2), 'binary'),
    ).toThrow(
      "The candidate and the baseline disagree on the classes: candidate model 'candidate.onnx' has a, b",
    );
    expect(() =>
      alignClasses(predictor('candidate', ['no', 'yes'], 2), predictor('baseline', null, 2), 'binary'),
    ).toThrow('its 2 columns cannot be matched to those classes');
  });
});
