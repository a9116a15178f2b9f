/**
 * One shape for every CSV data message: `<file>, line <n>, column '<name>': <what is wrong and the rule>`,
 * with the same facts in the error's `location`, so the CLI prints it and the action annotates it.
 */
import { DataError } from '../errors.js';

const LONGEST_QUOTED_VALUE = 60;

/** Quotes a cell for a message: single quotes, or JSON escapes when it holds quotes or control characters. */
export function quoteValue(value: string): string {
  const shown =
    value.length > LONGEST_QUOTED_VALUE ? `${value.slice(0, LONGEST_QUOTED_VALUE - 3)}...` : value;
  // eslint-disable-next-line no-control-regex
  if (/['\u0000-\u001f\u007f]/.test(shown)) return JSON.stringify(shown);
  return `'${shown}'`;
}

export function csvDataError(
  file: string,
  line: number | undefined,
  column: string | undefined,
  detail: string,
) {
  let where = file;
  if (line !== undefined) where += `, line ${line}`;
  if (column !== undefined) where += `, column ${quoteValue(column)}`;
  const location: { file: string; line?: number; column?: string } = { file };
  if (line !== undefined) location.line = line;
  if (column !== undefined) location.column = column;
  return new DataError(`${where}: ${detail}`, location);
}
