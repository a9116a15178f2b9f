/**
 * The streaming CSV reader: a holdout CSV file as batches of feature rows, labels and raw extra columns.
 *
 * Format: RFC 4180 (quoted fields, doubled quotes, commas and line breaks inside quotes), UTF-8 with or without
 * a byte order mark, CRLF or LF line breaks, with or without a final one. The first non-blank line is the
 * header; names are taken exactly as written (spaces and punctuation included) and must be unique.
 *
 * Strict: every row has as many fields as the header; every feature is a finite decimal number that fits the
 * feature type (no empty cells, no NaN / Inf markers, no hexadecimal); numeric labels likewise; string labels
 * are the trimmed cell text and must not be empty. The first violation is a DataError naming file, line,
 * column and value. Blank lines are skipped (pandas' `skip_blank_lines=True`) but counted: see CsvReadStats,
 * which `onEnd` receives and the generator returns, so the report can say lines were skipped.
 *
 * Speed and memory: see csv-record-scanner.ts (quote-free and well-quoted lines are split in place; csv-parse
 * reads from the first line that needs it, such as a quoted line break) and row-batch-builder.ts (the
 * per-cell loop, which reads plain decimals straight from the line). Memory is bounded by the batch size and
 * one read chunk, never by the file.
 */
import { csvDataError } from './csv-data-error.js';
import { checkCsvHeader } from './csv-header.js';
import type { CsvReadSpec, CsvReadStats, RowBatch } from './csv-read-spec.js';
import {
  scanCsvRecords,
  type CsvRecordSink,
  type CsvScanResult,
  type CsvScanTuning,
} from './csv-record-scanner.js';
import { RowBatchBuilder } from './row-batch-builder.js';

export type { CsvReadSpec, CsvReadStats, RowBatch } from './csv-read-spec.js';
export type { CsvScanTuning } from './csv-record-scanner.js';

const LISTED_BLANK_LINES = 20;

/** The header's column names, validated (unique, text). Reads only as far as the header. */
export async function readCsvHeader(path: string, displayPath: string): Promise<string[]> {
  let header: string[] | undefined;
  let blankLines = 0;
  const sink: CsvRecordSink = {
    header: (fields, line) => {
      checkCsvHeader(fields, line, displayPath);
      header = fields;
    },
    line: () => false,
    row: () => {},
    blank: () => {
      blankLines++;
    },
  };
  const scan = scanCsvRecords(path, displayPath, sink, { headerOnly: true });
  while (!(await scan.next()).done) {
    // The scanner stops by itself once the header is read.
  }
  if (header === undefined) throw emptyFileError(displayPath, blankLines);
  return header;
}

/**
 * Reads the file as RowBatches of `batchSize` rows (the last one shorter). Throws a DataError at the first bad
 * line (batches from earlier read chunks may have been yielded: a caller that must not act on a partly bad
 * file waits for the end). Returns the stats, which `spec.onEnd` also receives. `tuning` is for tests.
 */
export async function* readCsvBatches(
  spec: CsvReadSpec,
  tuning: CsvScanTuning = {},
): AsyncGenerator<RowBatch, CsvReadStats, undefined> {
  const batchSize = spec.batchSize;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new RangeError(`readCsvBatches: batchSize must be a positive integer, got ${batchSize}`);
  }
  let builder: RowBatchBuilder | undefined;
  let headerLine = 0;
  let blankLines = 0;
  const blankLineNumbers: number[] = [];
  const sink: CsvRecordSink = {
    header: (fields, line) => {
      checkCsvHeader(fields, line, spec.displayPath);
      builder = new RowBatchBuilder(spec, fields, line);
      headerLine = line;
    },
    line: (text, start, end, line) => builder !== undefined && builder.addLine(text, start, end, line),
    row: (fields, line) => {
      builder?.add(fields, line);
    },
    blank: (line) => {
      blankLines++;
      if (blankLineNumbers.length < LISTED_BLANK_LINES) blankLineNumbers.push(line);
    },
  };
  const scan = scanCsvRecords(spec.path, spec.displayPath, sink, tuning);
  let scanResult: CsvScanResult | undefined;
  try {
    for (;;) {
      const step = await scan.next();
      if (step.done) {
        scanResult = step.value;
        break;
      }
      if (builder !== undefined) yield* builder.takeCompleted();
    }
  } finally {
    // Closes the file when the consumer stops early (a no-op once the scan has finished).
    await scan.return({ lines: 0, parserFromLine: null });
  }
  if (builder === undefined) throw emptyFileError(spec.displayPath, blankLines);
  builder.finish();
  yield* builder.takeCompleted();
  if (builder.rowsAdded === 0) {
    const skipped = blankLines > 0 ? ` (only blank lines after it)` : '';
    throw csvDataError(
      spec.displayPath,
      headerLine,
      undefined,
      `the file has a header but no data rows${skipped}: expected at least one row after the header`,
    );
  }
  const stats: CsvReadStats = {
    rows: builder.rowsAdded,
    lines: scanResult.lines,
    headerLine,
    blankLines,
    blankLineNumbers,
    parserFromLine: scanResult.parserFromLine,
  };
  spec.onEnd?.(stats);
  return stats;
}

function emptyFileError(displayPath: string, blankLines: number) {
  const what = blankLines === 0 ? 'the file is empty' : `the file has only blank lines (${blankLines})`;
  return csvDataError(displayPath, 1, undefined, `${what}: expected a header line with the column names`);
}
