/**
 * Header rules of the CSV reader: names must be unique, the file must be text, and a column the run needs
 * must be in the header (the message lists the columns there are, and points at a near miss).
 */
import { csvDataError, quoteValue } from './csv-data-error.js';

const LISTED_COLUMNS = 30;

/** Throws a DataError when the header has a duplicate name or looks like binary data. */
export function checkCsvHeader(header: string[], line: number, displayPath: string): void {
  const seen = new Map<string, number>();
  for (let index = 0; index < header.length; index++) {
    const name = header[index] as string;
    if (name.includes('\u0000')) {
      throw csvDataError(
        displayPath,
        line,
        undefined,
        'the header contains NUL bytes: this is not a text CSV file (a binary format such as Parquet?)',
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw csvDataError(
        displayPath,
        line,
        name,
        `duplicate column name ${quoteValue(name)} (columns ${earlier + 1} and ${index + 1}): ` +
          'column names must be unique',
      );
    }
    seen.set(name, index);
  }
}

/**
 * The index of each wanted column in the header. `role` says what the columns are for ('label',
 * 'feature', 'extra'); when some are missing the DataError names all of them and lists the header.
 */
export function findCsvColumns(
  header: string[],
  wanted: readonly string[],
  role: string,
  line: number,
  displayPath: string,
): number[] {
  const indexes: number[] = [];
  const missing: string[] = [];
  for (const name of wanted) {
    const index = header.indexOf(name);
    if (index === -1) missing.push(name);
    indexes.push(index);
  }
  if (missing.length === 0) return indexes;
  const names = missing.map(quoteValue).join(', ');
  const subject =
    missing.length === 1 ? `the ${role} column ${names} is` : `the ${role} columns ${names} are`;
  throw csvDataError(
    displayPath,
    line,
    missing[0],
    `${subject} not in the header.${nearMisses(header, missing)} Columns in the file: ${listColumns(header)}`,
  );
}

function listColumns(header: string[]): string {
  const shown = header.slice(0, LISTED_COLUMNS).map(quoteValue).join(', ');
  return header.length > LISTED_COLUMNS ? `${shown} and ${header.length - LISTED_COLUMNS} more` : shown;
}

/** Names that differ from a missing one only in case or surrounding spaces. */
function nearMisses(header: string[], missing: string[]): string {
  const hints: string[] = [];
  for (const name of missing) {
    const key = name.trim().toLowerCase();
    const match = header.find((candidate) => candidate.trim().toLowerCase() === key);
    if (match !== undefined) hints.push(`${quoteValue(match)} for ${quoteValue(name)}`);
  }
  if (hints.length === 0) return '';
  return ` Did you mean ${hints.join(', ')}? Names must match exactly, case and spaces included.`;
}
