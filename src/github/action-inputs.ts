/**
 * The action's inputs (action.yml), read once and validated strictly: a bad value is a ConfigurationError that
 * names the input, quotes the value and states the rule. Nothing here reads the environment itself; the caller
 * passes `getInput` (the runner has already applied action.yml's defaults).
 */
import { ConfigurationError } from '../errors.js';

export const INPUTS = {
  mode: 'mode',
  candidateModel: 'candidate-model',
  baselineModel: 'baseline-model',
  data: 'data',
  label: 'label',
  task: 'task',
  features: 'features',
  slices: 'slices',
  idColumn: 'id-column',
  reference: 'reference',
  config: 'config',
  alpha: 'alpha',
  inconclusive: 'inconclusive',
  correction: 'correction',
  seed: 'seed',
  batchSize: 'batch-size',
  githubToken: 'github-token',
  comment: 'comment',
  checkRun: 'check-run',
  uploadArtifact: 'upload-artifact',
  gateName: 'gate-name',
  overrideLabel: 'override-label',
  failOn: 'fail-on',
  commentAuthor: 'comment-author',
  runId: 'run-id',
} as const;

export const MODES = ['evaluate', 'publish'] as const;
export const TASKS = ['auto', 'binary', 'multiclass', 'regression'] as const;
export const FAIL_ON = ['regression', 'never'] as const;

export type Mode = (typeof MODES)[number];
export type TaskInput = (typeof TASKS)[number];

/**
 * The inputs. null means "not given": the policy file's value (or the built-in default) applies. Values the
 * policy also holds (alpha, seed, label, ...) stay text here: the policy's parsers check them, with the input's
 * name in the message, so a value reads the same in the file and in the workflow.
 */
export interface ActionInputs {
  mode: Mode;
  candidateModel: string | null;
  /** null: the policy's models.baseline, else the candidate's path at the base commit. */
  baselineModel: string | null;
  data: string | null;
  label: string | null;
  task: TaskInput;
  features: string[] | null;
  slices: string[] | null;
  idColumn: string | null;
  reference: string | null;
  config: string | null;
  alpha: string | null;
  inconclusive: string | null;
  correction: string | null;
  seed: string | null;
  batchSize: number | null;
  token: string;
  comment: boolean;
  checkRun: boolean;
  uploadArtifact: boolean;
  gateName: string;
  overrideLabel: string | null;
  failOn: (typeof FAIL_ON)[number];
  commentAuthor: string | null;
  runId: number | null;
}

/** A gate name is shown in a check run, an HTML comment and an artifact name: keep it to safe characters. */
const GATE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

// The YAML 1.2 core schema booleans, as core.getBooleanInput accepts them.
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

function oneOf<T extends string>(value: string, input: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigurationError(
    `Invalid value '${value}' for input '${input}': must be one of ${allowed.join(', ')}`,
  );
}

function parseBoolean(value: string, input: string): boolean {
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  throw new ConfigurationError(`Invalid value '${value}' for input '${input}': must be true or false`);
}

function parseInteger(value: string, input: string, min: number, max: number): number {
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigurationError(
      `Invalid value '${value}' for input '${input}': must be an integer from ${min} to ${max}`,
    );
  }
  return parsed;
}

function optional(value: string): string | null {
  return value === '' ? null : value;
}

function parseFeatures(value: string, input: string = INPUTS.features): string[] | null {
  if (value === '') return null;
  // "a,\nb" (a comma at the end of a line of a YAML block) is one separator, not an empty name.
  const names = value
    .replace(/,[ \t]*\r?\n/g, ',')
    .split(/[,\n]/)
    .map((name) => name.trim());
  // A trailing comma or a trailing new line (YAML block scalars end with one) is not an empty name.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.some((name) => name === '')) {
    throw new ConfigurationError(
      `Invalid value '${value}' for input '${input}': expected column names separated by commas or new lines, with no empty name`,
    );
  }
  return names;
}

/** Reads and validates every input. `getInput` returns the trimmed value, '' when unset. */
export function readActionInputs(getInput: (name: string) => string): ActionInputs {
  const mode = oneOf(getInput(INPUTS.mode) || 'evaluate', INPUTS.mode, MODES);
  const gateName = getInput(INPUTS.gateName) || 'model-gate';
  if (!GATE_NAME.test(gateName)) {
    throw new ConfigurationError(
      `Invalid value '${gateName}' for input '${INPUTS.gateName}': must be 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  const token = getInput(INPUTS.githubToken);
  if (token === '') {
    throw new ConfigurationError(
      `Missing input '${INPUTS.githubToken}': pass a token (the default is \${{ github.token }})`,
    );
  }
  const runIdText = getInput(INPUTS.runId);
  const batchSizeText = getInput(INPUTS.batchSize);
  return {
    mode,
    candidateModel: optional(getInput(INPUTS.candidateModel)),
    baselineModel: optional(getInput(INPUTS.baselineModel)),
    data: optional(getInput(INPUTS.data)),
    label: optional(getInput(INPUTS.label)),
    task: oneOf(getInput(INPUTS.task) || 'auto', INPUTS.task, TASKS),
    features: parseFeatures(getInput(INPUTS.features)),
    slices: parseFeatures(getInput(INPUTS.slices), INPUTS.slices),
    idColumn: optional(getInput(INPUTS.idColumn)),
    reference: optional(getInput(INPUTS.reference)),
    config: optional(getInput(INPUTS.config)),
    alpha: optional(getInput(INPUTS.alpha)),
    inconclusive: optional(getInput(INPUTS.inconclusive)),
    correction: optional(getInput(INPUTS.correction)),
    seed: optional(getInput(INPUTS.seed)),
    batchSize: batchSizeText === '' ? null : parseInteger(batchSizeText, INPUTS.batchSize, 1, 1_048_576),
    token,
    comment: parseBoolean(getInput(INPUTS.comment) || 'true', INPUTS.comment),
    checkRun: parseBoolean(getInput(INPUTS.checkRun) || 'true', INPUTS.checkRun),
    uploadArtifact: parseBoolean(getInput(INPUTS.uploadArtifact) || 'true', INPUTS.uploadArtifact),
    gateName,
    overrideLabel: optional(getInput(INPUTS.overrideLabel)),
    failOn: oneOf(getInput(INPUTS.failOn) || 'regression', INPUTS.failOn, FAIL_ON),
    commentAuthor: optional(getInput(INPUTS.commentAuthor)),
    runId: runIdText === '' ? null : parseInteger(runIdText, INPUTS.runId, 1, Number.MAX_SAFE_INTEGER),
  };
}

/** The gate name as a file-system and artifact-name component: lower case, spaces as '-'. */
export function gateSlug(gateName: string): string {
  return gateName.toLowerCase().replace(/ +/g, '-');
}
