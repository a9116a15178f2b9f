/**
 * Property test: on random files in every quoting style (none, pandas' minimal, R's all strings, random, and
 * irregular quotes that only csv-parse's relax_quotes reads), the fast path with its quoted-line splitter and
 * csv-parse give identical batches, stats and errors at random chunk sizes, and match values computed
 * independently.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvBatches, type CsvReadSpec, type CsvScanTuning } from '../../src/data/csv-reader.js';

const scratch = mkdtempSync(join(tmpdir(), 'model-gate-csv-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Everything a read produced, as plain data, or the error it stopped with; and where csv-parse took over. */
async function outcome(spec: CsvReadSpec, tuning: CsvScanTuning) {
  const batches: unknown[] = [];
  try {
    const generator = readCsvBatches(spec, tuning);
    for (;;) {
      const step = await generator.next();
      if (step.done) {
        const { parserFromLine, ...stats } = step.value;
        return { result: { batches, stats }, parserFromLine };
      }
      const batch = step.value;
      batches.push({
        rowCount: batch.rowCount,
        firstLine: batch.firstLine,
        featureType: batch.features.constructor.name,
        features: Array.from(batch.features),
        labels: Array.from(batch.labels as ArrayLike<number | string>),
        extra: batch.extra,
      });
    }
  } catch (error) {
    const { message, location } = error as { message: string; location: unknown };
    return { result: { error: { message, location } }, parserFromLine: undefined };
  }
}

type QuoteStyle = 'none' | 'minimal' | 'all-strings' | 'random' | 'irregular';

const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

describe('fast path, quoted-line splitter and csv-parse', () => {
  it('agree on random files in every quoting style, at random chunk sizes', async () => {
    const next = random(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const integer = (limit: number) => Math.floor(next() * limit);
    const formatNumber = (value: number): string =>
      pick([
        () => value.toFixed(integer(7)),
        () => value.toExponential(integer(5)),
        () => String(value), // up to 17 digits, as Python's repr writes them
        () => String(Math.round(value)),
        () => (value < 0 ? '-0' : '0.0'),
        () => ` ${value.toFixed(2)}`,
      ])();
    const styles: Record<QuoteStyle, number> = {
      none: 0,
      minimal: 0,
      'all-strings': 0,
      random: 0,
      irregular: 0,
    };
    let checkedRuns = 0;
    let errorRuns = 0;
    let splitterRuns = 0;
    let parserRuns = 0;
    for (let trial = 0; trial < 80; trial++) {
      const style = pick(['none', 'minimal', 'all-strings', 'random', 'irregular'] as const);
      styles[style]++;
      const featureCount = 1 + integer(4);
      const names = [...Array.from({ length: featureCount }, (_, index) => `f ${index}`), 'label', 'note'];
      const order = [...names].sort(() => next() - 0.5);
      const labelType = pick(['number', 'string'] as const);
      const featureDtype = pick(['float32', 'float64'] as const);
      const lineBreak = pick(['\n', '\r\n']);
      const notePool =
        style === 'none'
          ? ['a', 'b c', '', 'x.y', ' z ']
          : ['a', 'b c', '', ' z ', 'with, comma', 'say "hi"', '""', ','];
      // A quoted line break sends the rest of the file to csv-parse; half the files have some.
      if (style !== 'none' && next() < 0.5) notePool.push(`two${lineBreak}lines`, `${lineBreak}`);
      const encode = (value: string, isString: boolean): string => {
        switch (style) {
          case 'none':
            return value;
          case 'minimal':
          case 'irregular':
            return /[",\r\n]/.test(value) ? quote(value) : value;
          case 'all-strings':
            return isString ? quote(value) : value;
          case 'random':
            return /[",\r\n]/.test(value) || next() < 0.3 ? quote(value) : value;
        }
      };
      const header = order.map((name) =>
        style === 'all-strings' || (style === 'random' && next() < 0.3) ? quote(name) : name,
      );
      const rows: string[][] = [];
      const blanksBefore: string[][] = [];
      const rowCount = 1 + integer(150);
      const expected = {
        features: [] as number[][],
        labels: [] as (number | string)[],
        notes: [] as string[],
      };
      for (let row = 0; row < rowCount; row++) {
        const blanks: string[] = [];
        while (next() < 0.05) blanks.push(pick(['', '  ', '\t']));
        blanksBefore.push(blanks);
        const values: Record<string, string> = {};
        const features: number[] = [];
        names.slice(0, featureCount).forEach((name) => {
          const text = formatNumber((next() - 0.5) * 10 ** integer(8));
          values[name] = encode(text, false);
          features.push(featureDtype === 'float32' ? Math.fround(+text) : +text);
        });
        const label =
          labelType === 'number'
            ? String(integer(3))
            : pick(style === 'none' ? ['cat', ' dog ', 'bird'] : ['cat', ' dog ', 'a,b']);
        values.label = encode(label, labelType === 'string');
        let note = pick(notePool);
        values.note = encode(note, true);
        if (style === 'irregular' && next() < 0.1) {
          // Quotes csv-parse reads with relax_quotes: a quote inside an unquoted field, text after a closing one.
          values.note = pick(['5" screen', 'x"', '"a"b', '"a" ']);
          note = '';
        }
        expected.features.push(features);
        expected.labels.push(labelType === 'number' ? +label : label.trim());
        expected.notes.push(note);
        rows.push(order.map((name) => values[name] as string));
      }
      // Sometimes spoil one cell, the same way in every read: all reads must report the same error.
      const spoil = next() < 0.25;
      if (spoil) {
        errorRuns++;
        const cells = rows[integer(rowCount)] as string[];
        // String labels take any text but an empty one, so spoil features (and numeric labels).
        const spoilable = names.slice(0, labelType === 'number' ? featureCount + 1 : featureCount);
        if (next() < 0.2) cells.pop();
        else cells[order.indexOf(pick(spoilable))] = pick(['', 'abc', 'nan', '0x1F', 'inf', '"abc"', '" "']);
      }
      const lines = [header.join(',')];
      const rowLines: number[] = [];
      let physicalLine = 1;
      rows.forEach((cells, row) => {
        for (const blank of blanksBefore[row] as string[]) {
          lines.push(blank);
          physicalLine++;
        }
        rowLines.push(++physicalLine);
        const line = cells.join(',');
        physicalLine += line.split(lineBreak).length - 1;
        lines.push(line);
      });
      const content = lines.join(lineBreak) + (next() < 0.5 ? lineBreak : '');
      const path = join(scratch, `trial-${trial}.csv`);
      writeFileSync(path, content);
      const spec = {
        path,
        displayPath: 'data.csv',
        featureColumns: names.slice(0, featureCount),
        labelColumn: 'label',
        labelType,
        // Extra columns may also be a feature or the label (a slice column the model reads too).
        extraColumns: next() < 0.3 ? ['note', 'f 0', 'label'] : ['note'],
        featureDtype,
        batchSize: 1 + integer(40),
      };
      const parser = await outcome(spec, { forceParser: true });
      const reads = [await outcome(spec, {}), await outcome(spec, { chunkBytes: 16 + integer(400) })];
      for (const read of reads) expect(read.result, `trial ${trial} (${style})`).toEqual(parser.result);
      const parserFromLine = reads[0]?.parserFromLine;
      if (content.includes('"') && parserFromLine === null) splitterRuns++;
      if (parserFromLine !== null) parserRuns++;
      if (spoil) {
        expect(parser.result.error, `trial ${trial}`).toBeDefined();
      } else if (style !== 'irregular') {
        checkedRuns++;
        const { batches, error } = parser.result;
        expect(error, `trial ${trial}`).toBeUndefined();
        const all = batches as {
          firstLine: number;
          features: number[];
          labels: unknown[];
          extra: { note: string[] };
        }[];
        expect(all.flatMap((batch) => batch.features)).toEqual(expected.features.flat());
        expect(all.flatMap((batch) => batch.labels)).toEqual(expected.labels);
        expect(all.flatMap((batch) => batch.extra.note)).toEqual(expected.notes);
        expect(all[0]?.firstLine).toBe(rowLines[0]);
      }
    }
    expect(Object.values(styles).every((count) => count >= 8)).toBe(true);
    expect(checkedRuns).toBeGreaterThan(30);
    expect(errorRuns).toBeGreaterThan(8);
    expect(splitterRuns).toBeGreaterThan(10);
    expect(parserRuns).toBeGreaterThan(10);
  });
});
