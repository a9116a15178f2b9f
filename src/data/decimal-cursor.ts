/**
 * Reads a plain decimal number straight from the characters of a CSV line, without cutting the cell out as a
 * string first: the reader's fastest path for numeric files.
 *
 * Exactness (Clinger 1990, "How to read floating point numbers accurately", PLDI; the "fast path" used by
 * every correct strtod, e.g. fast_float): a decimal m x 10^e with an integer m < 2^53 and |e| <= 22 is one
 * IEEE operation on two exactly representable numbers (m, and 10^|e|, exact up to 10^22), so m * 10^e or
 * m / 10^-e is correctly rounded: the same double as `Number(cell)`. Cells outside that range (17-digit
 * floats, large exponents) and anything that is not a plain decimal make `read` return NaN, and the caller
 * falls back to `+cell` and the strict checks.
 */

const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
const EXACT_INTEGER_LIMIT = 2 ** 53;

export class DecimalCursor {
  /** Where the next read starts; after a successful read, the character after the number. */
  position = 0;

  /**
   * Reads `[+-]digits[.digits][(e|E)[+-]digits]` at `position`, which must be followed by a ',' or by `end`.
   * Returns the value (advancing `position`) or NaN (leaving it) when the cell is anything else or outside the
   * exact range. Contract: `text.charCodeAt(end)` is a line break or past the end of `text`, never a digit,
   * sign, point, 'e' or comma; so the scan needs no bounds checks.
   */
  read(text: string, end: number): number {
    let index = this.position;
    let code = text.charCodeAt(index);
    let negative = false;
    if (code === 45 || code === 43) {
      negative = code === 45;
      code = text.charCodeAt(++index);
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits++;
      code = text.charCodeAt(++index);
    }
    if (code === 46) {
      code = text.charCodeAt(++index);
      while (code >= 48 && code <= 57) {
        mantissa = mantissa * 10 + (code - 48);
        digits++;
        exponent--;
        code = text.charCodeAt(++index);
      }
    }
    if (digits === 0 || !(mantissa < EXACT_INTEGER_LIMIT)) return NaN;
    if (code === 101 || code === 69) {
      code = text.charCodeAt(++index);
      let exponentNegative = false;
      if (code === 45 || code === 43) {
        exponentNegative = code === 45;
        code = text.charCodeAt(++index);
      }
      let written = 0;
      let exponentDigits = 0;
      while (code >= 48 && code <= 57) {
        if (written < 1000) written = written * 10 + (code - 48);
        exponentDigits++;
        code = text.charCodeAt(++index);
      }
      if (exponentDigits === 0) return NaN;
      exponent += exponentNegative ? -written : written;
    }
    if (index !== end && code !== 44) return NaN;
    let value: number;
    if (exponent >= 0) {
      if (exponent > 22) return NaN;
      value = mantissa * (POWERS_OF_TEN[exponent] as number);
    } else {
      if (exponent < -22) return NaN;
      value = mantissa / (POWERS_OF_TEN[-exponent] as number);
    }
    this.position = index;
    return negative ? -value : value;
  }
}
