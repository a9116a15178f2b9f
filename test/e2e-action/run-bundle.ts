/**
 * Runs the built action the way the runner does: `node <action>/dist/index.js` from an empty folder holding only
 * dist/ (no node_modules anywhere above it), working directory GITHUB_WORKSPACE, every input as INPUT_<NAME>
 * (upper case, hyphens kept) with action.yml's defaults applied, the GITHUB_* and RUNNER_* environment, an event
 * payload file, and the file commands (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, ...) as real files.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { actionInputs, inputEnvironment } from './action-defaults.js';
import { FakeGitHub, OWNER, REPO } from './fake-github.js';
import { eventNameOf, loadEvent, type EventName, type EventPayload } from './workspace.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Builds dist/ from the current sources into an empty temporary folder; returns the action's folder. */
export async function buildActionIntoEmptyFolder(): Promise<string> {
  const actionDirectory = mkdtempSync(join(tmpdir(), 'model-gate-action-'));
  await promisify(execFile)(
    process.execPath,
    ['scripts/build-dist.mjs', '--outdir', join(actionDirectory, 'dist')],
    {
      cwd: projectRoot,
    },
  );
  return actionDirectory;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface BundleResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  commands: WorkflowCommand[];
  /** The error and warning annotations, as "level [file:line] message". */
  annotations: string[];
}

export interface BundleRun {
  actionDirectory: string;
  fake: FakeGitHub;
  workspace: string;
  /** The step's `with:` values; every other input gets action.yml's default. */
  with: Record<string, string>;
  event: EventName;
  patchEvent?: (payload: EventPayload) => void;
  /** A fresh folder for this run's runner files (RUNNER_TEMP, file commands, payload). */
  runnerDirectory?: string;
  runId?: number;
}

function unescapeData(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(value: string): string {
  return unescapeData(value).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const [key = '', ...rest] = pair.split('=');
      properties[key] = unescapeProperty(rest.join('='));
    }
    commands.push({ command: match[1] ?? '', properties, message: unescapeData(match[3] ?? '') });
  }
  return commands;
}

/** GITHUB_OUTPUT's format: name<<delimiter, the value, the delimiter. */
export function parseOutputFile(content: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[index] ?? '');
    if (!match) continue;
    const [, name = '', delimiter] = match;
    const value: string[] = [];
    for (index += 1; index < lines.length && lines[index] !== delimiter; index += 1)
      value.push(lines[index] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

export async function runBundle(run: BundleRun): Promise<BundleResult> {
  const runner = run.runnerDirectory ?? mkdtempSync(join(tmpdir(), 'model-gate-runner-'));
  const temp = join(runner, 'temp');
  mkdirSync(temp, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary'),
    GITHUB_ENV: join(runner, 'env'),
    GITHUB_STATE: join(runner, 'state'),
    GITHUB_PATH: join(runner, 'path'),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  const payload = loadEvent(run.event);
  run.patchEvent?.(payload);
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(payload));
  const workflowRunId = run.event === 'workflow_run' ? String(payload.workflow_run.id) : '';
  const runId = run.runId ?? 2002;

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? runner,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: '__acme_model-gate',
    GITHUB_ACTION_PATH: run.actionDirectory,
    GITHUB_ACTOR: 'alice',
    GITHUB_API_URL: run.fake.url,
    GITHUB_GRAPHQL_URL: `${run.fake.url}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_EVENT_NAME: eventNameOf(run.event),
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: '5'.repeat(40),
    GITHUB_REF: run.event.startsWith('pull_request') ? 'refs/pull/7/merge' : 'refs/heads/main',
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '12',
    GITHUB_JOB: 'gate',
    GITHUB_WORKFLOW: 'model gate',
    GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/model-gate.yml@refs/heads/main`,
    GITHUB_WORKSPACE: run.workspace,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: process.arch === 'arm64' ? 'ARM64' : 'X64',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: join(runner, 'tool-cache'),
    ACTIONS_RUNTIME_TOKEN: FakeGitHub.runtimeToken(),
    ACTIONS_RESULTS_URL: `${run.fake.url}/`,
    ...files,
    ...inputEnvironment(actionInputs(run.with, workflowRunId)),
  };

  const child = spawn(process.execPath, [join(run.actionDirectory, 'dist', 'index.js')], {
    cwd: run.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const commands = parseCommands(stdout);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    commands,
    annotations: commands
      .filter((command) => command.command === 'error' || command.command === 'warning')
      .map((command) => {
        const where = command.properties.file
          ? ` [${command.properties.file}${command.properties.line ? `:${command.properties.line}` : ''}]`
          : '';
        return `${command.command}${where} ${command.message}`;
      }),
  };
}
