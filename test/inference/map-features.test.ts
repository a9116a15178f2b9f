import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { inputColumnNames } from '../../src/inference/input-column-names.js';
import { mapFeatures } from '../../src/inference/map-features.js';
import type { TensorDescription } from '../../src/report/types.js';

function model(inputs: TensorDescription[]) {
  return { name: "model 'x.onnx'", displayPath: 'x.onnx', inputs };
}

function mappingError(inputs: TensorDescription[], columns: string[]): ModelError {
  try {
    mapFeatures(model(inputs), columns);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).location).toEqual({ file: 'x.onnx' });
    return error as ModelError;
  }
  throw new Error('mapFeatures did not throw');
}

describe('mapFeatures', () => {
  it('feeds every feature column, in order, to a single 2-D input', () => {
    const mapping = mapFeatures(model([{ name: 'float_input', type: 'float32', shape: [null, 4] }]), [
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(mapping.byName).toBe(false);
    expect(mapping.fixedBatch).toBeNull();
    expect(mapping.feeds).toEqual([
      { input: 'float_input', type: 'float32', rank: 2, columns: [0, 1, 2, 3] },
    ]);
    expect(mapping.description).toBe("4 feature columns in order -> 'float_input' [N,4] float32");
  });

  it('accepts any width when the width is symbolic, and a rank-1 input for one column', () => {
    expect(mapFeatures(model([{ name: 'x', type: 'float64', shape: ['N', 'F'] }]), ['a', 'b']).feeds).toEqual(
      [{ input: 'x', type: 'float64', rank: 2, columns: [0, 1] }],
    );
    expect(mapFeatures(model([{ name: 'x', type: 'float32', shape: ['N'] }]), ['a']).feeds).toEqual([
      { input: 'x', type: 'float32', rank: 1, columns: [0] },
    ]);
  });

  it('names both shapes and the columns when the width does not match', () => {
    const error = mappingError(
      [{ name: 'float_input', type: 'float32', shape: [null, 5] }],
      ['a', 'b', 'c', 'd'],
    );
    expect(error.message).toBe(
      "model 'x.onnx' input 'float_input' expects [N,5] but the data has 4 feature columns: a, b, c, d; " +
        "choose the model's columns with --features (or 'features' in the policy file)",
    );
    expect(mappingError([{ name: 'x', type: 'float32', shape: ['batch'] }], ['a', 'b']).message).toBe(
      "model 'x.onnx' input 'x' expects [N] (one value per row) but the data has 2 feature columns: a, b",
    );
  });

  it('shortens a long column list', () => {
    const columns = Array.from({ length: 30 }, (_, index) => `c${index}`);
    const error = mappingError([{ name: 'x', type: 'float32', shape: [null, 3] }], columns);
    expect(error.message).toContain('30 feature columns: c0, c1,');
    expect(error.message).toContain('c19, ... (10 more)');
  });

  it('refuses inputs that are not tabular or not numeric', () => {
    expect(mappingError([{ name: 'image', type: 'float32', shape: [null, 3, 32, 32] }], ['a']).message).toBe(
      "model 'x.onnx' input 'image' expects [N,3,32,32]; model-gate feeds tabular data, so the input must be [N,F] or [N]",
    );
    expect(mappingError([{ name: 'text', type: 'string', shape: [null, 1] }], ['a']).message).toBe(
      "model 'x.onnx' input 'text' has type string; model-gate feeds numeric columns to float32, float64, int64 or int32 inputs",
    );
    expect(mappingError([{ name: 'x', type: 'float32', shape: [null, 2] }], []).message).toBe(
      "model 'x.onnx' input 'x' cannot be fed: the data has no feature columns",
    );
  });

  it('matches several inputs to columns by name, whatever the column order', () => {
    const mapping = mapFeatures(
      model([
        { name: 'age', type: 'float32', shape: ['batch', 1] },
        { name: 'income', type: 'float32', shape: ['batch', 1] },
        { name: 'tenure', type: 'int64', shape: ['batch'] },
      ]),
      ['tenure', 'region', 'income', 'age'],
    );
    expect(mapping.byName).toBe(true);
    expect(mapping.feeds).toEqual([
      { input: 'age', type: 'float32', rank: 2, columns: [3] },
      { input: 'income', type: 'float32', rank: 2, columns: [2] },
      { input: 'tenure', type: 'int64', rank: 1, columns: [0] },
    ]);
    expect(mapping.unusedColumns).toEqual(['region']);
    expect(mapping.description).toBe(
      "3 inputs fed by column name: 'age' float32, 'income' float32, 'tenure' int64",
    );
  });

  it('lists the unmatched inputs and the available columns', () => {
    const inputs: TensorDescription[] = [
      { name: 'age', type: 'float32', shape: [null, 1] },
      { name: 'salary', type: 'float32', shape: [null, 1] },
      { name: 'months', type: 'float32', shape: [null, 1] },
    ];
    expect(mappingError(inputs, ['age', 'income', 'tenure']).message).toBe(
      "model 'x.onnx' has 3 inputs, fed by column name, but inputs 'salary', 'months' match no feature column; " +
        'the feature columns are: age, income, tenure',
    );
    expect(mappingError(inputs.slice(0, 2), ['age', 'income']).message).toContain(
      "but input 'salary' matches no feature column",
    );
  });

  it('refuses a multi-column input among several inputs', () => {
    const error = mappingError(
      [
        { name: 'age', type: 'float32', shape: [null, 1] },
        { name: 'rest', type: 'float32', shape: [null, 3] },
      ],
      ['age', 'rest'],
    );
    expect(error.message).toBe(
      "model 'x.onnx' input 'rest' expects [N,3]; when a model has several inputs, each takes one column and must be [N] or [N,1]",
    );
  });

  it('reports a fixed batch size', () => {
    expect(mapFeatures(model([{ name: 'x', type: 'float32', shape: [1, 2] }]), ['a', 'b']).fixedBatch).toBe(
      1,
    );
  });
});

describe('inputColumnNames', () => {
  const columns = ['tenure', 'region', 'income', 'age', 'label'];

  it('returns the input names when every input is one column named like a CSV column', () => {
    expect(
      inputColumnNames(
        model([
          { name: 'age', type: 'float32', shape: ['batch', 1] },
          { name: 'income', type: 'float32', shape: ['batch'] },
          { name: 'tenure', type: 'int64', shape: ['batch', 'one'] },
        ]),
        columns,
      ),
    ).toEqual(['age', 'income', 'tenure']);
    expect(inputColumnNames(model([{ name: 'age', type: 'float32', shape: [null, 1] }]), columns)).toEqual([
      'age',
    ]);
  });

  it('returns null otherwise', () => {
    expect(
      inputColumnNames(model([{ name: 'float_input', type: 'float32', shape: [null, 4] }]), columns),
    ).toBeNull();
    // A lone input of unknown width may take many columns.
    expect(
      inputColumnNames(model([{ name: 'age', type: 'float32', shape: [null, 'F'] }]), columns),
    ).toBeNull();
    expect(
      inputColumnNames(
        model([
          { name: 'age', type: 'float32', shape: [null, 1] },
          { name: 'salary', type: 'float32', shape: [null, 1] },
        ]),
        columns,
      ),
    ).toBeNull();
    expect(inputColumnNames(model([]), columns)).toBeNull();
  });
});
