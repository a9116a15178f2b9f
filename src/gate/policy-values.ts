/**
 * The leaf values of the policy (alpha, seed, choices, tolerances, column names): one parser per value,
 * shared by the policy file (YAML values) and the command-line / action overrides (text), so both state the
 * same rule in the same words (STYLE.md section 3).
 *
 * A parser returns the value or a `ValueProblem`: the rule, the bad value as the user wrote it (YAML
 * notation for file values) and an optional hint. The file reports `<rule>, got <value><hint>`; a flag
 * reports `Invalid value '<text>' for '<flag>': <rule><hint>`.
 */
import { closestName } from './closest-name.js';

export interface ValueProblem {
  readonly rule: string;
  /** The bad value, described for a message (`"two"`, `-0.01`, `a list`). */
  readonly got: string;
  /** Extra advice, starting with a space or punctuation, or ''. */
  readonly hint: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: ValueProblem };

export const ALPHA_RULE = 'must be a number greater than 0 and less than 0.5';
export const SEED_RULE = `must be a whole number between 0 and ${Number.MAX_SAFE_INTEGER}`;
export const TOLERANCE_RULE = 'expected a number >= 0 or a percentage like "2%"';
export const PERCENTAGE_RULE = 'a percentage must be between 0% and 100%';
export const COLUMN_RULE = 'must be a column name (non-empty text)';
export const MIN_SIZE_RULE = 'must be a whole number of rows, at least 1';

/** How much worse than the baseline a metric may get: in metric units, or a share of the baseline value. */
export type Tolerance =
  | { readonly kind: 'absolute'; readonly value: number }
  | { readonly kind: 'relative'; readonly percent: number };

/** Metrics whose values lie in [0, 1], where an absolute tolerance above 1 can never be exceeded. */
const UNIT_INTERVAL_METRICS: ReadonlySet<string> = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'roc_auc',
  'brier_score',
]);

// Digits with an optional fraction, then '%'; spaces allowed around the number and before the '%'.
const PERCENTAGE = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$/;
// A plain decimal number as written on a command line (no sign, hex, '_' or words like 'Infinity').
const DECIMAL = /^(\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** A YAML value described the way the user would recognise it in their file. */
export function describeYamlValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (value === Number.POSITIVE_INFINITY) return '.inf';
    if (value === Number.NEGATIVE_INFINITY) return '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

function reject<T>(rule: string, value: unknown, hint = ''): Parsed<T> {
  return { ok: false, problem: { rule, got: describeYamlValue(value), hint } };
}

function accept<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

/** " (remove the quotes)" when a quoted string holds what the field wants as a number. */
function quotedNumberHint(value: unknown): string {
  return typeof value === 'string' && DECIMAL.test(value.trim())
    ? ' (remove the quotes to make it a number)'
    : '';
}

export function parseAlpha(value: unknown): Parsed<number> {
  if (typeof value === 'number' && value > 0 && value < 0.5) return accept(value);
  return reject(ALPHA_RULE, value, quotedNumberHint(value));
}

export function parseVersion(value: unknown): Parsed<1> {
  return value === 1 ? accept(1) : reject('must be 1 (the only version so far)', value);
}

export const PSI_RULE =
  'must be a number greater than 0 (PSI above 0.1 is a moderate shift, above 0.25 a major one)';

/** The largest acceptable population stability index. */
export function parsePsiMax(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return accept(value);
  return reject(PSI_RULE, value, quotedNumberHint(value));
}

export const WARMUP_RULE = 'must be a whole number of batches, at least 0';

/** Batches run before latency is timed. */
export function parseWarmup(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return accept(value);
  return reject(WARMUP_RULE, value, quotedNumberHint(value));
}

/** The minimum number of rows of a slice for it to be tested and shown. */
export function parseMinimumSize(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return accept(value);
  return reject(MIN_SIZE_RULE, value, quotedNumberHint(value));
}

export function parseSeed(value: unknown): Parsed<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return accept(value);
  return reject(SEED_RULE, value, quotedNumberHint(value));
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(value: unknown, choices: readonly T[]): Parsed<T> {
  const match = choices.find((choice) => choice === value);
  if (match !== undefined) return accept(match);
  const suggestion = typeof value === 'string' ? closestName(value, choices) : undefined;
  return reject(
    `must be one of ${choices.map((choice) => JSON.stringify(choice)).join(', ')}`,
    value,
    suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`,
  );
}

export function parseColumnName(value: unknown): Parsed<string> {
  if (typeof value === 'string' && value.trim() !== '') return accept(value);
  const hint =
    typeof value === 'number' || typeof value === 'boolean'
      ? ` (quote it if the column is named ${JSON.stringify(String(value))})`
      : '';
  return reject(COLUMN_RULE, value, hint);
}

/** A path or reference to a file (a model, a data set); only its presence is checked here. */
export function parseReference(value: unknown): Parsed<string> {
  if (typeof value === 'string' && value.trim() !== '') return accept(value);
  return reject('must be a path (non-empty text)', value);
}

/**
 * A tolerance: a number >= 0 in the metric's units (0.005 = half a point of accuracy) or a percentage
 * string "2%" of the baseline value. `metric` enables the check that a [0, 1] metric gets no absolute
 * tolerance above 1 (a common slip: 5 written for 5 points).
 */
export function parseTolerance(value: unknown, metric?: string): Parsed<Tolerance> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return reject(TOLERANCE_RULE, value);
    if (value < 0) {
      return reject(
        TOLERANCE_RULE,
        value,
        ' (a tolerance is the largest worsening allowed; the metric gives the direction)',
      );
    }
    if (metric !== undefined && UNIT_INTERVAL_METRICS.has(metric) && value > 1) {
      return reject(
        `${metric} lies between 0 and 1, so an absolute tolerance must be at most 1`,
        value,
        ` (for ${value} points write ${value / 100})`,
      );
    }
    return accept({ kind: 'absolute', value });
  }
  if (typeof value === 'string') {
    const match = PERCENTAGE.exec(value);
    if (match?.[1] !== undefined) {
      const percent = Number(match[1]);
      if (percent > 100) return reject(PERCENTAGE_RULE, value);
      return accept({ kind: 'relative', percent });
    }
    if (/^\s*-/.test(value)) {
      return reject(
        TOLERANCE_RULE,
        value,
        ' (a tolerance is the largest worsening allowed; the metric gives the direction)',
      );
    }
    if (DECIMAL.test(value.trim())) {
      return reject(
        TOLERANCE_RULE,
        value,
        ' (write it without quotes for an absolute tolerance, or add % for a relative one)',
      );
    }
  }
  return reject(TOLERANCE_RULE, value);
}

/** Command-line text to a number for the parsers above; anything but a plain decimal stays text. */
export function numberFromText(text: string): number | string {
  const trimmed = text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : text;
}
