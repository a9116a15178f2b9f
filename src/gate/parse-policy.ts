/**
 * Parses the policy file (DESIGN.md section 3.3; reference: docs/policy.md). Pure: the caller reads the
 * file and passes its text and the path to show in messages. Returns the policy with every default applied
 * (rules still depend on the task: see validate-rules-for-task.ts), or throws one ConfigurationError that
 * lists every problem, one per line, each as `<file>:<line>: <key path>: <what is wrong>, got <value>`.
 *
 * YAML is read with `yaml`'s parseDocument and a LineCounter, so every key keeps its line; duplicate keys,
 * syntax errors and unresolved tags are errors (with line and column). An empty file, or one with only
 * comments, is the default policy.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import * as z from 'zod';
import { ConfigurationError } from '../errors.js';
import { closestName } from './closest-name.js';
import { POLICY_DEFAULTS } from './policy-defaults.js';
import {
  ALL_METRICS,
  METRIC_ALIASES,
  TASKS,
  formatKeyPath,
  policySchema,
  type Policy,
  type PolicyFileContents,
} from './policy-schema.js';
import { describeYamlValue } from './policy-values.js';
import { METRIC_NAMES } from '../report/types.js';

/** A policy is a few dozen lines; anything this large is not one (and is not worth parsing). */
export const MAX_POLICY_CHARACTERS = 1_000_000;
/** Messages beyond this many are summarised as "... and N more". */
const MAX_PROBLEMS_SHOWN = 20;

interface Problem {
  line: number;
  column?: number;
  keyPath: string;
  text: string;
}

export function parsePolicy(text: string, displayPath: string): Policy {
  if (text.length > MAX_POLICY_CHARACTERS) {
    throw new ConfigurationError(
      `${displayPath}: the policy file has ${text.length} characters, more than the ${MAX_POLICY_CHARACTERS} allowed; is it the right file?`,
      { file: displayPath },
    );
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const lines = new Map<string, number>();
  const keyPathsByOffset = new Map<number, string>();
  collectLines(document.contents, '', lineCounter, lines, keyPathsByOffset);

  const yamlProblems = [...document.errors, ...document.warnings].map((error): Problem => {
    const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    const duplicateKey = error.code === 'DUPLICATE_KEY' ? keyPathsByOffset.get(error.pos[0]) : undefined;
    if (duplicateKey !== undefined) {
      return {
        line: position.line,
        keyPath: duplicateKey,
        text: `duplicate key (first on line ${lines.get(duplicateKey) ?? '?'})`,
      };
    }
    return {
      line: position.line,
      column: position.col,
      keyPath: '',
      text: `invalid YAML: ${
        error.code === 'MULTIPLE_DOCS'
          ? "the file holds more than one YAML document (a second '---'); a policy is one document"
          : firstLine(error.message)
      }`,
    };
  });
  if (yamlProblems.length > 0) throw policyError(displayPath, yamlProblems);

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return toPolicy({}, { path: displayPath, lines });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml throws when aliases expand too much (a "billion laughs" file).
    const reason = error instanceof Error ? error.message : String(error);
    throw policyError(displayPath, [{ line: 1, keyPath: '', text: `cannot be read: ${reason}` }]);
  }
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    const rootLine = lineCounter.linePos(startOf(contents) ?? 0).line;
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, [], value));
    throw policyError(
      displayPath,
      problems.map((problem) => ({
        ...problem,
        line: lineOf(problem.path, lines, rootLine),
        keyPath: formatKeyPath(problem.path),
      })),
    );
  }
  return toPolicy(parsed.data ?? {}, { path: displayPath, lines });
}

function toPolicy(contents: NonNullable<PolicyFileContents>, source: Policy['source']): Policy {
  const { data = {}, models = {}, gate = {} } = contents;
  return {
    data: {
      ...(data.path === undefined ? {} : { path: data.path }),
      label: data.label ?? POLICY_DEFAULTS.label,
      ...(data.features === undefined ? {} : { features: data.features }),
      slices: data.slices ?? [],
    },
    models: {
      ...(models.candidate === undefined ? {} : { candidate: models.candidate }),
      ...(models.baseline === undefined ? {} : { baseline: models.baseline }),
    },
    gate: {
      alpha: gate.alpha ?? POLICY_DEFAULTS.alpha,
      correction: gate.correction ?? POLICY_DEFAULTS.correction,
      inconclusive: gate.inconclusive ?? POLICY_DEFAULTS.inconclusive,
      seed: gate.seed ?? POLICY_DEFAULTS.seed,
      defaultRules: gate.default_rules ?? POLICY_DEFAULTS.defaultRules,
      rules: gate.rules?.rules ?? {},
      taskRules: gate.rules?.taskRules ?? {},
      drift: {
        ...(gate.drift?.psi_max === undefined
          ? {}
          : { allFeatures: { max: gate.drift.psi_max, blocking: gate.drift.blocking ?? false } }),
        features: Object.fromEntries(
          Object.entries(gate.drift?.features ?? {}).map(([feature, rule]) => [
            feature,
            rule === false ? null : rule,
          ]),
        ),
        ...(gate.drift?.prediction === undefined ? {} : { prediction: gate.drift.prediction }),
      },
      latency: {
        warmup: gate.latency?.warmup ?? POLICY_DEFAULTS.latencyWarmup,
        rules: Object.fromEntries(
          Object.entries(gate.latency?.rules ?? {}).filter(([, rule]) => rule !== undefined),
        ),
      },
      slices: {
        minSize: gate.slices?.min_size ?? POLICY_DEFAULTS.sliceMinSize,
        rules: gate.slices?.rules?.rules ?? {},
        taskRules: gate.slices?.rules?.taskRules ?? {},
      },
    },
    source,
  };
}

/** Records the line of every key and list item under `node`, and each key's path by its offset. */
function collectLines(
  node: unknown,
  path: string,
  lineCounter: LineCounter,
  lines: Map<string, number>,
  keyPathsByOffset: Map<number, string>,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyPath = path === '' ? key : `${path}.${key}`;
      const start = startOf(pair.key) ?? startOf(pair.value);
      if (start !== undefined) {
        // The first occurrence wins, so a duplicate key's message can point back to it.
        if (!lines.has(keyPath)) lines.set(keyPath, lineCounter.linePos(start).line);
        keyPathsByOffset.set(start, keyPath);
      }
      collectLines(pair.value, keyPath, lineCounter, lines, keyPathsByOffset);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      const itemPath = `${path}[${index}]`;
      const start = startOf(item);
      if (start !== undefined) lines.set(itemPath, lineCounter.linePos(start).line);
      collectLines(item, itemPath, lineCounter, lines, keyPathsByOffset);
    });
  }
}

function startOf(node: unknown): number | undefined {
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}

/** The line of the deepest key on `path` that the file contains (a missing key: its parent's line). */
function lineOf(path: readonly PropertyKey[], lines: ReadonlyMap<string, number>, rootLine: number): number {
  for (let length = path.length; length > 0; length -= 1) {
    const line = lines.get(formatKeyPath(path.slice(0, length)));
    if (line !== undefined) return line;
  }
  return rootLine;
}

interface IssueProblem {
  path: PropertyKey[];
  text: string;
}

/** One zod issue as problems with full paths and the user's words. */
function describeIssue(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
  root: unknown,
): IssueProblem[] {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'invalid_union': {
      // Report the branch the value was meant for (a mapping with a bad tolerance), not every branch.
      const meant = issue.errors.find((branch) => !isTypeMismatch(branch));
      if (meant !== undefined) return meant.flatMap((inner) => describeIssue(inner, path, root));
      return [{ path, text: `${issue.message}, got ${describeYamlValue(valueAt(root, path))}` }];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        text: unknownKeyText(key, allowedKeysAt(path)),
      }));
    case 'invalid_type': {
      const got = describeYamlValue(valueAt(root, path));
      if (path.length === 0) {
        return [
          {
            path,
            text: `expected a mapping of keys (version, data, models, gate) at the top of the file, got ${got}`,
          },
        ];
      }
      return [{ path, text: `expected ${EXPECTED_TEXT[issue.expected] ?? issue.expected}, got ${got}` }];
    }
    default:
      return [{ path, text: issue.message }];
  }
}

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  number: 'a number',
  string: 'text',
  object: 'a mapping',
  array: 'a list',
};

/** True when a union branch failed only because the value is of another type (or literal) than it takes. */
function isTypeMismatch(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.every(
    (issue) =>
      issue.path.length === 0 &&
      (issue.code === 'invalid_type' ||
        issue.code === 'invalid_value' ||
        (issue.code === 'invalid_union' && issue.errors.every(isTypeMismatch))),
  );
}

function unknownKeyText(key: string, allowed: readonly string[]): string {
  const isOtherTasksMetric = ALL_METRICS.includes(key) && allowed.length > 0 && !allowed.includes(key);
  const owners = TASKS.filter((task) => METRIC_NAMES[task].includes(key));
  const suggestion = isOtherTasksMetric ? undefined : closestName(key, allowed, METRIC_ALIASES);
  const why = isOtherTasksMetric
    ? ` (${JSON.stringify(key)} is a metric of ${owners.join(' and ')} models)`
    : suggestion === undefined
      ? ''
      : ` (did you mean ${JSON.stringify(suggestion)}?)`;
  return `unknown key${why}; allowed keys: ${allowed.join(', ')}`;
}

/** The keys the schema allows in the mapping at `path`. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schemas: z.ZodType[] = [policySchema];
  for (const segment of path) {
    schemas = schemas.flatMap(unwrap).flatMap((schema) => {
      if (typeof segment === 'number')
        return schema instanceof z.ZodArray ? [schema.element as z.ZodType] : [];
      if (!(schema instanceof z.ZodObject)) return [];
      const child: unknown = schema.shape[String(segment)];
      return child instanceof z.ZodType ? [child] : [];
    });
  }
  const objects = schemas.flatMap(unwrap).filter((schema) => schema instanceof z.ZodObject);
  return [...new Set(objects.flatMap((schema) => Object.keys(schema.shape)))];
}

/** The schemas a wrapper (optional, preprocess, transform, union) stands for. */
function unwrap(schema: z.ZodType): z.ZodType[] {
  if (schema instanceof z.ZodOptional) return unwrap(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodPipe) {
    const inner = (schema.out instanceof z.ZodTransform ? schema.in : schema.out) as z.ZodType;
    return unwrap(inner);
  }
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap(unwrap);
  return [schema];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function policyError(displayPath: string, problems: readonly Problem[]): ConfigurationError {
  const sorted = [...problems].sort(
    (left, right) => left.line - right.line || (left.column ?? 0) - (right.column ?? 0),
  );
  const messages = sorted.slice(0, MAX_PROBLEMS_SHOWN).map((problem) => {
    const where = `${displayPath}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
    return `${where}: ${problem.keyPath === '' ? '' : `${problem.keyPath}: `}${problem.text}`;
  });
  if (sorted.length > MAX_PROBLEMS_SHOWN)
    messages.push(`... and ${sorted.length - MAX_PROBLEMS_SHOWN} more problems`);
  const first = sorted[0];
  return new ConfigurationError(messages.join('\n'), {
    file: displayPath,
    ...(first === undefined ? {} : { line: first.line }),
    ...(first === undefined || first.keyPath === '' ? {} : { column: first.keyPath }),
  });
}
