// Runs the BUILT command-line tool: `runCli` the way a user does (`node bin/model-gate.js ...` in a child
// process), `runCliInProcess` through build/cli.js's `main(argv, io)` with captured output (no process start-up:
// about 0.4 s of CPU saved per run, for the many bad-input cases). Both use the repository root as the working
// directory. The tests need `npm run build` first (npm test runs it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { main as cliMain } from '../../src/cli.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(REPO_ROOT, 'bin', 'model-gate.js');
export const MODELS = 'test/fixtures/models';
export const DATA = 'test/fixtures/data';
export const BAD = 'test/fixtures/bad';

export interface CliRun {
  /** Exit code; null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A run never takes this long on the tiny fixtures; a hang fails the test instead of stalling the suite. */
const RUN_TIMEOUT_MS = 30_000;

/** Fails with a clear message when build/ is missing, instead of a confusing module-not-found from the child. */
export function assertBuilt(): void {
  const entry = join(REPO_ROOT, 'build', 'cli.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm run build\` before these tests (npm test does)`);
  }
}

export function runCli(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  // Plain, reproducible output: no colour, no debug stack traces, whatever the developer's shell sets.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  delete env.FORCE_COLOR;
  if (extraEnv.MODEL_GATE_DEBUG === undefined) delete env.MODEL_GATE_DEBUG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

export type CliRunner = (args: readonly string[]) => Promise<CliRun>;

let builtMain: Promise<typeof cliMain> | undefined;

/** build/cli.js's main, loaded once (the built code, not src/: what `npm run build` produced). */
function loadBuiltMain(): Promise<typeof cliMain> {
  assertBuilt();
  builtMain ??= import(pathToFileURL(join(REPO_ROOT, 'build', 'cli.js')).href).then(
    (module: { main: typeof cliMain }) => module.main,
  );
  return builtMain;
}

/** The built CLI's main in this process, with an io that captures stdout / stderr (not a terminal, no colour). */
export async function runCliInProcess(args: readonly string[]): Promise<CliRun> {
  const main = await loadBuiltMain();
  let stdout = '';
  let stderr = '';
  const code = await main([...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTty: false,
    cwd: REPO_ROOT,
    env: { NO_COLOR: '1' },
  });
  return { code, signal: null, stdout, stderr };
}

/** A fresh temporary folder; `remove` deletes it. */
export function temporaryFolder(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `model-gate-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** package.json's version, the one `--version` and the report's `tool.version` must show. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** A line of a V8 stack trace ("    at fn (file.js:1:2)" or "    at file.js:1:2"). */
export const STACK_FRAME = /^\s+at\s.*(?::\d+:\d+\)?|\(native\)|<anonymous>\)?)$/m;

/** Exit code, stderr and stdout of a run, for assertion messages. */
export function describeRun(run: CliRun): string {
  return `exit ${String(run.code)}${run.signal ? ` (signal ${run.signal})` : ''}\n--- stderr ---\n${run.stderr}\n--- stdout ---\n${run.stdout}`;
}
