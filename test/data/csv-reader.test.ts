import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import {
  readCsvBatches,
  readCsvHeader,
  type CsvReadSpec,
  type CsvReadStats,
  type CsvScanTuning,
  type RowBatch,
} from '../../src/data/csv-reader.js';
import { fileAccessError } from '../../src/data/csv-record-scanner.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'csv');
const scratch = mkdtempSync(join(tmpdir(), 'model-gate-csv-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let fileCounter = 0;
/** Writes `content` to a fresh file under the scratch folder and returns its path. */
function writeCsv(content: string | Buffer): string {
  const path = join(scratch, `file-${++fileCounter}.csv`);
  writeFileSync(path, content);
  return path;
}

function fixture(name: string): string {
  return join(FIXTURES, name);
}

function spec(path: string, overrides: Partial<CsvReadSpec> = {}): CsvReadSpec {
  return {
    path,
    displayPath: 'holdout.csv',
    featureColumns: ['x1', 'x2'],
    labelColumn: 'label',
    labelType: 'number',
    featureDtype: 'float64',
    ...overrides,
  };
}

async function readAll(
  readSpec: CsvReadSpec,
  tuning?: CsvScanTuning,
): Promise<{ batches: RowBatch[]; stats: CsvReadStats }> {
  const batches: RowBatch[] = [];
  const generator = readCsvBatches(readSpec, tuning);
  for (;;) {
    const step = await generator.next();
    if (step.done) return { batches, stats: step.value };
    batches.push(step.value);
  }
}

async function readError(readSpec: CsvReadSpec, tuning?: CsvScanTuning): Promise<DataError> {
  try {
    await readAll(readSpec, tuning);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

/** All rows of all batches, as plain arrays (feature rows, labels, extra columns). */
function flatten(batches: RowBatch[]) {
  const features: number[][] = [];
  const labels: (number | string)[] = [];
  const extra: Record<string, string[]> = {};
  for (const batch of batches) {
    const width = batch.rowCount === 0 ? 0 : batch.features.length / batch.rowCount;
    for (let row = 0; row < batch.rowCount; row++) {
      features.push(Array.from(batch.features.subarray(row * width, (row + 1) * width)));
    }
    labels.push(...Array.from(batch.labels as ArrayLike<number | string>));
    for (const [name, values] of Object.entries(batch.extra)) (extra[name] ??= []).push(...values);
  }
  return { features, labels, extra };
}

describe('readCsvBatches on good files', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks inside quotes, odd header names', async () => {
    const { batches, stats } = await readAll(
      spec(fixture('good-quoted.csv'), {
        featureColumns: ['petal.width', 'sepal length (cm)'],
        labelType: 'string',
        extraColumns: ['name, with comma', 'say "hi"'],
      }),
    );
    expect(batches).toHaveLength(1);
    const [batch] = batches as [RowBatch];
    expect(batch.rowCount).toBe(3);
    expect(batch.firstLine).toBe(2);
    expect(batch.features).toBeInstanceOf(Float64Array);
    // Model order, not file order; quoted numbers are numbers.
    expect(Array.from(batch.features)).toEqual([3.5, 5.1, 3.0, 4.9, 2.9, 6.2]);
    expect(batch.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(batch.extra).toEqual({
      'name, with comma': ['Iris "setosa"', 'two\nlines', 'plain'],
      'say "hi"': ['a', 'b', 'c, d'],
    });
    expect(stats).toEqual({
      rows: 3,
      lines: 5,
      headerLine: 1,
      blankLines: 0,
      blankLineNumbers: [],
      // Lines 1-2 are split in place; the quoted line break on line 3 needs csv-parse.
      parserFromLine: 3,
    });
  });

  it('strips a UTF-8 byte order mark and reads CRLF line breaks without a final one', async () => {
    const path = writeCsv(Buffer.from('\uFEFFx1,x2,label\r\n1.5,2,0\r\n-3,4e2,1', 'utf8'));
    expect(await readCsvHeader(path, 'holdout.csv')).toEqual(['x1', 'x2', 'label']);
    const { batches, stats } = await readAll(spec(path));
    expect(flatten(batches)).toEqual({
      features: [
        [1.5, 2],
        [-3, 400],
      ],
      labels: [0, 1],
      extra: {},
    });
    expect(stats.lines).toBe(3);
    expect(stats.parserFromLine).toBeNull();
  });

  it('reads a byte order mark and CRLF with quoted cells, by the line splitter and by csv-parse', async () => {
    const path = writeCsv(Buffer.from('\uFEFF"x1",x2,label\r\n1.5,"2",0\r\n-3,4e2,1\r\n', 'utf8'));
    for (const [tuning, parserFromLine] of [
      [{}, null],
      [{ forceParser: true }, 1],
    ] as const) {
      const { batches, stats } = await readAll(spec(path), tuning);
      expect(flatten(batches).features).toEqual([
        [1.5, 2],
        [-3, 400],
      ]);
      expect(stats).toMatchObject({ lines: 3, parserFromLine });
    }
  });

  it('keeps header names exactly as written: spaces, punctuation, unicode', async () => {
    const path = writeCsv(' a b ,c.d(e)%,é/ü;x,label\n1,2,3,x\n');
    expect(await readCsvHeader(path, 'holdout.csv')).toEqual([' a b ', 'c.d(e)%', 'é/ü;x', 'label']);
    const { batches } = await readAll(
      spec(path, { featureColumns: ['é/ü;x', ' a b ', 'c.d(e)%'], labelType: 'string' }),
    );
    expect(flatten(batches).features).toEqual([[3, 1, 2]]);
  });

  it('reads old-Mac files with bare CR line breaks', async () => {
    const path = writeCsv('x1,x2,label\r1,2,0\r3,4,1\r');
    const { batches, stats } = await readAll(spec(path));
    expect(flatten(batches).features).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batches[0]?.firstLine).toBe(2);
    expect(stats.lines).toBe(3);
  });

  it('accepts every decimal form and surrounding spaces, and keeps -0', async () => {
    const path = writeCsv('x1,x2,label\n+1.,.5,-0\n 7 ,1E+3,2.5e-1\n-0,000.100,10\n');
    const { batches } = await readAll(spec(path));
    const { features, labels } = flatten(batches);
    expect(features).toEqual([
      [1, 0.5],
      [7, 1000],
      [-0, 0.1],
    ]);
    expect(Object.is(features[2]?.[0], -0)).toBe(true);
    expect(labels).toEqual([-0, 0.25, 10]);
  });

  it('stores float32 or float64 as asked', async () => {
    const path = writeCsv('x1,x2,label\n0.1,123456789.123,0\n');
    const [single] = (await readAll(spec(path, { featureDtype: 'float32' }))).batches as [RowBatch];
    const [double] = (await readAll(spec(path, { featureDtype: 'float64' }))).batches as [RowBatch];
    expect(single.features).toBeInstanceOf(Float32Array);
    expect(double.features).toBeInstanceOf(Float64Array);
    expect(Array.from(single.features)).toEqual([Math.fround(0.1), Math.fround(123456789.123)]);
    expect(Array.from(double.features)).toEqual([0.1, 123456789.123]);
    expect(single.labels).toBeInstanceOf(Float64Array);
  });

  it('carries extra columns as raw strings, never as numbers, and trims string labels', async () => {
    const path = writeCsv('id,x1,x2,label,region\n007, 1,2, spam ,  EU \n1e3,3,4,ham,\n');
    const { batches } = await readAll(spec(path, { labelType: 'string', extraColumns: ['region', 'id'] }));
    expect(flatten(batches)).toEqual({
      features: [
        [1, 2],
        [3, 4],
      ],
      labels: ['spam', 'ham'],
      extra: { region: ['  EU ', ''], id: ['007', '1e3'] },
    });
  });

  it('lets a column be a feature and an extra column, in the fast path too', async () => {
    const path = writeCsv('x1,x2,label\n1.50,2,0\n3,4,1\n');
    for (const tuning of [{}, { forceParser: true }]) {
      const { batches } = await readAll(spec(path, { extraColumns: ['label', 'x1'] }), tuning);
      expect(flatten(batches)).toEqual({
        features: [
          [1.5, 2],
          [3, 4],
        ],
        labels: [0, 1],
        extra: { label: ['0', '1'], x1: ['1.50', '3'] },
      });
    }
  });

  it('lets a feature be listed twice and a column be both a feature and an extra column', async () => {
    const path = writeCsv('x1,x2,label\n1,2,0\n3,4,1\n');
    const { batches } = await readAll(
      spec(path, { extraColumns: ['x1'], featureColumns: ['x2', 'x1', 'x2'] }),
    );
    expect(flatten(batches)).toEqual({
      features: [
        [2, 1, 2],
        [4, 3, 4],
      ],
      labels: [0, 1],
      extra: { x1: ['1', '3'] },
    });
  });

  it('skips blank lines anywhere but counts them, with their line numbers', async () => {
    const path = writeCsv('\nx1,x2,label\n1,2,0\n\n   \n3,4,1\r\n\r\n5,6,0\n\n');
    let reported: CsvReadStats | undefined;
    const { batches, stats } = await readAll(spec(path, { batchSize: 2, onEnd: (s) => (reported = s) }));
    expect(batches.map((batch) => [batch.rowCount, batch.firstLine])).toEqual([
      [2, 3],
      [1, 8],
    ]);
    expect(stats).toEqual({
      rows: 3,
      lines: 9,
      headerLine: 2,
      blankLines: 5,
      blankLineNumbers: [1, 4, 5, 7, 9],
      parserFromLine: null,
    });
    expect(reported).toEqual(stats);
  });

  it('counts lines right after quoted fields that span lines, in both line-break styles', async () => {
    for (const lineBreak of ['\n', '\r\n']) {
      const content = ['x1,x2,label,note', '1,2,0,"a', '', 'b"', '3,4,1,"c', 'd"', '', '5,6,0,e'].join(
        lineBreak,
      );
      const { batches, stats } = await readAll(
        spec(writeCsv(content), { batchSize: 1, extraColumns: ['note'] }),
      );
      expect(batches.map((batch) => batch.firstLine)).toEqual([2, 5, 8]);
      expect(flatten(batches).extra.note).toEqual([`a${lineBreak}${lineBreak}b`, `c${lineBreak}d`, 'e']);
      expect(stats).toMatchObject({ lines: 8, blankLines: 1, blankLineNumbers: [7] });
    }
  });

  it('splits quoted lines in place and hands over to csv-parse at a quoted line break', async () => {
    const rows = ['x1,x2,label,note'];
    for (let index = 0; index < 5000; index++) {
      const note = index === 3500 ? '"quoted, with comma"' : index === 4000 ? '"two\nlines"' : `n${index}`;
      rows.push(`${index},${-index / 8},${index % 2},${note}`);
    }
    const path = writeCsv(rows.join('\n') + '\n');
    for (const chunkBytes of [undefined, 4096, 1000]) {
      const tuning = chunkBytes === undefined ? {} : { chunkBytes };
      const { batches, stats } = await readAll(
        spec(path, { batchSize: 1000, extraColumns: ['note'] }),
        tuning,
      );
      const { features, labels, extra } = flatten(batches);
      expect(features).toHaveLength(5000);
      expect(features[4999]).toEqual([4999, -4999 / 8]);
      expect(labels[4999]).toBe(1);
      expect(extra.note?.[3500]).toBe('quoted, with comma');
      expect(extra.note?.[4000]).toBe('two\nlines');
      expect(extra.note?.[4001]).toBe('n4001');
      // Row index 3500 (line 3502) is split in place; the two-line cell of row 4000 (line 4002) needs csv-parse
      // and pushes later rows down one line.
      expect(stats.parserFromLine).toBe(4002);
      expect(batches.map((batch) => batch.firstLine)).toEqual([2, 1002, 2002, 3002, 4002]);
      expect(stats.lines).toBe(5002);
      const cut = await readAll(spec(path, { batchSize: 4001, extraColumns: ['note'] }), tuning);
      expect(cut.batches.map((batch) => batch.firstLine)).toEqual([2, 4004]);
    }
  });

  it.each([
    [1, [1]],
    [4, [4]],
    [5, [4, 1]],
    [9, [4, 4, 1]],
  ])('cuts %i rows into batches of %j with batchSize 4', async (rows, sizes) => {
    const lines = ['x1,x2,label'];
    for (let index = 0; index < rows; index++) lines.push(`${index},${index * 2},${index % 2}`);
    const path = writeCsv(lines.join('\n'));
    for (const tuning of [{}, { forceParser: true }]) {
      const { batches, stats } = await readAll(spec(path, { batchSize: 4, featureDtype: 'float32' }), tuning);
      expect(batches.map((batch) => batch.rowCount)).toEqual(sizes);
      expect(batches.map((batch) => batch.firstLine)).toEqual(sizes.map((_, index) => 2 + index * 4));
      for (const batch of batches) {
        expect(batch.features.length).toBe(batch.rowCount * 2);
        expect(batch.labels.length).toBe(batch.rowCount);
      }
      expect(flatten(batches).features.map((row) => row[0])).toEqual(
        Array.from({ length: rows }, (_, i) => i),
      );
      expect(stats.rows).toBe(rows);
    }
  });

  it('uses 8192-row batches by default, each with fresh arrays', async () => {
    const lines = ['x1,x2,label'];
    for (let index = 0; index < 8193; index++) lines.push(`${index},1,0`);
    const { batches } = await readAll(spec(writeCsv(lines.join('\n') + '\n')));
    expect(batches.map((batch) => batch.rowCount)).toEqual([8192, 1]);
    expect(batches[0]?.features.length).toBe(8192 * 2);
    expect(batches[1]?.features.buffer).not.toBe(batches[0]?.features.buffer);
    expect(Array.from(batches[1]?.features ?? [])).toEqual([8192, 1]);
  });

  it.skipIf(process.platform !== 'linux')('closes the file when the consumer stops early', async () => {
    const lines = ['x1,x2,label'];
    for (let index = 0; index < 3000; index++) lines.push(`${index},1,0${index === 1500 ? ',"a\nb"' : ''}`);
    lines[0] += ',note';
    for (let index = 1; index < lines.length; index++) if (!lines[index]?.includes('"')) lines[index] += ',n';
    const path = writeCsv(lines.join('\n'));
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    // Stop in the fast path, then in the csv-parse path (after line 1502), then at once.
    for (const batchesToRead of [1, 200, 0]) {
      const generator = readCsvBatches(spec(path, { batchSize: 10 }), { chunkBytes: 4096 });
      for (let read = 0; read < batchesToRead; read++) expect((await generator.next()).done).toBe(false);
      expect((await generator.return({} as CsvReadStats)).done).toBe(true);
      expect(openFiles()).toBe(before);
    }
  });

  it('rejects a batch size that is not a positive integer', async () => {
    const path = writeCsv('x1,x2,label\n1,2,0\n');
    await expect(readAll(spec(path, { batchSize: 0 }))).rejects.toThrow(RangeError);
  });
});

describe('readCsvBatches on bad files', () => {
  type Case = {
    name: string;
    file: string;
    overrides?: Partial<CsvReadSpec>;
    line: number | undefined;
    column: string | undefined;
    message: RegExp;
  };
  const cases: Case[] = [
    {
      name: 'an empty file',
      file: 'empty.csv',
      line: 1,
      column: undefined,
      message: /^holdout\.csv, line 1: the file is empty: expected a header line/,
    },
    {
      name: 'a file of blank lines',
      file: 'blank-lines-only.csv',
      line: 1,
      column: undefined,
      message: /the file has only blank lines \(3\): expected a header line/,
    },
    {
      name: 'a header without rows',
      file: 'header-only.csv',
      line: 1,
      column: undefined,
      message: /^holdout\.csv, line 1: the file has a header but no data rows/,
    },
    {
      name: 'a header followed by blank lines only',
      file: 'header-then-blank-lines.csv',
      line: 1,
      column: undefined,
      message: /no data rows \(only blank lines after it\)/,
    },
    {
      name: 'a duplicate column name',
      file: 'duplicate-header.csv',
      line: 1,
      column: 'x1',
      message: /^holdout\.csv, line 1, column 'x1': duplicate column name 'x1' \(columns 1 and 3\)/,
    },
    {
      name: 'a missing label column',
      file: 'too-few-fields.csv',
      overrides: { labelColumn: 'target' },
      line: 1,
      column: 'target',
      message: /the label column 'target' is not in the header\. Columns in the file: 'x1', 'x2', 'label'$/,
    },
    {
      name: 'a label column that differs in case',
      file: 'too-few-fields.csv',
      overrides: { labelColumn: 'Label' },
      line: 1,
      column: 'Label',
      message: /Did you mean 'label' for 'Label'\? Names must match exactly/,
    },
    {
      name: 'missing feature columns',
      file: 'too-few-fields.csv',
      overrides: { featureColumns: ['x1', 'x3', 'x4'] },
      line: 1,
      column: 'x3',
      message:
        /the feature columns 'x3', 'x4' are not in the header\. Columns in the file: 'x1', 'x2', 'label'/,
    },
    {
      name: 'a missing extra column',
      file: 'too-few-fields.csv',
      overrides: { extraColumns: ['region'] },
      line: 1,
      column: 'region',
      message: /the extra column 'region' is not in the header\. Columns in the file: 'x1', 'x2', 'label'/,
    },
    {
      name: 'a row with too few fields',
      file: 'too-few-fields.csv',
      line: 4,
      column: 'label',
      message:
        /^holdout\.csv, line 4, column 'label': expected 3 fields, as in the header, but found 2: the row has no value for this column$/,
    },
    {
      name: 'a row with too many fields',
      file: 'too-many-fields.csv',
      line: 4,
      column: undefined,
      message:
        /^holdout\.csv, line 4: expected 3 fields, as in the header, but found 4: 1 more than the header has/,
    },
    {
      name: 'an empty feature cell',
      file: 'empty-feature.csv',
      line: 4,
      column: 'x2',
      message: /^holdout\.csv, line 4, column 'x2': empty cell: every feature needs a value/,
    },
    {
      name: 'a feature cell of spaces',
      file: 'blank-feature.csv',
      line: 4,
      column: 'x2',
      message: /^holdout\.csv, line 4, column 'x2': empty cell \(' '\): every feature needs a value/,
    },
    {
      name: 'a non-numeric feature',
      file: 'non-numeric-feature.csv',
      line: 4,
      column: 'x2',
      message:
        /^holdout\.csv, line 4, column 'x2': value 'abc' is not a number: features must be decimal numbers/,
    },
    {
      name: 'a hexadecimal feature',
      file: 'hex-feature.csv',
      line: 4,
      column: 'x1',
      message: /column 'x1': value '0x1F' is not a decimal number \(hexadecimal, binary and octal/,
    },
    {
      name: 'a NaN feature',
      file: 'nan-feature.csv',
      line: 4,
      column: 'x2',
      message: /column 'x2': value 'NaN' is a missing value \(NaN\): features must be finite numbers/,
    },
    {
      name: 'an infinite feature',
      file: 'inf-feature.csv',
      line: 4,
      column: 'x2',
      message: /column 'x2': value '-inf' is infinite \(Inf\): features must be finite numbers/,
    },
    {
      name: 'a feature too large for float32',
      file: 'float32-overflow.csv',
      overrides: { featureDtype: 'float32' },
      line: 4,
      column: 'x2',
      message: /column 'x2': value '1e39' is too large for float32 .* would become Inf/,
    },
    {
      name: 'an empty label',
      file: 'empty-label.csv',
      line: 4,
      column: 'label',
      message: /^holdout\.csv, line 4, column 'label': empty label: every row needs a label$/,
    },
    {
      name: 'an empty string label',
      file: 'empty-label.csv',
      overrides: { labelType: 'string' },
      line: 4,
      column: 'label',
      message: /^holdout\.csv, line 4, column 'label': empty label: every row needs a label$/,
    },
    {
      name: 'a class name where numeric labels are expected',
      file: 'class-name-label.csv',
      line: 4,
      column: 'label',
      message:
        /column 'label': label 'cat' is not a number: .* if the labels are class names, the model must output string labels$/,
    },
    {
      name: 'an unclosed quote',
      file: 'unclosed-quote.csv',
      line: 4,
      column: undefined,
      message: /^holdout\.csv, line 4: a quoted field that starts in this row is never closed/,
    },
    {
      name: 'a bad cell after a quoted cell that spans two lines',
      file: 'bad-cell-after-multiline-quote.csv',
      line: 4,
      column: 'x2',
      message: /^holdout\.csv, line 4, column 'x2': value 'abc' is not a number/,
    },
  ];

  it.each(cases)('reports $name', async ({ file, overrides, line, column, message }) => {
    for (const tuning of [{}, { forceParser: true }]) {
      const error = await readError(spec(fixture(file), overrides), tuning);
      expect(error.message).toMatch(message);
      expect(error.location).toEqual({ file: 'holdout.csv', line, column });
    }
  });

  it.each([
    ['nan', 'missing value (NaN)'],
    ['-nan', 'missing value (NaN)'],
    ['NA', 'missing value (NaN)'],
    ['null', 'missing value (NaN)'],
    ['inf', 'infinite (Inf)'],
    ['Infinity', 'infinite (Inf)'],
    ['-infinity', 'infinite (Inf)'],
    ['+Inf', 'infinite (Inf)'],
    ['1e400', 'too large for a 64-bit float'],
    ['0b101', 'not a decimal number'],
    ['0O17', 'not a decimal number'],
    ['1_000', 'not a number'],
    ['1e', 'not a number'],
    ['.', 'not a number'],
    ['-', 'not a number'],
    ['1.2.3', 'not a number'],
    ['12abc', 'not a number'],
  ])('rejects the feature %j: %s', async (cell, problem) => {
    const path = writeCsv(`x1,x2,label\n1,2,0\n3,${cell},1\n`);
    for (const tuning of [{}, { forceParser: true }]) {
      const error = await readError(spec(path), tuning);
      expect(error.message).toContain(`holdout.csv, line 3, column 'x2': value '${cell}' is `);
      expect(error.message).toContain(problem);
    }
  });

  it.each([
    ['NaN', 'is a missing value (NaN)'],
    ['inf', 'is infinite (Inf)'],
    ['1e999', 'is infinite (Inf)'],
    ['0x10', 'is not a number'],
  ])('rejects the numeric label %j', async (cell, problem) => {
    const error = await readError(spec(writeCsv(`x1,x2,label\n1,2,${cell}\n`)));
    expect(error.message).toContain(`holdout.csv, line 2, column 'label': label '${cell}' ${problem}`);
  });

  it('quotes values with quotes or control characters in JSON style and shortens long ones', async () => {
    const path = writeCsv(`x1,x2,label\n1,"it's\ta",0\n1,${'9'.repeat(50)}x${'9'.repeat(50)},0\n`);
    const error = await readError(spec(path));
    expect(error.message).toContain(`value "it's\\ta" is not a number`);
    const long = await readError(spec(writeCsv(`x1,x2,label\n1,${'9'.repeat(50)}x${'9'.repeat(50)},0\n`)));
    expect(long.message).toContain(`value '${'9'.repeat(50)}x${'9'.repeat(6)}...' is not a number`);
  });

  it('rejects a file whose header holds NUL bytes', async () => {
    const error = await readError(spec(writeCsv('PAR1\u0000\u0001,x\n1,2\n')));
    expect(error.message).toMatch(/line 1: the header contains NUL bytes: this is not a text CSV file/);
  });

  it('rejects a record longer than the limit, quoted or not', async () => {
    const unclosed = writeCsv(`x1,x2,label\n1,2,0\n1,"${'a'.repeat(5000)}\n`);
    const quoted = await readError(spec(unclosed), { maxRecordChars: 1000, chunkBytes: 256 });
    expect(quoted.message).toMatch(
      /^holdout\.csv, line 3: the row starting on this line is longer than 1,000 characters/,
    );
    const noBreaks = writeCsv(`x1,x2,label\n1,2,0\n${'1'.repeat(5000)}`);
    const plain = await readError(spec(noBreaks), { maxRecordChars: 1000, chunkBytes: 256 });
    expect(plain.message).toMatch(
      /^holdout\.csv, line 3: the row starting on this line is longer than 1,000/,
    );
  });

  it('reports a bad line after yielding batches read from earlier chunks', async () => {
    const lines = ['x1,x2,label'];
    for (let index = 0; index < 50; index++) lines.push(`${index},1,0`);
    lines.push('1,abc,0');
    const generator = readCsvBatches(spec(writeCsv(lines.join('\n')), { batchSize: 10 }), {
      chunkBytes: 128,
    });
    const first = await generator.next();
    expect(first.done === false && first.value.rowCount).toBe(10);
    await expect(
      (async () => {
        while (!(await generator.next()).done);
      })(),
    ).rejects.toThrow(/line 52, column 'x2'/);
  });

  it('turns open errors into DataErrors that name the path as the user wrote it', async () => {
    const missing = await readError(spec(join(scratch, 'nope.csv')));
    expect(missing.message).toBe('holdout.csv: no such file');
    expect(missing.location).toEqual({ file: 'holdout.csv' });
    const folder = join(scratch, 'a-folder');
    mkdirSync(folder);
    const directory = await readError(spec(folder));
    expect(directory.message).toBe('holdout.csv: is a directory, not a CSV file');
    await expect(readCsvHeader(folder, 'data/')).rejects.toThrow('data/: is a directory, not a CSV file');
    const denied = fileAccessError(Object.assign(new Error('EACCES'), { code: 'EACCES' }), 'secret.csv');
    expect(denied).toBeInstanceOf(DataError);
    expect((denied as DataError).message).toBe('secret.csv: permission denied: the file cannot be read');
  });
});

describe('readCsvHeader', () => {
  it('reads only the header and validates it', async () => {
    expect(await readCsvHeader(fixture('good-quoted.csv'), 'g.csv')).toEqual([
      'sepal length (cm)',
      'petal.width',
      'name, with comma',
      'say "hi"',
      'label',
    ]);
    // A bad row later on does not matter to the header.
    expect(await readCsvHeader(fixture('non-numeric-feature.csv'), 'n.csv')).toEqual(['x1', 'x2', 'label']);
    expect(await readCsvHeader(writeCsv('\n\n a,b\n'), 'b.csv')).toEqual([' a', 'b']);
    await expect(readCsvHeader(fixture('empty.csv'), 'e.csv')).rejects.toThrow(
      'e.csv, line 1: the file is empty: expected a header line with the column names',
    );
    await expect(readCsvHeader(fixture('duplicate-header.csv'), 'd.csv')).rejects.toThrow(
      "d.csv, line 1, column 'x1': duplicate column name 'x1'",
    );
  });
});
