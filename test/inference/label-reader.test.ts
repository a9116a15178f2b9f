import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { createLabelReader } from '../../src/inference/label-reader.js';

const location = { file: 'm.onnx' };
const name = "model 'm.onnx'";

describe('createLabelReader', () => {
  it('maps labels to their position among the class labels', () => {
    const reader = createLabelReader({ name: 'output_label', type: 'int64' }, [-1, 1], name, location);
    expect(Array.from(reader.read(new BigInt64Array([1n, -1n, 1n]), 3, 2, 0))).toEqual([1, 0, 1]);
    const strings = createLabelReader(
      { name: 'output_label', type: 'string' },
      ['no', 'yes'],
      name,
      location,
    );
    expect(Array.from(strings.read(['yes', 'no'], 2, 2, 0))).toEqual([1, 0]);
  });

  it('uses a bare integer label as the class index when the model declares no labels', () => {
    const reader = createLabelReader({ name: 'label', type: 'int64' }, null, name, location);
    expect(Array.from(reader.read(new BigInt64Array([2n, 0n]), 2, 3, 0))).toEqual([2, 0]);
    expect(
      Array.from(
        createLabelReader({ name: 'label', type: 'int32' }, null, name, location).read(
          new Int32Array([1]),
          1,
          null,
          0,
        ),
      ),
    ).toEqual([1]);
  });

  it('names the row and the value of a label outside the classes', () => {
    const reader = createLabelReader({ name: 'output_label', type: 'int64' }, [0, 1], name, location);
    expect(() => reader.read(new BigInt64Array([0n, 7n]), 2, 2, 40)).toThrow(
      "model 'm.onnx' label output 'output_label' returned 7 for data row 42, which is not one of the model's classes [0, 1]",
    );
    const bare = createLabelReader({ name: 'label', type: 'int64' }, null, name, location);
    expect(() => bare.read(new BigInt64Array([2n]), 1, 2, 0)).toThrow(
      "model 'm.onnx' label output 'label' returned 2 for data row 1; with no class labels in the model, labels must be class indices 0..1",
    );
  });

  it('refuses string labels with no string class labels to order them', () => {
    expect(() => createLabelReader({ name: 'label', type: 'string' }, null, name, location)).toThrow(
      ModelError,
    );
    expect(() => createLabelReader({ name: 'label', type: 'string' }, [0, 1], name, location)).toThrow(
      "model 'm.onnx' label output 'label' returns strings, but the model declares no string class labels to order them by",
    );
  });
});
