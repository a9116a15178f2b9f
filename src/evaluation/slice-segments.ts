/**
 * Slices (issue 5): one Segment per value of each slice column, fed the rows of that value from every batch.
 * Slice columns are read as raw text (never parsed, never fed to a model). A column with more distinct values
 * than MAX_SLICE_VALUES is not a slice column (an id, a timestamp): a ConfigurationError says so.
 */
import { ConfigurationError } from '../errors.js';
import type { ModelRows } from './paired-outcomes.js';
import type { Segment } from './segment.js';

export const MAX_SLICE_VALUES = 1000;

/** Row indices of a batch grouped by the value of one column, in first-seen order. */
function groupRows(values: readonly string[], rowCount: number): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let row = 0; row < rowCount; row++) {
    const value = values[row] as string;
    let rows = groups.get(value);
    if (rows === undefined) {
      rows = [];
      groups.set(value, rows);
    }
    rows.push(row);
  }
  return groups;
}

function gatherInt(source: Int32Array, rows: readonly number[]): Int32Array {
  return Int32Array.from(rows, (row) => source[row] as number);
}

function gatherFloat(source: Float32Array | Float64Array, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (row) => source[row] as number);
}

function gatherMatrix(
  source: Float32Array | Float64Array,
  rows: readonly number[],
  width: number,
): Float64Array {
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, index) => {
    for (let column = 0; column < width; column++)
      out[index * width + column] = source[row * width + column] as number;
  });
  return out;
}

function gatherModelRows(rows: ModelRows, indices: readonly number[], classCount: number): ModelRows {
  return {
    predicted: gatherInt(rows.predicted, indices),
    probabilities: rows.probabilities === null ? null : gatherMatrix(rows.probabilities, indices, classCount),
  };
}

export class SliceSegments {
  private readonly segments = new Map<string, Map<string, Segment>>();

  constructor(
    private readonly columns: readonly string[],
    private readonly createSegment: () => Segment,
    private readonly dataPath: string,
  ) {
    for (const column of columns) this.segments.set(column, new Map());
  }

  private segmentFor(column: string, value: string): Segment {
    const byValue = this.segments.get(column) as Map<string, Segment>;
    let segment = byValue.get(value);
    if (segment === undefined) {
      if (byValue.size >= MAX_SLICE_VALUES) {
        throw new ConfigurationError(
          `Slice column '${column}' of '${this.dataPath}' has more than ${MAX_SLICE_VALUES} distinct values: ` +
            'slice on a column with a few groups (a country, a device, a segment), not on an id or a number',
          { file: this.dataPath, column },
        );
      }
      segment = this.createSegment();
      byValue.set(value, segment);
    }
    return segment;
  }

  addClassification(
    extra: Record<string, string[]>,
    trueIndex: Int32Array,
    candidate: ModelRows,
    baseline: ModelRows,
    classCount: number,
    rowCount: number,
  ): void {
    for (const column of this.columns) {
      for (const [value, rows] of groupRows(extra[column] ?? [], rowCount)) {
        this.segmentFor(column, value).addClassification(
          gatherInt(trueIndex, rows),
          gatherModelRows(candidate, rows, classCount),
          gatherModelRows(baseline, rows, classCount),
          rows.length,
        );
      }
    }
  }

  addRegression(
    extra: Record<string, string[]>,
    truth: Float64Array,
    candidate: Float32Array | Float64Array,
    baseline: Float32Array | Float64Array,
    rowCount: number,
  ): void {
    for (const column of this.columns) {
      for (const [value, rows] of groupRows(extra[column] ?? [], rowCount)) {
        this.segmentFor(column, value).addRegression(
          gatherFloat(truth, rows),
          gatherFloat(candidate, rows),
          gatherFloat(baseline, rows),
          rows.length,
        );
      }
    }
  }

  /** Every (column, value, segment), columns in the given order, values sorted for a stable report. */
  entries(): Array<{ column: string; value: string; segment: Segment }> {
    const list: Array<{ column: string; value: string; segment: Segment }> = [];
    for (const column of this.columns) {
      const byValue = this.segments.get(column) as Map<string, Segment>;
      const values = [...byValue.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      for (const value of values) list.push({ column, value, segment: byValue.get(value) as Segment });
    }
    return list;
  }
}
