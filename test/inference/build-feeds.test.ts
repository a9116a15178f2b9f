import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { buildFeeds } from '../../src/inference/build-feeds.js';
import { mapFeatures } from '../../src/inference/map-features.js';
import type { TensorDescription } from '../../src/report/types.js';

function mapping(inputs: TensorDescription[], columns: string[]) {
  return mapFeatures({ name: "model 'x.onnx'", displayPath: 'x.onnx', inputs }, columns);
}

describe('buildFeeds', () => {
  it('passes a float32 batch to a float32 matrix input without copying', () => {
    const values = new Float32Array([1, 2, 3, 4, 5, 6, 99, 99, 99]); // a reused buffer, longer than the batch
    const feeds = buildFeeds(mapping([{ name: 'x', type: 'float32', shape: [null, 3] }], ['a', 'b', 'c']), {
      rows: 2,
      values,
    });
    const tensor = feeds.x;
    expect(tensor?.dims).toEqual([2, 3]);
    expect(tensor?.type).toBe('float32');
    const data = tensor?.data as Float32Array;
    expect(data.buffer).toBe(values.buffer);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('converts to float64, and from a float64 batch to float32', () => {
    const columns = ['a', 'b'];
    const double = buildFeeds(mapping([{ name: 'x', type: 'float64', shape: [null, 2] }], columns), {
      rows: 1,
      values: new Float32Array([0.5, 0.25]),
    }).x;
    expect(double?.type).toBe('float64');
    expect(Array.from(double?.data as Float64Array)).toEqual([0.5, 0.25]);
    const single = buildFeeds(mapping([{ name: 'x', type: 'float32', shape: [null, 2] }], columns), {
      rows: 1,
      values: new Float64Array([0.1, 3]),
    }).x;
    expect(single?.data).toBeInstanceOf(Float32Array);
    expect(Array.from(single?.data as Float32Array)).toEqual([Math.fround(0.1), 3]);
    const float64View = new Float64Array([7, 8]);
    expect(
      (
        buildFeeds(mapping([{ name: 'x', type: 'float64', shape: [null, 2] }], columns), {
          rows: 1,
          values: float64View,
        }).x?.data as Float64Array
      ).buffer,
    ).toBe(float64View.buffer);
  });

  it('extracts one column per named input, in the input dtype and rank', () => {
    const feeds = buildFeeds(
      mapping(
        [
          { name: 'age', type: 'float32', shape: [null, 1] },
          { name: 'tenure', type: 'int64', shape: [null] },
          { name: 'visits', type: 'int32', shape: [null, 1] },
        ],
        ['tenure', 'age', 'visits'],
      ),
      { rows: 2, values: new Float32Array([12, 40.5, 3, 0, 61, -2]) },
    );
    expect(feeds.age?.dims).toEqual([2, 1]);
    expect(Array.from(feeds.age?.data as Float32Array)).toEqual([40.5, 61]);
    expect(feeds.tenure?.type).toBe('int64');
    expect(feeds.tenure?.dims).toEqual([2]);
    expect(Array.from(feeds.tenure?.data as BigInt64Array)).toEqual([12n, 0n]);
    expect(feeds.visits?.type).toBe('int32');
    expect(Array.from(feeds.visits?.data as Int32Array)).toEqual([3, -2]);
  });

  it('feeds a whole matrix to an int64 input', () => {
    const feeds = buildFeeds(mapping([{ name: 'x', type: 'int64', shape: [null, 2] }], ['a', 'b']), {
      rows: 2,
      values: new Float64Array([1, 2, 3, 4]),
    });
    expect(Array.from(feeds.x?.data as BigInt64Array)).toEqual([1n, 2n, 3n, 4n]);
    expect(feeds.x?.dims).toEqual([2, 2]);
  });

  it('refuses a non-integer value for an integer input, naming the column, the row and the value', () => {
    const named = mapping(
      [
        { name: 'age', type: 'float32', shape: [null, 1] },
        { name: 'tenure', type: 'int64', shape: [null, 1] },
      ],
      ['age', 'tenure'],
    );
    const build = () => buildFeeds(named, { rows: 2, values: new Float32Array([30, 4, 31, 4.5]) }, 100);
    expect(build).toThrow(DataError);
    expect(build).toThrow(
      "Column 'tenure' has the value 4.5 in data row 102, but model input 'tenure' is int64: its values must be whole numbers",
    );
    try {
      build();
    } catch (error) {
      expect((error as DataError).location).toEqual({ column: 'tenure' });
    }
    const int32 = mapping([{ name: 'x', type: 'int32', shape: [null, 1] }], ['x']);
    expect(() => buildFeeds(int32, { rows: 1, values: new Float64Array([2 ** 31]) })).toThrow(
      "Column 'x' has the value 2147483648 in data row 1, but model input 'x' is int32: its values must be whole numbers between -2147483648 and 2147483647",
    );
    expect(() => buildFeeds(int32, { rows: 1, values: new Float64Array([Number.NaN]) })).toThrow(
      "Column 'x' has the value NaN in data row 1",
    );
  });
});
