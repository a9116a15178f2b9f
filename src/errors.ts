/**
 * The error hierarchy (STYLE.md section 3). Every error the user can fix is a `UserError`: the CLI prints
 * its message and exits with 2, the action fails the step with an annotation. Anything else is internal.
 *
 * Messages name the file, the line / column or the input as the user wrote it, quote the bad value and
 * state the rule. `location` carries the same facts in a structured form for annotations.
 */

export interface ErrorLocation {
  /** The file at fault, as the user named it. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** Column name (CSV) or key (policy file). */
  column?: string;
}

export abstract class UserError extends Error {
  abstract readonly kind: 'configuration' | 'data' | 'model';
  readonly location: ErrorLocation;

  constructor(message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = new.target.name;
    this.location = location;
  }
}

/** The user fixes their command line, workflow or policy file. */
export class ConfigurationError extends UserError {
  readonly kind = 'configuration' as const;
}

/** The holdout set is unreadable or does not fit: missing columns, bad cells, NaN, unknown classes. */
export class DataError extends UserError {
  readonly kind = 'data' as const;
}

/** A model cannot be loaded, or its inputs / outputs do not fit the data or the other model. */
export class ModelError extends UserError {
  readonly kind = 'model' as const;
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** A readable one-line description of any thrown value (not only `Error`). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
