// Bad input through the built CLI: each case must exit 2 with a message on stderr that names the file and the
// line / column (or the option, or the model input), print no stack trace, render no verdict, and write neither
// the --json nor the --markdown file. The cases run through build/cli.js's main in this process (fast); a few
// run again as a real `node bin/model-gate.js` process, as a user meets them. Then the happy paths.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Report } from '../../src/report/types.js';
import {
  assertBuilt,
  BAD,
  DATA,
  describeRun,
  MODELS,
  packageVersion,
  REPO_ROOT,
  runCli,
  runCliInProcess,
  STACK_FRAME,
  temporaryFolder,
  type CliRun,
  type CliRunner,
} from './run-cli.js';

const root = temporaryFolder('bad-input');
let folders = 0;

beforeAll(assertBuilt);
afterAll(root.remove);

/** A fresh, empty output folder for one test (tests run concurrently). */
function outputFolder(): string {
  folders += 1;
  return join(root.path, String(folders));
}

function evaluateArgs(candidate: string, baseline: string, data: string, ...extra: string[]): string[] {
  return [
    'evaluate',
    '--candidate',
    `${MODELS}/${candidate}`,
    '--baseline',
    `${MODELS}/${baseline}`,
    '--data',
    data,
    ...extra,
  ];
}

interface Outputs {
  folder: string;
  json: string;
  markdown: string;
}

async function runWithOutputs(
  args: readonly string[],
  runner: CliRunner = runCliInProcess,
): Promise<{ run: CliRun; outputs: Outputs }> {
  const folder = outputFolder();
  const outputs = { folder, json: join(folder, 'report.json'), markdown: join(folder, 'report.md') };
  const run = await runner([...args, '--json', outputs.json, '--markdown', outputs.markdown]);
  return { run, outputs };
}

/** Files left in an output folder (none after a failed run: not the reports, not their temporary files). */
function leftovers(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder) : [];
}

/**
 * Runs the CLI with --json and --markdown into a fresh folder and checks the contract for bad input. `parts`
 * are the pieces the message must contain (file, line, column, quoted value, option or model input).
 */
async function expectBadInput(
  args: readonly string[],
  parts: ReadonlyArray<string | RegExp>,
  runner: CliRunner = runCliInProcess,
): Promise<CliRun> {
  const { run, outputs } = await runWithOutputs(args, runner);
  expect(run.code, describeRun(run)).toBe(2);
  expect(run.stderr).toMatch(/^model-gate: /);
  for (const part of parts) {
    if (typeof part === 'string') expect(run.stderr).toContain(part);
    else expect(run.stderr).toMatch(part);
  }
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain('internal error');
  expect(run.stdout).not.toMatch(/PASS|FAIL/);
  expect(leftovers(outputs.folder)).toEqual([]);
  return run;
}

describe.concurrent('bad input: exit 2, a precise message, no stack trace, no report written', () => {
  describe('files', () => {
    it('a missing data file names the option and the path', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/no-such-file.csv`),
        ['--data', `'${DATA}/no-such-file.csv'`, 'not found'],
      );
    });

    it('a missing model file names the option and the path', async () => {
      await expectBadInput(evaluateArgs('no-such-model.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`), [
        '--candidate',
        `'${MODELS}/no-such-model.onnx'`,
        'not found',
      ]);
    });

    it('a directory given as the data file', async () => {
      await expectBadInput(evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', DATA), [
        '--data',
        `'${DATA}'`,
        'directory',
      ]);
    });
  });

  describe('CSV content', () => {
    it('an empty CSV file', async () => {
      await expectBadInput(evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/empty.csv`), [
        `${BAD}/empty.csv`,
        'line 1',
        'empty',
      ]);
    });

    it('a CSV file with a header and no rows', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/header-only.csv`),
        [`${BAD}/header-only.csv`, 'no data rows'],
      );
    });

    it('a label column the file does not have', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`, '--label', 'churned'),
        [`${DATA}/binary.csv`, "'churned'", '--label'],
      );
    });

    it('a --features column the file does not have', async () => {
      await expectBadInput(
        evaluateArgs(
          'binary-proba.onnx',
          'zipmap-binary.onnx',
          `${DATA}/binary.csv`,
          '--features',
          'x1,x2,x9,x4',
        ),
        [`${DATA}/binary.csv`, "'x9'", '--features'],
      );
    });

    it('a feature cell that is not a number: line, column and value', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/non-numeric.csv`),
        [`${BAD}/non-numeric.csv`, 'line 4', "'x2'", "'abc'"],
      );
    });

    it('an empty feature cell: line and column', async () => {
      await expectBadInput(evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/empty-cell.csv`), [
        `${BAD}/empty-cell.csv`,
        'line 5',
        "'x3'",
        /empty/i,
      ]);
    });

    it('NaN in a feature: line, column and value', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/nan-feature.csv`),
        [`${BAD}/nan-feature.csv`, 'line 6', "'x1'", "'NaN'"],
      );
    });

    it('Inf in a feature: line, column and value', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/inf-feature.csv`),
        [`${BAD}/inf-feature.csv`, 'line 7', "'x4'", "'inf'", /infinite/i],
      );
    });

    it('a label the binary models cannot produce (2)', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/unknown-label.csv`),
        [`${BAD}/unknown-label.csv`, 'line 8', "'label'", "'2'", 'classes: 0, 1'],
      );
    });

    it("a label the string-label models cannot produce ('platinum')", async () => {
      await expectBadInput(
        evaluateArgs('zipmap-strings.onnx', 'zipmap-strings-b.onnx', `${BAD}/unknown-string-label.csv`),
        [`${BAD}/unknown-string-label.csv`, 'line 6', "'label'", "'platinum'", 'bronze, gold, silver'],
      );
    });
  });

  describe('models', () => {
    it('a file that is not ONNX', async () => {
      await expectBadInput(evaluateArgs('not-onnx.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`), [
        `'${MODELS}/not-onnx.onnx'`,
        'candidate',
        'not a valid ONNX model',
      ]);
    });

    it('a truncated model', async () => {
      await expectBadInput(evaluateArgs('binary-proba.onnx', 'truncated.onnx', `${DATA}/binary.csv`), [
        `'${MODELS}/truncated.onnx'`,
        'baseline',
        /truncated|corrupt/,
      ]);
    });

    it('a model whose input width does not fit the data: both shapes named', async () => {
      await expectBadInput(evaluateArgs('wrong-width.onnx', 'binary-proba.onnx', `${DATA}/binary.csv`), [
        `'${MODELS}/wrong-width.onnx'`,
        "input 'input'",
        '[N,5]',
        '4 feature columns',
      ]);
    });

    it('a candidate and a baseline that disagree on the task (regressor vs multiclass)', async () => {
      await expectBadInput(evaluateArgs('regressor.onnx', 'multiclass.onnx', `${DATA}/multiclass.csv`), [
        'disagree on the task',
        `'${MODELS}/regressor.onnx'`,
        `'${MODELS}/multiclass.onnx'`,
        /regression/,
        /multiclass/,
      ]);
    });

    it('a candidate and a baseline that disagree on the number of classes (4 vs 3)', async () => {
      await expectBadInput(evaluateArgs('multiclass-4.onnx', 'multiclass.onnx', `${DATA}/multiclass.csv`), [
        'number of classes',
        /multiclass-4\.onnx' has 4/,
        /multiclass\.onnx' has 3/,
      ]);
    });

    it('a 3-class candidate against a binary baseline', async () => {
      await expectBadInput(evaluateArgs('multiclass.onnx', 'binary-proba.onnx', `${DATA}/multiclass.csv`), [
        `'${MODELS}/multiclass.onnx'`,
        `'${MODELS}/binary-proba.onnx'`,
        /multiclass/,
        /binary/,
      ]);
    });

    it('--task regression for classifiers', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`, '--task', 'regression'),
        ['--task regression', `'${MODELS}/binary-proba.onnx'`, 'binary'],
      );
    });

    it('--task binary for 3-class models', async () => {
      await expectBadInput(
        evaluateArgs('multiclass.onnx', 'multiclass-b.onnx', `${DATA}/multiclass.csv`, '--task', 'binary'),
        ['--task binary', `'${MODELS}/multiclass.onnx'`, 'multiclass'],
      );
    });
  });

  describe('command line', () => {
    it('an unknown option', async () => {
      await expectBadInput(
        [...evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`), '--frobnicate'],
        ["'--frobnicate'", '--help'],
      );
    });

    it('no --candidate', async () => {
      await expectBadInput(
        ['evaluate', '--baseline', `${MODELS}/zipmap-binary.onnx`, '--data', `${DATA}/binary.csv`],
        [/Missing .*--candidate/],
      );
    });

    it('an invalid --task', async () => {
      await expectBadInput(
        evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`, '--task', 'ranking'),
        ["'ranking'", "'--task'", 'binary', 'regression'],
      );
    });

    it('no command at all', async () => {
      const run = await runCliInProcess([]);
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stderr).toContain('evaluate');
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });

    it('an unknown command', async () => {
      const run = await runCliInProcess(['evalute', '--candidate', 'a.onnx']);
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stderr).toContain("'evalute'");
      expect(run.stderr).not.toMatch(STACK_FRAME);
    });

    // The report files are staged and renamed; a directory in the way is a usage error, with nothing left behind.
    it('a --json path that is an existing directory', async () => {
      const folder = outputFolder();
      const target = join(folder, 'existing-directory');
      mkdirSync(target, { recursive: true });
      const run = await runCliInProcess([
        ...evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`),
        '--json',
        target,
      ]);
      expect(run.code, describeRun(run)).toBe(2);
      expect(run.stderr).toContain(target);
      expect(run.stderr).not.toContain('internal error');
      expect(leftovers(folder)).toEqual(['existing-directory']);
    });
  });
});

describe.concurrent('bad input in a real process: exit code 2 and stderr as the shell sees them', () => {
  it('a data error (a non-numeric cell)', async () => {
    await expectBadInput(
      evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/non-numeric.csv`),
      [`${BAD}/non-numeric.csv`, 'line 4', "'x2'", "'abc'"],
      runCli,
    );
  });

  it('a model error (a truncated model)', async () => {
    await expectBadInput(
      evaluateArgs('binary-proba.onnx', 'truncated.onnx', `${DATA}/binary.csv`),
      [`'${MODELS}/truncated.onnx'`],
      runCli,
    );
  });

  it('a usage error (an unknown option)', async () => {
    await expectBadInput(
      [...evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${DATA}/binary.csv`), '--frobnicate'],
      ["'--frobnicate'"],
      runCli,
    );
  });
});

describe.concurrent('not errors', () => {
  it('a holdout set with a single class: roc_auc null and no DeLong test, each with a note saying why', async () => {
    const { run, outputs } = await runWithOutputs(
      evaluateArgs('binary-proba.onnx', 'zipmap-binary.onnx', `${BAD}/single-class.csv`),
    );
    expect([0, 1], describeRun(run)).toContain(run.code);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    const report = JSON.parse(readFileSync(outputs.json, 'utf8')) as Report;
    expect(existsSync(outputs.markdown)).toBe(true);
    expect(report.n).toBe(30);
    expect(report.metrics.candidate.roc_auc).toBeNull();
    expect(report.metrics.baseline.roc_auc).toBeNull();
    expect(report.tests?.delong).toBeUndefined();
    for (const role of ['candidate', 'baseline']) {
      expect(report.notes).toContainEqual(
        expect.stringMatching(new RegExp(`^${role}: roc_auc .*single class`)),
      );
    }
    expect(report.notes).toContainEqual(expect.stringMatching(/^DeLong test: .*one class/));
    // Everything that is defined for one class is still computed.
    expect(report.metrics.candidate.log_loss).toEqual(expect.any(Number));
    expect(report.tests?.mcnemar).toBeDefined();
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toContain('model-gate evaluate --candidate');
    expect(run.stdout).toMatch(/Exit codes: 0 .* 1 .* 2 /);
    expect(run.stderr).toBe('');
  });

  it("--version prints package.json's version", async () => {
    const run = await runCli(['--version']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout.trim()).toBe(packageVersion());
  });

  it('the demo command of package.json exits 0 and writes both reports', async () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const command = /node bin\/model-gate\.js ([^;&|]+)/.exec(manifest.scripts.demo ?? '')?.[1];
    if (command === undefined) throw new Error(`unexpected demo script: ${manifest.scripts.demo}`);
    const folder = outputFolder();
    const args = command.trim().split(/\s+/);
    // Same command, with the report files redirected to a temporary folder.
    const redirected = args.map((arg, index) => {
      if (args[index - 1] === '--json') return join(folder, 'report.json');
      if (args[index - 1] === '--markdown') return join(folder, 'report.md');
      return arg;
    });
    expect(redirected).toContain(join(folder, 'report.json'));
    expect(redirected).toContain(join(folder, 'report.md'));
    const run = await runCli(redirected);
    expect(run.code, describeRun(run)).toBe(0);
    const report = JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8')) as Report;
    expect(report.verdict).toBe('pass');
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toContain('model-gate');
    expect(run.stdout).toContain(`wrote ${join(folder, 'report.json')}`);
  });
});
