/**
 * Strict number parsing for CSV cells: the slow path behind the reader's inline `+cell` check.
 *
 * A cell is a number when, after trimming surrounding whitespace, it is a plain decimal literal:
 * an optional sign, digits with an optional decimal point (or a point and digits), and an optional
 * exponent (`-1.5`, `.5`, `3.`, `1e-7`, `+2E+10`). This is exactly the decimal grammar of JavaScript's
 * `Number(string)` without its extras: `Number` also turns '' and ' ' into 0, reads `0x1F`, `0b1` and `0o7`
 * as radix literals and accepts `Infinity`; all of those are rejected here, as are NaN markers. The value
 * must also fit the destination type: a float32 feature beyond +-3.4e38 would silently become Inf.
 */

/** Numbers at or beyond this magnitude round to Infinity when stored in a Float32Array. */
export const FLOAT32_OVERFLOW = 2 ** 128 - 2 ** 103;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const RADIX = /^0[xXbBoO]/;
const INFINITY = /^[+-]?inf(?:inity)?$/i;
/** pandas' default missing-value markers (read_csv `na_values`), plus R's `NA`: all mean "no value here". */
const MISSING_MARKERS = new Set([
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

export type NumericCellProblem =
  'empty' | 'missing-marker' | 'infinite' | 'radix' | 'not-decimal' | 'overflow';

export type NumericCellResult = { ok: true; value: number } | { ok: false; problem: NumericCellProblem };

/**
 * Parses one cell strictly. `limit` is the magnitude from which the destination type overflows:
 * `Infinity` for float64, {@link FLOAT32_OVERFLOW} for float32.
 */
export function parseNumericCell(cell: string, limit: number): NumericCellResult {
  const text = cell.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (DECIMAL.test(text)) {
    const value = +text;
    if (value < limit && value > -limit) return { ok: true, value };
    return { ok: false, problem: 'overflow' };
  }
  if (MISSING_MARKERS.has(text) || /^[+-]?nan$/i.test(text)) return { ok: false, problem: 'missing-marker' };
  if (INFINITY.test(text)) return { ok: false, problem: 'infinite' };
  if (RADIX.test(text)) return { ok: false, problem: 'radix' };
  return { ok: false, problem: 'not-decimal' };
}
