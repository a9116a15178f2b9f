import * as ort from 'onnxruntime-node';
import { DataError } from '../errors.js';
import type { FeatureMatrix } from './feature-matrix.js';
import type { FeatureMapping, InputFeed } from './map-features.js';

type FeedArray = Float32Array | Float64Array | BigInt64Array | Int32Array;

/**
 * The onnxruntime feeds for one batch. A single float input whose type matches the batch takes the batch's
 * own buffer (a view, no copy); anything else is converted. `firstRow` is the 0-based index of the batch's
 * first row in the data set, so that a bad value can be named by its row.
 */
export function buildFeeds(
  mapping: FeatureMapping,
  matrix: FeatureMatrix,
  firstRow = 0,
): Record<string, ort.Tensor> {
  const width = mapping.featureColumns.length;
  const { rows } = matrix;
  if (matrix.values.length < rows * width) {
    throw new RangeError(
      `A batch of ${rows} rows x ${width} features needs ${rows * width} values, got ${matrix.values.length}`,
    );
  }
  const feeds: Record<string, ort.Tensor> = {};
  for (const feed of mapping.feeds) {
    const data = feedData(feed, matrix, width, mapping, firstRow);
    const dims = feed.rank === 1 ? [rows] : [rows, feed.columns.length];
    feeds[feed.input] = new ort.Tensor(feed.type, data, dims);
  }
  return feeds;
}

function feedData(
  feed: InputFeed,
  matrix: FeatureMatrix,
  width: number,
  mapping: FeatureMapping,
  firstRow: number,
): FeedArray {
  const { rows, values } = matrix;
  const wholeMatrix = !mapping.byName;
  if (wholeMatrix && (feed.type === 'float32' || feed.type === 'float64')) {
    const view = values.subarray(0, rows * width);
    if (feed.type === 'float32') return view instanceof Float32Array ? view : Float32Array.from(view);
    return view instanceof Float64Array ? view : Float64Array.from(view);
  }
  const columnCount = feed.columns.length;
  const length = rows * columnCount;
  const valueAt = (index: number): number => {
    const row = Math.floor(index / columnCount);
    const column = feed.columns[index - row * columnCount] ?? 0;
    return values[row * width + column] ?? Number.NaN;
  };
  const integerCheck = (index: number, value: number, minimum: number, maximum: number): void => {
    if (Number.isInteger(value) && value >= minimum && value <= maximum) return;
    const row = Math.floor(index / columnCount);
    const columnName = mapping.featureColumns[feed.columns[index - row * columnCount] ?? 0] ?? '?';
    const range = feed.type === 'int32' ? ` between ${minimum} and ${maximum}` : '';
    throw new DataError(
      `Column '${columnName}' has the value ${String(value)} in data row ${firstRow + row + 1}, but model ` +
        `input '${feed.input}' is ${feed.type}: its values must be whole numbers${range}`,
      { column: columnName },
    );
  };
  switch (feed.type) {
    case 'float32':
    case 'float64': {
      const output = feed.type === 'float32' ? new Float32Array(length) : new Float64Array(length);
      for (let index = 0; index < length; index++) output[index] = valueAt(index);
      return output;
    }
    case 'int64': {
      const output = new BigInt64Array(length);
      for (let index = 0; index < length; index++) {
        const value = valueAt(index);
        integerCheck(index, value, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
        output[index] = BigInt(value);
      }
      return output;
    }
    case 'int32': {
      const output = new Int32Array(length);
      for (let index = 0; index < length; index++) {
        const value = valueAt(index);
        integerCheck(index, value, -(2 ** 31), 2 ** 31 - 1);
        output[index] = value;
      }
      return output;
    }
  }
}
