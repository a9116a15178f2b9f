/**
 * The types of the streaming CSV reader (src/data/csv-reader.ts re-exports them; they live apart so the
 * batch builder can use them without an import cycle).
 */

export interface CsvReadSpec {
  /** Absolute path to open. */
  path: string;
  /** The path as the user wrote it: used in every message. */
  displayPath: string;
  /** Feature columns, in the order the model wants them. */
  featureColumns: string[];
  /** null: the file has no label to read (a reference sample for drift); `labels` is then empty. */
  labelColumn: string | null;
  labelType: 'number' | 'string';
  /** Carried as raw strings, exactly as in the file (future: slice / id columns); never parsed as numbers. */
  extraColumns?: string[];
  featureDtype: 'float32' | 'float64';
  /** Rows per batch; default 8192. */
  batchSize?: number;
  /** Called once, after the last batch, with what the reader skipped and how it read the file. */
  onEnd?: (stats: CsvReadStats) => void;
}

export interface RowBatch {
  rowCount: number;
  /** 1-based physical line number in the file of the batch's first row. */
  firstLine: number;
  /** Row-major, rowCount x featureColumns.length (a fresh array per batch). */
  features: Float32Array | Float64Array;
  /** Float64Array when labelType = 'number'; trimmed cell text when 'string'. */
  labels: Float64Array | string[];
  /** One array of raw cell strings per extra column, rowCount long. */
  extra: Record<string, string[]>;
}

/** What the reader did with the file: the report says when rows were skipped. Also the generator's return. */
export interface CsvReadStats {
  /** Data rows read (every row is in some batch). */
  rows: number;
  /** Physical lines in the file; a final line break does not start another line. */
  lines: number;
  /** The header's line (1 unless blank lines come first). */
  headerLine: number;
  /** Blank lines (empty, or spaces and tabs only) that were skipped, as pandas skips them. */
  blankLines: number;
  /** The line numbers of the first 20 skipped blank lines. */
  blankLineNumbers: number[];
  /**
   * The line from which csv-parse read the file (the first line the fast path could not split: a quoted line
   * break, an odd quote), or null when the fast path read it all. A diagnostic: values do not depend on it.
   */
  parserFromLine: number | null;
}
