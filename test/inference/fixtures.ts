// Shared helpers for the inference tests: paths, the committed CSV files and the expected outputs that
// scripts/fixtures/make_models.py computed with torch / scikit-learn / NumPy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeatureMatrix } from '../../src/inference/feature-matrix.js';

export const MODELS = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
export const DATA = fileURLToPath(new URL('../fixtures/data/', import.meta.url));

export function modelPath(name: string): string {
  return `${MODELS}${name}`;
}

export interface Csv {
  header: string[];
  rows: string[][];
}

/** The fixture CSV files are plain: no quotes, no empty cells. */
export function readCsv(name: string): Csv {
  return readCsvAt(`${DATA}${name}`);
}

export function readCsvAt(path: string | URL): Csv {
  const [headerLine, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header: (headerLine ?? '').split(','), rows: lines.map((line) => line.split(',')) };
}

/** The named columns of a CSV as a row-major matrix, as the data stage would hand it over. */
export function featureMatrix(
  csv: Csv,
  columns: readonly string[],
  Type: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array,
): FeatureMatrix {
  const indices = columns.map((column) => csv.header.indexOf(column));
  const values = new Type(csv.rows.length * columns.length);
  csv.rows.forEach((row, rowIndex) => {
    indices.forEach((index, position) => {
      values[rowIndex * columns.length + position] = Number(row[index]);
    });
  });
  return { rows: csv.rows.length, values };
}

/** Rows [start, end) of a matrix with `width` columns. */
export function sliceRows(matrix: FeatureMatrix, width: number, start: number, end: number): FeatureMatrix {
  return { rows: end - start, values: matrix.values.subarray(start * width, end * width) };
}

export interface ExpectedOutput {
  shape: number[];
  type: 'float' | 'int64' | 'string';
  data: Array<number | string>;
}

export interface ExpectedModel {
  data: string;
  classLabels?: Array<number | string>;
  outputs: Record<string, ExpectedOutput>;
}

interface ExpectedFile {
  tolerance: number;
  models: Record<string, ExpectedModel>;
}

const expectedFile = JSON.parse(readFileSync(`${MODELS}expected-outputs.json`, 'utf8')) as ExpectedFile;

export const TOLERANCE = expectedFile.tolerance;

export function expectedFor(model: string): ExpectedModel {
  const entry = expectedFile.models[model];
  if (entry === undefined) throw new Error(`No expected outputs for ${model}`);
  return entry;
}

export function expectedOutput(model: string, output: string): ExpectedOutput {
  const entry = expectedFor(model).outputs[output];
  if (entry === undefined) throw new Error(`No expected output '${output}' for ${model}`);
  return entry;
}

/** The largest absolute difference between two numeric sequences of equal length. */
export function maxAbsoluteDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`Length ${actual.length} != ${expected.length}`);
  let worst = 0;
  for (let index = 0; index < actual.length; index++) {
    worst = Math.max(worst, Math.abs((actual[index] ?? Number.NaN) - (expected[index] ?? Number.NaN)));
  }
  return worst;
}

export function numbers(output: ExpectedOutput): number[] {
  return output.data.map((value) => Number(value));
}

export const FEATURES = ['x1', 'x2', 'x3', 'x4'];
