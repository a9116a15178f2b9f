import { describe, expect, it } from 'vitest';

import { ConfigurationError, DataError } from '../../src/errors.js';
import { chooseFeatureColumns } from '../../src/evaluation/choose-feature-columns.js';
import type { TensorDescription } from '../../src/report/types.js';

const matrixModel = {
  inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3] }] as TensorDescription[],
};
const namedModel = {
  inputs: [
    { name: 'age', type: 'float32', shape: ['N', 1] },
    { name: 'income', type: 'float32', shape: ['N', 1] },
  ] as TensorDescription[],
};
const header = ['income', 'label', 'region', 'age'];

describe('chooseFeatureColumns', () => {
  it('uses every column but the label, in file order, for a matrix input', () => {
    expect(
      chooseFeatureColumns({
        header,
        label: 'label',
        features: undefined,
        models: [matrixModel],
        dataPath: 'd.csv',
      }),
    ).toEqual(['income', 'region', 'age']);
  });

  it("uses the models' input names when every model's inputs are column names", () => {
    expect(
      chooseFeatureColumns({
        header,
        label: 'label',
        features: undefined,
        models: [namedModel, namedModel],
        dataPath: 'd.csv',
      }),
    ).toEqual(['income', 'age']);
  });

  it('falls back to every column when only one model has named inputs', () => {
    expect(
      chooseFeatureColumns({
        header,
        label: 'label',
        features: undefined,
        models: [namedModel, matrixModel],
        dataPath: 'd.csv',
      }),
    ).toEqual(['income', 'region', 'age']);
  });

  it('keeps the --features order', () => {
    expect(
      chooseFeatureColumns({
        header,
        label: 'label',
        features: ['age', 'income'],
        models: [],
        dataPath: 'd.csv',
      }),
    ).toEqual(['age', 'income']);
  });

  it('names the file and lists the columns for a missing label or feature', () => {
    const missingLabel = () =>
      chooseFeatureColumns({ header, label: 'churned', features: undefined, models: [], dataPath: 'd.csv' });
    expect(missingLabel).toThrow(DataError);
    expect(missingLabel).toThrow(
      "'d.csv' has no label column 'churned' (columns: 'income', 'label', 'region', 'age'); name it with --label",
    );
    expect(() =>
      chooseFeatureColumns({
        header,
        label: 'label',
        features: ['age', 'height'],
        models: [],
        dataPath: 'd.csv',
      }),
    ).toThrow("'d.csv' has no column 'height' named in --features");
  });

  it('rejects the label as a feature and a repeated feature', () => {
    expect(() =>
      chooseFeatureColumns({
        header,
        label: 'label',
        features: ['age', 'label'],
        models: [],
        dataPath: 'd.csv',
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      chooseFeatureColumns({
        header,
        label: 'label',
        features: ['age', 'age'],
        models: [],
        dataPath: 'd.csv',
      }),
    ).toThrow("--features: column 'age' is listed twice");
  });

  it('says so when the label is the only column', () => {
    expect(() =>
      chooseFeatureColumns({
        header: ['label'],
        label: 'label',
        features: undefined,
        models: [matrixModel],
        dataPath: 'd.csv',
      }),
    ).toThrow("'d.csv' has only the label column 'label': there are no feature columns");
  });
});
