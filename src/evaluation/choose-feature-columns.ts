/**
 * Which CSV columns are features (DESIGN.md section 3.1): the --features list when given; otherwise, when every
 * model's inputs are named like columns, those columns (in file order); otherwise every column but the label.
 */
import { ConfigurationError, DataError } from '../errors.js';
import { inputColumnNames } from '../inference/input-column-names.js';
import type { TensorDescription } from '../report/types.js';

export interface FeatureColumnChoice {
  header: readonly string[];
  label: string;
  features: readonly string[] | undefined;
  models: ReadonlyArray<{ inputs: readonly TensorDescription[] }>;
  dataPath: string;
  /** Columns that are never features: slice columns and the id column, with what they are for. */
  reserved?: ReadonlyArray<{ column: string; role: string }>;
}

const LISTED = 30;

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, LISTED).map((name) => `'${name}'`);
  if (columns.length > LISTED) shown.push(`... (${columns.length - LISTED} more)`);
  return shown.join(', ');
}

export function chooseFeatureColumns(choice: FeatureColumnChoice): string[] {
  const { header, label, features, dataPath } = choice;
  const reserved = choice.reserved ?? [];
  for (const { column, role } of reserved) {
    if (column === label) {
      throw new ConfigurationError(`The label column '${label}' cannot also be the ${role}`);
    }
    if (!header.includes(column)) {
      throw new DataError(
        `'${dataPath}' has no column '${column}' (the ${role}; columns: ${listColumns(header)})`,
        { file: dataPath, line: 1, column },
      );
    }
    if (features?.includes(column)) {
      throw new ConfigurationError(`--features: '${column}' is the ${role}; it is never fed to a model`);
    }
  }
  const excluded = new Set([label, ...reserved.map(({ column }) => column)]);
  if (!header.includes(label)) {
    throw new DataError(
      `'${dataPath}' has no label column '${label}' (columns: ${listColumns(header)}); name it with --label`,
      { file: dataPath, line: 1, column: label },
    );
  }
  if (features !== undefined) {
    const seen = new Set<string>();
    for (const name of features) {
      if (name === label) {
        throw new ConfigurationError(
          `--features: '${name}' is the label column; a label cannot also be a feature`,
        );
      }
      if (seen.has(name)) throw new ConfigurationError(`--features: column '${name}' is listed twice`);
      seen.add(name);
    }
    const missing = features.filter((name) => !header.includes(name));
    if (missing.length > 0) {
      throw new DataError(
        `'${dataPath}' has no column${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} ` +
          `named in --features (columns: ${listColumns(header)})`,
        { file: dataPath, line: 1, column: missing[0] },
      );
    }
    return [...features];
  }
  const candidates = header.filter((name) => !excluded.has(name));
  const named = choice.models.map((model) => inputColumnNames(model, candidates));
  if (named.every((names) => names !== null)) {
    const wanted = new Set(named.flat());
    return candidates.filter((name) => wanted.has(name));
  }
  if (candidates.length === 0) {
    throw new DataError(`'${dataPath}' has only the label column '${label}': there are no feature columns`, {
      file: dataPath,
      line: 1,
    });
  }
  return candidates;
}
