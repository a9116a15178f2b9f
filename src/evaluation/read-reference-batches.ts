/**
 * Reads the `--reference` file (e.g. a sample of the training data) as RowBatches of the holdout set's
 * feature columns, in the same order, for the drift collector. Same format and strictness as the holdout
 * (csv-reader.ts): a missing feature column is a DataError naming the reference file.
 *
 * The reference needs no label: it is read with `labelColumn: null`, so a label column, present or not,
 * empty or not, is never read.
 */
import { readCsvBatches } from '../data/csv-reader.js';
import type { CsvReadStats, RowBatch } from '../data/csv-reader.js';

export interface ReferenceReadOptions {
  /** Absolute path to open. */
  path: string;
  /** The path as the user wrote it, for messages. */
  displayPath: string;
  /** The holdout set's feature columns, in the model's order. */
  featureColumns: string[];
  featureDtype: 'float32' | 'float64';
  batchSize?: number;
}

export function readReferenceBatches(
  options: ReferenceReadOptions,
): AsyncGenerator<RowBatch, CsvReadStats, undefined> {
  if (options.featureColumns.length === 0) throw new Error('readReferenceBatches: no feature columns');
  // A reference sample need not have the label: only the feature columns are read.
  return readCsvBatches({
    path: options.path,
    displayPath: options.displayPath,
    featureColumns: options.featureColumns,
    labelColumn: null,
    labelType: 'number',
    featureDtype: options.featureDtype,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
}
