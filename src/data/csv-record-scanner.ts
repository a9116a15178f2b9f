/**
 * Splits a CSV file into records (arrays of raw field strings) with their physical line numbers, fast.
 *
 * The file is read in 1 MiB chunks and cut into lines on '\n' (a '\r' before it is dropped). Each line then
 * takes the cheapest path that reads it exactly as csv-parse would:
 * - no `"` in the line (the usual numeric file): fields are split on ','; the sink may even read the numbers
 *   in place (CsvRecordSink.line). A quote-free line cannot hold a quoted comma or line break, so this is safe.
 * - quotes, all of them well-formed on this line (pandas' minimal quoting, R's quoted strings): the line is
 *   split by splitQuotedLine.
 * - anything else, above all a quoted field that goes on to the next line: csv-parse (RFC 4180) reads the
 *   file from the start of that line to its end. Files whose first chunk uses bare '\r' line breaks (old Mac
 *   exports) go to csv-parse from the start.
 * Memory stays bounded: one chunk plus at most one record longer than a chunk; a record longer than
 * `maxRecordChars` (an unclosed quote, a binary file) is an error.
 *
 * Rules all paths share: blank lines (empty, or spaces and tabs only) are not records: they are reported to
 * the sink and skipped, as pandas does with `skip_blank_lines=True`; the first non-blank record is the header;
 * a UTF-8 byte order mark is dropped. A quote inside an unquoted field is kept as text (csv-parse's
 * `relax_quotes`), as pandas and Python's csv module do.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse, type InfoRecord, type Options } from 'csv-parse';
import { csvDataError } from './csv-data-error.js';
import { splitQuotedLine } from './split-quoted-line.js';
import type { DataError } from '../errors.js';

export interface CsvScanTuning {
  /** Bytes per read; default 1 MiB. Tests use tiny chunks to move the hand-over to csv-parse around. */
  chunkBytes?: number;
  /** Parse the whole file with csv-parse (tests compare both paths on the same data). */
  forceParser?: boolean;
  /** Longest record, in characters, before the file is rejected; default 16 Mi. */
  maxRecordChars?: number;
}

export interface CsvRecordSink {
  /** The first non-blank record. May throw a DataError (duplicate names, missing columns...). */
  header(fields: string[], line: number): void;
  /**
   * The fast path offers each quote-free line after the header in place: `text.slice(start, end)`, without
   * its line break. Returns true when the sink took it as a row, false to have it split and passed to `row`
   * (or to `blank`).
   */
  line(text: string, start: number, end: number, line: number): boolean;
  /** Every later non-blank record. May throw a DataError. */
  row(fields: string[], line: number): void;
  /** A skipped blank line. */
  blank(line: number): void;
}

export interface CsvScanResult {
  /** Physical lines in the file (a final line break does not start another line). */
  lines: number;
  /** The line from which csv-parse read the file, or null when the fast path read all of it. */
  parserFromLine: number | null;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const DEFAULT_MAX_RECORD_CHARS = 16 * (1 << 20);
/** Records passed through csv-parse between two pauses, so batches flow while a large file is parsed. */
const PARSER_RECORDS_PER_PAUSE = 1024;

/** Turns an open / read failure into a DataError that names the file as the user wrote it. */
export function fileAccessError(error: unknown, displayPath: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return csvDataError(displayPath, undefined, undefined, 'no such file');
  if (code === 'EISDIR')
    return csvDataError(displayPath, undefined, undefined, 'is a directory, not a CSV file');
  if (code === 'EACCES' || code === 'EPERM') {
    return csvDataError(displayPath, undefined, undefined, 'permission denied: the file cannot be read');
  }
  if (typeof code === 'string') {
    return csvDataError(displayPath, undefined, undefined, `the file cannot be read (${code})`);
  }
  return error;
}

/**
 * Reads `path` and feeds its records to `sink`. The generator pauses (yields nothing) after every chunk of
 * records so the caller can pass finished batches on; its return value tells how the file was read.
 * With `headerOnly`, it stops after the header.
 */
export async function* scanCsvRecords(
  path: string,
  displayPath: string,
  sink: CsvRecordSink,
  options: CsvScanTuning & { headerOnly?: boolean } = {},
): AsyncGenerator<void, CsvScanResult, undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileAccessError(error, displayPath);
  }
  try {
    const scanner = new FastPathScanner(displayPath, sink, options);
    const chunks = readTextChunks(handle, displayPath, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
    return yield* scanner.scan(chunks);
  } finally {
    await handle.close();
  }
}

async function* readTextChunks(
  handle: FileHandle,
  displayPath: string,
  chunkBytes: number,
): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let atStart = true;
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, 0, chunkBytes, null));
    } catch (error) {
      throw fileAccessError(error, displayPath);
    }
    // The decoder copies what it decodes, so the buffer can be reused; it keeps a split character for later.
    let text = bytesRead === 0 ? decoder.end() : decoder.write(buffer.subarray(0, bytesRead));
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield text;
    if (bytesRead === 0) return;
  }
}

interface ParsedRecord {
  fields: string[];
  line: number;
  blank: boolean;
}

class FastPathScanner {
  private lineCount = 0;
  private headerSeen = false;
  private stopped = false;
  private readonly headerOnly: boolean;
  private readonly maxRecordChars: number;

  constructor(
    private readonly displayPath: string,
    private readonly sink: CsvRecordSink,
    private readonly options: CsvScanTuning & { headerOnly?: boolean },
  ) {
    this.headerOnly = options.headerOnly === true;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  async *scan(
    chunks: AsyncGenerator<string, void, undefined>,
  ): AsyncGenerator<void, CsvScanResult, undefined> {
    let pending = ''; // the start of a line whose end has not been read yet
    let first = true;
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      const text = next.value;
      if (first) {
        first = false;
        if (this.options.forceParser === true || usesBareCarriageReturns(text)) {
          return yield* this.parseRest(text, chunks);
        }
      }
      let start = 0;
      let newline = text.indexOf('\n');
      if (newline === -1) {
        pending += text;
      } else {
        // The next quote at or after `start`, or -1: lines before it are split on commas without a look.
        let quote = text.indexOf('"');
        const joined = pending + text.slice(0, newline);
        pending = '';
        if (!this.takeLine(joined, 0, joined.length, joined.includes('"'))) {
          return yield* this.parseRest(joined + text.slice(newline), chunks);
        }
        start = newline + 1;
        while (!this.stopped && (newline = text.indexOf('\n', start)) !== -1) {
          if (quote !== -1 && quote < start) quote = text.indexOf('"', start);
          if (!this.takeLine(text, start, newline, quote !== -1 && quote < newline)) {
            return yield* this.parseRest(text.slice(start), chunks);
          }
          start = newline + 1;
        }
        if (this.stopped) return this.result(null);
        pending = text.slice(start);
      }
      if (pending.length > this.maxRecordChars) throw this.recordTooLong(this.lineCount + 1);
      yield;
    }
    if (pending !== '' && !this.takeLine(pending, 0, pending.length, pending.includes('"'))) {
      return yield* this.parseRest(pending, chunks);
    }
    return this.result(null);
  }

  /**
   * One physical line of the fast path: `text.slice(start, end)`, where `end` is its '\n' or the text's end.
   * Returns false, having consumed nothing, for a line with quotes that only csv-parse can read.
   */
  private takeLine(text: string, start: number, end: number, hasQuote: boolean): boolean {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    let fields: string[];
    if (hasQuote) {
      const split = splitQuotedLine(text, start, end);
      if (split === null) return false;
      fields = split;
    } else {
      if (end === start) {
        this.sink.blank(++this.lineCount);
        return true;
      }
      if (this.headerSeen && this.sink.line(text, start, end, this.lineCount + 1)) {
        this.lineCount++;
        return true;
      }
      fields = text.slice(start, end).split(',');
    }
    const line = ++this.lineCount;
    if (fields.length === 1 && (fields[0] as string).trim() === '') {
      this.sink.blank(line);
    } else if (this.headerSeen) {
      this.sink.row(fields, line);
    } else {
      this.headerSeen = true;
      this.sink.header(fields, line);
      if (this.headerOnly) this.stopped = true;
    }
    return true;
  }

  /** Reads `handover` and every later chunk with csv-parse. */
  private async *parseRest(
    handover: string,
    chunks: AsyncGenerator<string, void, undefined>,
  ): AsyncGenerator<void, CsvScanResult, undefined> {
    const parserFromLine = this.lineCount + 1;
    const bareCarriageReturns = this.lineCount === 0 && usesBareCarriageReturns(handover);
    const lineBreak = bareCarriageReturns ? '\r' : '\n';
    // The physical line where the next record starts, counted here in parse order: on_record runs inside
    // csv-parse before a record is queued, so `nextLine` stays right even when a parse error discards queued
    // records. A record spans more than one line only through line breaks inside quoted fields; csv-parse's
    // own `lines` tells when to look for them (it cannot be used as is: it counts a CRLF inside quotes twice).
    let nextLine = parserFromLine;
    let parserLines = 0;
    const numberRecord = (fields: string[], context: InfoRecord): ParsedRecord => {
      const line = nextLine;
      nextLine += context.lines - parserLines === 1 ? 1 : 1 + countInnerLineBreaks(fields, lineBreak);
      parserLines = context.lines;
      const blank = fields.length === 1 && (fields[0] as string).trim() === '';
      return { fields, line, blank };
    };
    const parser = parse({
      relax_quotes: true,
      relax_column_count: true,
      record_delimiter: bareCarriageReturns ? ['\r'] : ['\r\n', '\n'],
      max_record_size: this.maxRecordChars,
      // The typings want on_record to return a record; it returns a numbered one, which the loop reads.
      on_record: numberRecord as unknown as Options['on_record'],
    });
    // One chunk read ahead at most, so memory stays bounded by the chunk size.
    const source = Readable.from(prepend(handover, chunks), { highWaterMark: 1 });
    // Errors of either stream reach the loop below through the parser; the callback only silences them.
    pipeline(source, parser, () => {});
    let sincePause = 0;
    try {
      for await (const record of parser as AsyncIterable<ParsedRecord>) {
        if (record.blank) {
          this.sink.blank(record.line);
        } else if (this.headerSeen) {
          this.sink.row(record.fields, record.line);
        } else {
          this.headerSeen = true;
          this.sink.header(record.fields, record.line);
          if (this.headerOnly) break;
        }
        if (++sincePause === PARSER_RECORDS_PER_PAUSE) {
          sincePause = 0;
          yield;
        }
      }
    } catch (error) {
      if (error instanceof CsvError) throw this.parserError(error, nextLine);
      throw error;
    } finally {
      parser.destroy();
    }
    this.lineCount = nextLine - 1;
    return this.result(parserFromLine);
  }

  private result(parserFromLine: number | null): CsvScanResult {
    return { lines: this.lineCount, parserFromLine };
  }

  private recordTooLong(line: number): DataError {
    const limit = this.maxRecordChars.toLocaleString('en-US');
    return csvDataError(
      this.displayPath,
      line,
      undefined,
      `the row starting on this line is longer than ${limit} characters: an unclosed quote, or not a CSV file`,
    );
  }

  private parserError(error: CsvError, line: number): DataError {
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return csvDataError(
          this.displayPath,
          line,
          undefined,
          'a quoted field that starts in this row is never closed: the file ends inside the quotes (a quote ' +
            'inside a quoted field must be doubled: "")',
        );
      case 'CSV_MAX_RECORD_SIZE':
        return this.recordTooLong(line);
      default:
        return csvDataError(
          this.displayPath,
          line,
          undefined,
          `malformed CSV in the row starting on this line: ${error.message}`,
        );
    }
  }
}

async function* prepend(
  first: string,
  rest: AsyncGenerator<string, void, undefined>,
): AsyncGenerator<string, void, undefined> {
  if (first !== '') yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** A file whose first chunk has '\r' line breaks and no '\n' at all uses old-Mac line breaks. */
function usesBareCarriageReturns(text: string): boolean {
  if (text.indexOf('\n') !== -1) return false;
  const carriageReturn = text.indexOf('\r');
  return carriageReturn !== -1 && carriageReturn < text.length - 1;
}

/** Line breaks inside a record's fields (only quoted fields can hold them). */
function countInnerLineBreaks(fields: string[], lineBreak: string): number {
  let count = 0;
  for (const field of fields) {
    let index = field.indexOf(lineBreak);
    while (index !== -1) {
      count++;
      index = field.indexOf(lineBreak, index + 1);
    }
  }
  return count;
}
