/**
 * Turns CSV records into RowBatches: picks the model's feature columns in the model's order, converts and
 * validates every cell, and cuts a fresh batch every `batchSize` rows.
 *
 * Speed: this is the per-cell loop of the whole tool, in two forms that give the same result.
 * - `addLine` reads a quote-free line in place: plain decimals straight from its characters (DecimalCursor,
 *   exact), other cells through `+cell` as below; no field array, no cell strings. It declines any line that
 *   is not a well-formed row of good values, and `add` then reads it (and reports the error).
 * - `add` takes split fields. A cell is converted with unary `+` (V8's fastest string-to-double) and accepted
 *   at once when the result is in range and the cell starts with a digit, a sign or a point (and is not
 *   `0x`/`0b`/`0o`): for such a cell `+` reads exactly the decimal grammar that parseNumericCell accepts.
 *   Anything else ('' and ' ', which `+` turns into 0; hex; NaN; Inf; text) takes the strict slow path, which
 *   returns the same value or throws a DataError naming line, column and value.
 */
import { csvDataError, quoteValue } from './csv-data-error.js';
import { findCsvColumns } from './csv-header.js';
import type { CsvReadSpec, RowBatch } from './csv-read-spec.js';
import { DecimalCursor } from './decimal-cursor.js';
import { FLOAT32_OVERFLOW, parseNumericCell, type NumericCellProblem } from './numeric-cell.js';

export const DEFAULT_BATCH_SIZE = 8192;

/** Roles of a file column in `addLine`: a feature slot (>= 0), or one of these. */
const IGNORED_ROLE = -1;
const LABEL_ROLE = -2;

export class RowBatchBuilder {
  /** Rows added so far, over all batches. */
  rowsAdded = 0;
  private readonly header: string[];
  private readonly fieldCount: number;
  private readonly featureIndexes: Int32Array;
  private readonly labelIndex: number;
  private readonly extraIndexes: number[];
  private readonly extraNames: string[];
  private readonly batchSize: number;
  private readonly featureCount: number;
  /** Magnitude at which a feature overflows its type. */
  private readonly featureLimit: number;
  private readonly float32: boolean;
  private readonly numericLabels: boolean;
  private readonly displayPath: string;
  private completed: RowBatch[] = [];
  /** Per file column: feature slot or label; and which extra column (or -1) it also is. Null: addLine declines. */
  private readonly layout: { roles: Int32Array; extraSlots: Int32Array } | null;
  private readonly cursor = new DecimalCursor();
  private readonly rowExtras: string[];

  private rowCount = 0;
  private firstLine = 0;
  private features: Float32Array | Float64Array;
  private labelNumbers: Float64Array;
  private labelStrings: string[] = [];
  private extra: string[][] = [];

  constructor(spec: CsvReadSpec, header: string[], headerLine: number) {
    this.header = header;
    this.displayPath = spec.displayPath;
    this.fieldCount = header.length;
    // No label column: labelIndex -1, and the label steps below are skipped (labels stay empty).
    this.labelIndex =
      spec.labelColumn === null
        ? -1
        : (findCsvColumns(header, [spec.labelColumn], 'label', headerLine, spec.displayPath)[0] as number);
    this.featureIndexes = Int32Array.from(
      findCsvColumns(header, spec.featureColumns, 'feature', headerLine, spec.displayPath),
    );
    this.extraNames = spec.extraColumns ?? [];
    this.extraIndexes = findCsvColumns(header, this.extraNames, 'extra', headerLine, spec.displayPath);
    this.batchSize = spec.batchSize ?? DEFAULT_BATCH_SIZE;
    this.featureCount = spec.featureColumns.length;
    this.float32 = spec.featureDtype === 'float32';
    this.featureLimit = this.float32 ? FLOAT32_OVERFLOW : Infinity;
    this.numericLabels = spec.labelType === 'number';
    this.features = this.newFeatures();
    this.labelNumbers = new Float64Array(this.numericLabels ? this.batchSize : 0);
    this.layout = columnLayout(header.length, this.labelIndex, this.featureIndexes, this.extraIndexes);
    this.rowExtras = this.extraNames.map(() => '');
    this.startBatch();
  }

  /**
   * The fast path for a quote-free line, read in place (`text.slice(start, end)` is the line, without its
   * line break; `text.charCodeAt(end)` is a line break or past the end). Returns false, having kept nothing,
   * when the line is anything but a well-formed row of plain values: the caller then splits it and calls
   * `add`, which yields the same values or the DataError, so both paths agree by construction.
   */
  addLine(text: string, start: number, end: number, line: number): boolean {
    const layout = this.layout;
    if (layout === null) return false;
    const { roles, extraSlots } = layout;
    const row = this.rowCount;
    const features = this.features;
    const offset = row * this.featureCount;
    const limit = this.featureLimit;
    const cursor = this.cursor;
    let label = '';
    let position = start;
    for (let column = 0; column < roles.length; column++) {
      if (column > 0) {
        if (position === end) return false; // fewer fields than the header
        position++; // the comma
      }
      const fieldStart = position;
      const role = roles[column] as number;
      if (role >= 0 || (role === LABEL_ROLE && this.numericLabels)) {
        cursor.position = position;
        let value = cursor.read(text, end);
        if (value === value) {
          position = cursor.position;
        } else {
          const fieldEnd = fieldEndAt(text, position, end);
          const cell = text.slice(position, fieldEnd);
          value = +cell;
          const bound = role >= 0 ? limit : Infinity;
          if (!(value < bound && value > -bound && startsLikeDecimal(cell))) return false;
          position = fieldEnd;
        }
        if (role >= 0) features[offset + role] = value;
        else this.labelNumbers[row] = value;
      } else {
        const fieldEnd = fieldEndAt(text, position, end);
        if (role === LABEL_ROLE) {
          label = text.slice(position, fieldEnd).trim();
          if (label === '') return false;
        }
        position = fieldEnd;
      }
      const extraSlot = extraSlots[column] as number;
      if (extraSlot >= 0) this.rowExtras[extraSlot] = text.slice(fieldStart, position);
    }
    if (position !== end) return false; // more fields than the header
    if (!this.numericLabels) this.labelStrings.push(label);
    const rowExtras = this.rowExtras;
    for (let column = 0; column < rowExtras.length; column++) {
      (this.extra[column] as string[]).push(rowExtras[column] as string);
    }
    if (row === 0) this.firstLine = line;
    this.rowCount = row + 1;
    if (this.rowCount === this.batchSize) this.completeBatch();
    return true;
  }

  /** Adds one data record; throws a DataError on a bad row. Completes a batch every `batchSize` rows. */
  add(fields: string[], line: number): void {
    if (fields.length !== this.fieldCount) throw this.fieldCountError(fields.length, line);
    const row = this.rowCount;
    if (row === 0) this.firstLine = line;
    const features = this.features;
    const indexes = this.featureIndexes;
    const limit = this.featureLimit;
    const count = indexes.length;
    const offset = row * count;
    for (let feature = 0; feature < count; feature++) {
      const cell = fields[indexes[feature] as number] as string;
      const value = +cell;
      if (value < limit && value > -limit && startsLikeDecimal(cell)) {
        features[offset + feature] = value;
      } else {
        features[offset + feature] = this.slowFeature(cell, feature, line);
      }
    }
    const labelCell = fields[this.labelIndex] as string;
    if (this.labelIndex < 0) {
      // No label column to read.
    } else if (this.numericLabels) {
      const value = +labelCell;
      this.labelNumbers[row] =
        value < Infinity && value > -Infinity && startsLikeDecimal(labelCell)
          ? value
          : this.slowLabel(labelCell, line);
    } else {
      const label = labelCell.trim();
      if (label === '') throw this.emptyLabel(labelCell, line);
      this.labelStrings.push(label);
    }
    const extraIndexes = this.extraIndexes;
    for (let column = 0; column < extraIndexes.length; column++) {
      (this.extra[column] as string[]).push(fields[extraIndexes[column] as number] as string);
    }
    this.rowCount = row + 1;
    if (this.rowCount === this.batchSize) this.completeBatch();
  }

  /** Completes the last, partial batch. */
  finish(): void {
    if (this.rowCount > 0) this.completeBatch();
  }

  /** Batches completed since the last call. */
  takeCompleted(): RowBatch[] {
    const batches = this.completed;
    this.completed = [];
    return batches;
  }

  private completeBatch(): void {
    const rows = this.rowCount;
    const full = rows === this.batchSize;
    const extra: Record<string, string[]> = {};
    this.extraNames.forEach((name, column) => {
      extra[name] = this.extra[column] as string[];
    });
    this.completed.push({
      rowCount: rows,
      firstLine: this.firstLine,
      features: full ? this.features : this.features.slice(0, rows * this.featureCount),
      labels:
        this.labelIndex < 0
          ? new Float64Array(0)
          : this.numericLabels
            ? full
              ? this.labelNumbers
              : this.labelNumbers.slice(0, rows)
            : this.labelStrings,
      extra,
    });
    this.rowsAdded += rows;
    this.features = this.newFeatures();
    if (this.numericLabels) this.labelNumbers = new Float64Array(this.batchSize);
    this.startBatch();
  }

  private startBatch(): void {
    this.rowCount = 0;
    this.labelStrings = [];
    this.extra = this.extraNames.map(() => []);
  }

  private newFeatures(): Float32Array | Float64Array {
    const length = this.batchSize * this.featureCount;
    return this.float32 ? new Float32Array(length) : new Float64Array(length);
  }

  private slowFeature(cell: string, feature: number, line: number): number {
    const result = parseNumericCell(cell, this.featureLimit);
    if (result.ok) return result.value;
    const column = this.header[this.featureIndexes[feature] as number] as string;
    throw csvDataError(this.displayPath, line, column, featureProblem(result.problem, cell, this.float32));
  }

  private slowLabel(cell: string, line: number): number {
    const result = parseNumericCell(cell, Infinity);
    if (result.ok) return result.value;
    if (result.problem === 'empty') throw this.emptyLabel(cell, line);
    const column = this.header[this.labelIndex] as string;
    throw csvDataError(this.displayPath, line, column, labelProblem(result.problem, cell));
  }

  private emptyLabel(cell: string, line: number) {
    const shown = cell === '' ? '' : ` (${quoteValue(cell)})`;
    return csvDataError(
      this.displayPath,
      line,
      this.header[this.labelIndex],
      `empty label${shown}: every row needs a label`,
    );
  }

  private fieldCountError(found: number, line: number) {
    const expected = this.fieldCount;
    const counts = `expected ${expected} fields, as in the header, but found ${found}`;
    if (found < expected) {
      const column = this.header[found] as string;
      const after = found + 1 < expected ? ' and the columns after it' : '';
      return csvDataError(
        this.displayPath,
        line,
        column,
        `${counts}: the row has no value for this column${after}`,
      );
    }
    return csvDataError(
      this.displayPath,
      line,
      undefined,
      `${counts}: ${found - expected} more than the header has (a comma inside a value must be quoted: "1,5")`,
    );
  }
}

/** The index of the comma that ends the field starting at `position`, or `end`. */
function fieldEndAt(text: string, position: number, end: number): number {
  const comma = text.indexOf(',', position);
  return comma === -1 || comma > end ? end : comma;
}

/**
 * What addLine does with each file column: read it as a feature or the label (one of the two at most), and
 * keep its text as an extra column (at most one). Null when a column is used twice in one of those ways (the
 * same feature twice, the label as a feature): addLine then declines and `add` reads every row.
 */
function columnLayout(
  columnCount: number,
  labelIndex: number,
  featureIndexes: Int32Array,
  extraIndexes: number[],
): { roles: Int32Array; extraSlots: Int32Array } | null {
  const roles = new Int32Array(columnCount).fill(IGNORED_ROLE);
  const extraSlots = new Int32Array(columnCount).fill(-1);
  if (labelIndex >= 0) roles[labelIndex] = LABEL_ROLE;
  for (let slot = 0; slot < featureIndexes.length; slot++) {
    const column = featureIndexes[slot] as number;
    if (roles[column] !== IGNORED_ROLE) return null;
    roles[column] = slot;
  }
  for (let extra = 0; extra < extraIndexes.length; extra++) {
    const column = extraIndexes[extra] as number;
    if (extraSlots[column] !== -1) return null;
    extraSlots[column] = extra;
  }
  return { roles, extraSlots };
}

/**
 * True when the cell starts with 1-9, '-', '.', '+', or a '0' not followed by x / b / o (a radix literal such
 * as 0x1F): then a finite `+cell` read the cell as a plain decimal, possibly with trailing spaces.
 */
function startsLikeDecimal(cell: string): boolean {
  const first = cell.charCodeAt(0);
  if (first >= 49 && first <= 57) return true;
  if (first === 48) {
    const lower = cell.charCodeAt(1) | 32;
    return lower !== 120 && lower !== 98 && lower !== 111;
  }
  return first === 45 || first === 46 || first === 43;
}

function featureProblem(problem: NumericCellProblem, cell: string, float32: boolean): string {
  const value = quoteValue(cell);
  switch (problem) {
    case 'empty':
      return `empty cell${cell === '' ? '' : ` (${value})`}: every feature needs a value (model-gate does not fill in missing values)`;
    case 'missing-marker':
      return `value ${value} is a missing value (NaN): features must be finite numbers; fill or drop missing values before evaluating`;
    case 'infinite':
      return `value ${value} is infinite (Inf): features must be finite numbers`;
    case 'radix':
      return `value ${value} is not a decimal number (hexadecimal, binary and octal literals are not read): features must be decimal numbers`;
    case 'not-decimal':
      return `value ${value} is not a number: features must be decimal numbers such as -1.5 or 2e-3`;
    case 'overflow':
      return float32
        ? `value ${value} is too large for float32 (the model's input type; largest 3.4028235e38) and would become Inf: features must be finite numbers`
        : `value ${value} is too large for a 64-bit float and would become Inf: features must be finite numbers`;
  }
}

function labelProblem(problem: Exclude<NumericCellProblem, 'empty'>, cell: string): string {
  const value = quoteValue(cell);
  switch (problem) {
    case 'missing-marker':
      return `label ${value} is a missing value (NaN): every row needs a finite numeric label`;
    case 'infinite':
    case 'overflow':
      return `label ${value} is infinite (Inf): labels must be finite numbers`;
    case 'radix':
    case 'not-decimal':
      return (
        `label ${value} is not a number: the model outputs numeric labels, so the label column must hold ` +
        'decimal numbers; if the labels are class names, the model must output string labels'
      );
  }
}
