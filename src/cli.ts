/**
 * The command-line entry: parse arguments, call the one orchestrator, render, write files, return the exit
 * code (0 the gate passes, 1 the gate fails, 2 bad usage or bad input: DESIGN.md section 3.1).
 * `bin/model-gate.js` calls `main` and sets process.exitCode; nothing here calls process.exit.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { ConfigurationError, describeError, isUserError } from './errors.js';
import type { EvaluateOptions } from './evaluate.js';
import type { Logger } from './logger.js';
import { renderHtml } from './report/render-html.js';
import { renderMarkdown } from './report/render-markdown.js';
import { renderTerminal } from './report/render-terminal.js';
import type { Report } from './report/types.js';
import { TOOL_VERSION } from './version.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (colour, progress line). */
  isTty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
  env: process.env,
};

export const USAGE = `model-gate ${TOOL_VERSION}: compare a candidate model with the production baseline on a holdout set

Usage:
  model-gate evaluate --candidate <model.onnx> --baseline <model.onnx> --data <holdout.csv> [options]

Options:
  --candidate <path>     the new model (ONNX)
  --baseline <path>      the model in production (ONNX)
  --data <path>          the holdout set (CSV with a header line)
  --label <column>       the label column (default: label)
  --task <task>          auto | binary | multiclass | regression (default: auto)
  --features <a,b,c>     feature columns, in the model's order (default: every column but the label,
                         or the model's input names when they are column names)
  --config <policy.yml>  the policy file (default: .github/model-gate.yml when it exists); flags win over it
  --alpha <a>            one-sided significance level of the gate (default: 0.05)
  --inconclusive <what>  what an inconclusive blocking rule does: warn | fail | pass (default: warn)
  --correction <how>     multiplicity correction across rules: holm | none (default: holm)
  --slice <column>       also compare the models on each value of this column (repeatable); slices of
                         fewer rows than the policy's gate.slices.min_size (30) are not tested or shown
  --id-column <column>   list a few ids of rows that became wrong / right (never feature values)
  --reference <path>     a reference sample (e.g. of the training data): feature drift (PSI, KS / chi-square
                         with effect sizes) and out-of-range counts against it
  --json <path>          write the report as JSON
  --markdown <path>      write the report as Markdown
  --html <path>          write a self-contained HTML report (inline charts, no network)
  --seed <n>             seed for resampling methods (default: 1)
  --batch-size <n>       rows per batch (default: 8192)
  --no-color             plain output even on a terminal (also NO_COLOR=1)
  -h, --help             this help
  -v, --version          the version

Exit codes: 0 the gate passes, 1 the gate fails (the candidate regressed), 2 bad usage or bad input.
`;

const TASKS = ['auto', 'binary', 'multiclass', 'regression'] as const;

function parseInteger(value: string, option: string, min: number, max: number): number {
  const parsed = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigurationError(
      `Invalid value '${value}' for '${option}': must be an integer from ${min} to ${max}`,
    );
  }
  return parsed;
}

function required(value: string, option: string): string {
  if (value.trim() === '')
    throw new ConfigurationError(`Invalid empty value for '${option}': expected a file path`);
  return value;
}

interface ParsedCommand {
  options: EvaluateOptions;
  jsonPath?: string;
  markdownPath?: string;
  htmlPath?: string;
  color: boolean;
}

function parseCommand(argv: string[], io: CliIo): ParsedCommand | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        candidate: { type: 'string' },
        baseline: { type: 'string' },
        data: { type: 'string' },
        label: { type: 'string' },
        task: { type: 'string' },
        features: { type: 'string' },
        slice: { type: 'string', multiple: true },
        'id-column': { type: 'string' },
        reference: { type: 'string' },
        config: { type: 'string' },
        alpha: { type: 'string' },
        inconclusive: { type: 'string' },
        correction: { type: 'string' },
        json: { type: 'string' },
        markdown: { type: 'string' },
        html: { type: 'string' },
        seed: { type: 'string' },
        'batch-size': { type: 'string' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // Node's parseArgs appends a hint about '--' that does not apply here; keep its first sentence.
    const message = describeError(error).split('. ')[0] ?? describeError(error);
    throw new ConfigurationError(`${message} (see model-gate --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...extra] = positionals;
  if (command === undefined) throw new ConfigurationError(`Missing command: expected 'evaluate'\n\n${USAGE}`);
  if (command !== 'evaluate') {
    throw new ConfigurationError(`Unknown command '${command}': expected 'evaluate' (see model-gate --help)`);
  }
  if (extra.length > 0) {
    throw new ConfigurationError(
      `Unexpected argument '${extra[0]}': options start with -- (see model-gate --help)`,
    );
  }
  const task = values.task ?? 'auto';
  if (!(TASKS as readonly string[]).includes(task)) {
    throw new ConfigurationError(`Invalid value '${task}' for '--task': must be one of ${TASKS.join(', ')}`);
  }
  let features: string[] | undefined;
  if (values.features !== undefined) {
    features = values.features.split(',').map((name) => name.trim());
    if (features.some((name) => name === '')) {
      throw new ConfigurationError(
        `Invalid value '${values.features}' for '--features': expected comma-separated column names, with no empty name`,
      );
    }
  }
  const options: EvaluateOptions = { task: task as EvaluateOptions['task'], cwd: io.cwd };
  // Path and gate options may come from the policy file instead; evaluate() merges and validates them.
  const passThrough = [
    'candidate',
    'baseline',
    'data',
    'label',
    'config',
    'alpha',
    'inconclusive',
    'correction',
    'seed',
  ] as const;
  for (const key of passThrough) {
    const value = values[key];
    if (value !== undefined) options[key] = value;
  }
  if (features !== undefined) options.features = features;
  if (values.slice !== undefined) options.slices = values.slice;
  if (values['id-column'] !== undefined) options.idColumn = values['id-column'];
  if (values.reference !== undefined) options.reference = required(values.reference, '--reference');
  if (values['batch-size'] !== undefined) {
    options.batchSize = parseInteger(values['batch-size'], '--batch-size', 1, 1_048_576);
  }
  const noColor = values['no-color'] === true || (io.env.NO_COLOR ?? '') !== '';
  const forceColor = (io.env.FORCE_COLOR ?? '') !== '' && io.env.FORCE_COLOR !== '0';
  const command_: ParsedCommand = { options, color: !noColor && (io.isTty || forceColor) };
  if (values.json !== undefined) command_.jsonPath = required(values.json, '--json');
  if (values.markdown !== undefined) command_.markdownPath = required(values.markdown, '--markdown');
  if (values.html !== undefined) command_.htmlPath = required(values.html, '--html');
  return command_;
}

function cliLogger(io: CliIo): Logger {
  let statusLineShown = false;
  const clearStatus = () => {
    if (statusLineShown) io.stderr('\r\x1b[K');
    statusLineShown = false;
  };
  return {
    info: (message) => {
      clearStatus();
      io.stderr(`${message}\n`);
    },
    warning: (message) => {
      clearStatus();
      io.stderr(`warning: ${message}\n`);
    },
    // Progress only on a terminal: a CI log should not fill with status lines.
    progress: (message) => {
      if (!io.isTty) return;
      io.stderr(`\r\x1b[K${message}`);
      statusLineShown = true;
    },
  };
}

/** Write every output file, or none: each goes to a temporary name first, then all are renamed. */
async function writeOutputs(files: Array<{ path: string; content: string }>, cwd: string): Promise<string[]> {
  const staged: Array<{ temporary: string; final: string; path: string }> = [];
  const discard = () => Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
  let current = '';
  try {
    for (const file of files) {
      current = file.path;
      const final = resolve(cwd, file.path);
      const existing = await stat(final).catch(() => null);
      if (existing?.isDirectory()) {
        throw new ConfigurationError(`Cannot write the report to '${file.path}': it is a directory`);
      }
      const temporary = `${final}.${randomBytes(4).toString('hex')}.tmp`;
      await mkdir(dirname(final), { recursive: true });
      await writeFile(temporary, file.content);
      staged.push({ temporary, final, path: file.path });
    }
    for (const { temporary, final, path } of staged) {
      current = path;
      await rename(temporary, final);
    }
  } catch (error) {
    await discard();
    if (isUserError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? describeError(error);
    throw new ConfigurationError(`Cannot write the report to '${current}': ${code}`);
  }
  return staged.map(({ final }) => final);
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let command;
  try {
    command = parseCommand(argv, io);
  } catch (error) {
    io.stderr(`model-gate: ${describeError(error)}\n`);
    return 2;
  }
  if (command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command === 'version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }

  const logger = cliLogger(io);
  let report: Report;
  try {
    // Loaded on demand, so --help and --version do not pay for the ONNX runtime.
    const { evaluate } = await import('./evaluate.js');
    report = await evaluate(command.options, { logger });
    const files: Array<{ path: string; content: string }> = [];
    if (command.jsonPath)
      files.push({ path: command.jsonPath, content: `${JSON.stringify(report, null, 2)}\n` });
    if (command.markdownPath) files.push({ path: command.markdownPath, content: renderMarkdown(report) });
    if (command.htmlPath) files.push({ path: command.htmlPath, content: renderHtml(report, report.charts) });
    const written = await writeOutputs(files, io.cwd);
    logger.progress('');
    io.stdout(renderTerminal(report, { color: command.color }));
    for (const path of written) io.stdout(`wrote ${path}\n`);
  } catch (error) {
    logger.progress('');
    if (isUserError(error)) {
      io.stderr(`model-gate: ${error.message}\n`);
    } else {
      io.stderr(`model-gate: internal error: ${describeError(error)}\n`);
      if (io.env.MODEL_GATE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
      else io.stderr('Set MODEL_GATE_DEBUG=1 for a stack trace, and please report this as a bug.\n');
    }
    return 2;
  }
  return report.verdict === 'fail' ? 1 : 0;
}
