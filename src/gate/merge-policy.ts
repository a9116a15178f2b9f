/**
 * Command-line flags and action inputs over the policy file: a value given on the command line wins over
 * the file, which wins over the defaults. Override values arrive as text (or as numbers / lists from a
 * typed caller) and are checked by the same parsers as the file, so the rule reads the same in both:
 * `Invalid value '0.7' for '--alpha': must be a number greater than 0 and at most 0.5`.
 *
 * `undefined` means "not given"; an empty string is a value, and an invalid one. (The action adapter turns
 * an unset input, which @actions/core reads as '', into undefined.)
 */
import { ConfigurationError } from '../errors.js';
import { CORRECTIONS, INCONCLUSIVE_ACTIONS, type Policy } from './policy-schema.js';
import {
  numberFromText,
  parseAlpha,
  parseChoice,
  parseColumnName,
  parseReference,
  parseSeed,
  type Parsed,
} from './policy-values.js';

export interface PolicyOverrides {
  readonly alpha?: string | number;
  readonly correction?: string;
  readonly inconclusive?: string;
  readonly seed?: string | number;
  /** The holdout set (data.path). */
  readonly data?: string;
  readonly label?: string;
  /** A list, or text with the names separated by commas or new lines. */
  readonly features?: string | readonly string[];
  readonly slices?: string | readonly string[];
  readonly candidate?: string;
  readonly baseline?: string;
}

export type OverrideNames = Readonly<Record<keyof PolicyOverrides, string>>;

/** How the CLI spells each override (DESIGN.md section 3.1); the action passes its input names instead. */
export const CLI_OPTION_NAMES: OverrideNames = {
  alpha: '--alpha',
  correction: '--correction',
  inconclusive: '--inconclusive',
  seed: '--seed',
  data: '--data',
  label: '--label',
  features: '--features',
  slices: '--slice',
  candidate: '--candidate',
  baseline: '--baseline',
};

/** The key path in the policy file each override replaces. */
const KEY_PATHS: Readonly<Record<keyof PolicyOverrides, string>> = {
  alpha: 'gate.alpha',
  correction: 'gate.correction',
  inconclusive: 'gate.inconclusive',
  seed: 'gate.seed',
  data: 'data.path',
  label: 'data.label',
  features: 'data.features',
  slices: 'data.slices',
  candidate: 'models.candidate',
  baseline: 'models.baseline',
};

export function mergePolicy(
  filePolicy: Policy,
  overrides: PolicyOverrides,
  optionNames: Partial<OverrideNames> = {},
): Policy {
  const names: OverrideNames = { ...CLI_OPTION_NAMES, ...optionNames };
  const problems: Array<{ name: string; message: string }> = [];

  function take<T>(key: keyof PolicyOverrides, parse: (value: unknown) => Parsed<T>): T | undefined {
    const raw = overrides[key];
    if (raw === undefined) return undefined;
    const parsed = parse(typeof raw === 'string' && NUMERIC_KEYS.has(key) ? numberFromText(raw) : raw);
    if (parsed.ok) return parsed.value;
    problems.push({
      name: names[key],
      message: invalidValue(raw, names[key], parsed.problem.rule + parsed.problem.hint),
    });
    return undefined;
  }

  const alpha = take('alpha', parseAlpha);
  const correction = take('correction', (value) => parseChoice(value, CORRECTIONS));
  const inconclusive = take('inconclusive', (value) => parseChoice(value, INCONCLUSIVE_ACTIONS));
  const seed = take('seed', parseSeed);
  const dataPath = take('data', parseReference);
  const label = take('label', parseColumnName);
  const features = take('features', parseColumnList);
  const slices = take('slices', parseColumnList);
  const candidate = take('candidate', parseReference);
  const baseline = take('baseline', parseReference);

  const merged: Policy = {
    data: {
      ...filePolicy.data,
      ...(dataPath === undefined ? {} : { path: dataPath }),
      ...(label === undefined ? {} : { label }),
      ...(features === undefined ? {} : { features }),
      ...(slices === undefined ? {} : { slices }),
    },
    models: {
      ...filePolicy.models,
      ...(candidate === undefined ? {} : { candidate }),
      ...(baseline === undefined ? {} : { baseline }),
    },
    gate: {
      ...filePolicy.gate,
      ...(alpha === undefined ? {} : { alpha }),
      ...(correction === undefined ? {} : { correction }),
      ...(inconclusive === undefined ? {} : { inconclusive }),
      ...(seed === undefined ? {} : { seed }),
    },
    source: {
      path: filePolicy.source.path,
      lines: withoutOverridden(filePolicy.source.lines, overrides),
    },
  };

  if (problems.length === 0) {
    const leak = labelAmongFeatures(merged, overrides, names, filePolicy);
    if (leak !== undefined) problems.push(leak);
  }
  const first = problems[0];
  if (first !== undefined) {
    throw new ConfigurationError(problems.map((problem) => problem.message).join('\n'), {
      column: first.name,
    });
  }
  return merged;
}

const NUMERIC_KEYS: ReadonlySet<keyof PolicyOverrides> = new Set(['alpha', 'seed']);

function invalidValue(raw: string | number | readonly string[], name: string, rule: string): string {
  const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : raw.join(',');
  return `Invalid value '${text}' for '${name}': ${rule}`;
}

/** Column names as a list, or as text separated by commas or new lines; no empty item, no repeat. */
function parseColumnList(value: unknown): Parsed<string[]> {
  const items: unknown[] = typeof value === 'string' ? value.split(/[,\n]/).map((item) => item.trim()) : [];
  if (Array.isArray(value)) items.push(...(value as unknown[]));
  const rule = 'must be column names separated by commas, none empty and none repeated';
  const columns: string[] = [];
  for (const item of items) {
    const parsed = parseColumnName(item);
    if (!parsed.ok || columns.includes(parsed.value)) {
      return { ok: false, problem: { rule, got: String(value), hint: '' } };
    }
    columns.push(parsed.value);
  }
  if (columns.length === 0) return { ok: false, problem: { rule, got: String(value), hint: '' } };
  return { ok: true, value: columns };
}

/** The file's key positions minus those an override replaced (their values no longer come from the file). */
function withoutOverridden(
  lines: ReadonlyMap<string, number>,
  overrides: PolicyOverrides,
): ReadonlyMap<string, number> {
  const replaced = (Object.keys(KEY_PATHS) as Array<keyof PolicyOverrides>)
    .filter((key) => overrides[key] !== undefined)
    .map((key) => KEY_PATHS[key]);
  if (replaced.length === 0) return lines;
  return new Map(
    [...lines].filter(
      ([keyPath]) =>
        !replaced.some(
          (path) => keyPath === path || keyPath.startsWith(`${path}.`) || keyPath.startsWith(`${path}[`),
        ),
    ),
  );
}

/** The label must not be a feature; names whichever side the command line supplied. */
function labelAmongFeatures(
  merged: Policy,
  overrides: PolicyOverrides,
  names: OverrideNames,
  filePolicy: Policy,
): { name: string; message: string } | undefined {
  const { label, features } = merged.data;
  if (features === undefined || !features.includes(label)) return undefined;
  const rule = `'${label}' is the label column; a model must not see its label`;
  if (overrides.features !== undefined) {
    return { name: names.features, message: invalidValue(overrides.features, names.features, rule) };
  }
  const file = filePolicy.source.path ?? 'the policy';
  const line = filePolicy.source.lines.get('data.features');
  return {
    name: names.label,
    message: invalidValue(
      label,
      names.label,
      `it is listed in data.features (${file}${line === undefined ? '' : `:${line}`}); a model must not see its label`,
    ),
  };
}
