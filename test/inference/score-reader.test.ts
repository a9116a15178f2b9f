import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import type { ScoreOutput } from '../../src/inference/describe-outputs.js';
import { createScoreReader } from '../../src/inference/score-reader.js';
import type { Task } from '../../src/report/types.js';

const location = { file: 'm.onnx' };

function reader(columns: number | null, task: Task, name = 'scores') {
  const output: ScoreOutput = {
    name,
    type: 'float32',
    shape: ['N', ...(columns === 1 ? [] : [columns])],
    columns,
  };
  return createScoreReader(output, task, "model 'm.onnx'", location);
}

function close(actual: ArrayLike<number>, expected: number[], digits = 9): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, digits));
}

describe('createScoreReader', () => {
  it('uses probabilities as they are, without a copy', () => {
    const scores = reader(2, 'binary');
    const data = new Float32Array([0.25, 0.75, 1, 0]);
    const probabilities = scores.read(data, 2, 2, 0);
    expect(probabilities.buffer).toBe(data.buffer);
    expect(scores.mode()).toBe('probabilities');
    expect(scores.describe()).toBe("'scores' [N,2] float32: probabilities");
  });

  it('treats values outside [0,1] as logits and applies softmax', () => {
    const scores = reader(3, 'multiclass', 'logits');
    expect(scores.describe()).toBe(
      "'logits' [N,3] float32: probabilities or logits, decided on the first batch",
    );
    const probabilities = scores.read(new Float64Array([1, 2, 3, 0, 0, 0]), 2, 3, 0);
    const denominator = Math.exp(1) + Math.exp(2) + Math.exp(3);
    close(probabilities, [
      Math.exp(1) / denominator,
      Math.exp(2) / denominator,
      Math.exp(3) / denominator,
      1 / 3,
      1 / 3,
      1 / 3,
    ]);
    expect(scores.mode()).toBe('softmax');
    expect(scores.describe()).toBe(
      "'logits' [N,3] float32: logits (values outside [0,1] on the first batch), softmax applied",
    );
    // Large logits do not overflow.
    close(scores.read(new Float64Array([1000, 0, 0]), 1, 3, 2), [1, 0, 0]);
    // A later batch that happens to look like probabilities is still read as logits.
    close(scores.read(new Float64Array([1, 0, 0]), 1, 3, 3), [
      Math.E / (Math.E + 2),
      1 / (Math.E + 2),
      1 / (Math.E + 2),
    ]);
  });

  it('normalises rows of per-class scores in [0,1] that do not sum to 1', () => {
    const scores = reader(2, 'binary');
    close(scores.read(new Float32Array([0.2, 0.6, 0.5, 0.5]), 2, 2, 0), [0.25, 0.75, 0.5, 0.5], 6);
    expect(scores.mode()).toBe('normalized');
    expect(() => scores.read(new Float32Array([0, 0]), 1, 2, 2)).toThrow(
      "model 'm.onnx' output 'scores' returned a row of zeros for data row 3, which has no class",
    );
  });

  it('fails when a later batch contradicts the first', () => {
    const scores = reader(2, 'binary');
    scores.read(new Float32Array([0.4, 0.6]), 1, 2, 0);
    const later = () => scores.read(new Float32Array([0.5, 0.5, 2, -1]), 2, 2, 8192);
    expect(later).toThrow(ModelError);
    expect(later).toThrow(
      "model 'm.onnx' output 'scores' held probabilities (rows summing to 1) on the first batch, but the row for " +
        'data row 8194 is [2, -1]: a model must return either probabilities or logits, not both',
    );
    const single = reader(1, 'binary', 'score');
    single.read(new Float32Array([0.1, 0.9]), 2, 1, 0);
    expect(() => single.read(new Float32Array([3.5]), 1, 1, 2)).toThrow(
      "model 'm.onnx' output 'score' held probabilities in [0,1] on the first batch, but returns 3.5 for data row 3",
    );
  });

  it('turns a binary score into [1-p, p], with a sigmoid when it is a logit', () => {
    const probability = reader(1, 'binary');
    close(probability.read(new Float32Array([0.25, 1]), 2, 1, 0), [0.75, 0.25, 0, 1]);
    expect(probability.mode()).toBe('probability');
    expect(probability.classCount()).toBe(2);
    const logit = reader(1, 'binary');
    close(logit.read(new Float64Array([0, 2, -800]), 3, 1, 0), [
      0.5,
      0.5,
      1 / (1 + Math.E ** 2),
      1 - 1 / (1 + Math.E ** 2),
      1,
      0,
    ]);
    expect(logit.mode()).toBe('sigmoid');
  });

  it('returns regression values as float64', () => {
    const values = reader(1, 'regression', 'prediction');
    const read = values.read(new Float32Array([1.5, -2, 1e6]), 3, 1, 0);
    expect(read).toBeInstanceOf(Float64Array);
    expect(Array.from(read)).toEqual([1.5, -2, 1e6]);
    expect(values.mode()).toBe('values');
    expect(values.classCount()).toBe(0);
  });

  it('names the row of a NaN or infinite output', () => {
    expect(() => reader(2, 'binary').read(new Float32Array([0.5, 0.5, Number.NaN, 1]), 2, 2, 10)).toThrow(
      "model 'm.onnx' output 'scores' returned NaN for data row 12",
    );
    expect(() => reader(1, 'regression').read(new Float64Array([Infinity]), 1, 1, 0)).toThrow(
      "output 'scores' returned Infinity for data row 1",
    );
  });

  it('checks the width against the task', () => {
    expect(() => reader(null, 'regression').read(new Float32Array(6), 2, 3, 0)).toThrow(
      "model 'm.onnx' output 'scores' has 3 values per row; a regression model must return one ([N] or [N,1])",
    );
    expect(() => reader(null, 'multiclass').read(new Float32Array(2), 2, 1, 0)).toThrow(
      'has one value per row; a multiclass model must return one score per class ([N,K])',
    );
    expect(() => reader(null, 'binary').read(new Float32Array(3), 1, 3, 0)).toThrow(
      'has 3 columns (one per class), so the model has 3 classes, not 2',
    );
  });
});
