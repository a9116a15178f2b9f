// End-to-end reference check: the built CLI on pairs of fixture models, every number of its report JSON
// against scikit-learn 1.2.1 / SciPy 1.10.1 / statsmodels 0.13.5 / R pROC 1.18 computed from the models'
// torch / NumPy outputs (scripts/reference/pipeline_reference.py -> test/fixtures/reference/pipeline.json).
// Tolerances (DESIGN.md section 5, stored in the JSON): metrics 1e-6 absolute; p-values 1e-6 absolute or 1e-4
// relative; statistics 1e-6 relative; counts, flags and verdicts exact. Where a number moves by more than that
// when the model outputs move by the few float32 ulps between torch and onnxruntime (`inputNoise`, measured by
// the reference script), twice that movement is allowed instead: see report-comparer.ts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HIGHER_IS_BETTER, type Report, type Task } from '../../src/report/types.js';
import { ReportComparer, type Tolerances } from './report-comparer.js';
import {
  assertBuilt,
  describeRun,
  packageVersion,
  REPO_ROOT,
  runCli,
  runCliInProcess,
  STACK_FRAME,
  temporaryFolder,
  type CliRunner,
} from './run-cli.js';

interface ReferenceTests {
  mcnemar?: { b: number; c: number; statistic: number; pValue: number; exact: boolean };
  delong?: { aucCandidate: number; aucBaseline: number; z: number | null; pValue: number | null };
  pairedT: { t: number | null; df: number; pValue: number | null; meanDifference: number };
  wilcoxon: { statistic: number | null; pValue: number | null; zerosDropped: number };
}

interface ReferenceCase {
  name: string;
  description: string;
  args: { candidate: string; baseline: string; data: string; label: string };
  n: number;
  features: string[];
  classes?: Array<number | string>;
  task: Task;
  loss: 'log' | 'zero-one' | 'squared';
  metrics: { candidate: Record<string, number | null>; baseline: Record<string, number | null> };
  tests: ReferenceTests;
  inputNoise: Record<string, number>;
  verdict: 'pass' | 'fail';
  failingTests: string[];
  exitCode: number;
}

interface PipelineReference {
  tolerances: Tolerances;
  cases: ReferenceCase[];
}

const reference = JSON.parse(
  readFileSync(join(REPO_ROOT, 'test/fixtures/reference/pipeline.json'), 'utf8'),
) as PipelineReference;

/** The policy file model-gate reads by default (DESIGN.md section 3.3). */
const DEFAULT_POLICY_FILE = '.github/model-gate.yml';

const LOSS_WORDING: Record<ReferenceCase['loss'], string> = {
  log: 'log loss',
  'zero-one': '0-1 loss',
  squared: 'squared error',
};

/** The metrics a paired test speaks for: a gate that fails on the test's evidence names one of them. */
const TEST_METRICS: Record<string, Partial<Record<Task, string[]>>> = {
  McNemar: { binary: ['accuracy'], multiclass: ['accuracy'] },
  DeLong: { binary: ['roc_auc'] },
  'paired t': { binary: ['log_loss'], multiclass: ['log_loss'], regression: ['mse', 'rmse', 'mae'] },
};

/** The prefix of the note that explains a null (or absent) test result. */
const TEST_NOTE = { pairedT: 'paired t-test:', wilcoxon: 'Wilcoxon test:', delong: 'DeLong test:' } as const;

function sha256(path: string): string {
  return createHash('sha256')
    .update(readFileSync(join(REPO_ROOT, path)))
    .digest('hex');
}

function compareReport(report: Report, expected: ReferenceCase, tolerances: Tolerances): string[] {
  const compare = new ReportComparer(tolerances, expected.inputNoise);
  const hasNote = (prefix: string, ...words: string[]) =>
    report.notes.some((note) => note.startsWith(prefix) && words.every((word) => note.includes(word)));

  compare.exact('schemaVersion', report.schemaVersion, 1);
  compare.exact('tool.version', report.tool.version, packageVersion());
  compare.exact('verdict', report.verdict, expected.verdict);
  compare.exact('task', report.task, expected.task);
  compare.exact('n', report.n, expected.n);
  compare.exact('data.rowsRead', report.data.rowsRead, expected.n);
  compare.exact('data.features', report.data.features, expected.features);
  compare.exact('data.label', report.data.label, expected.args.label);
  compare.exact('classes', report.classes, expected.classes);
  compare.check(
    report.loss.startsWith(LOSS_WORDING[expected.loss]),
    `loss: '${report.loss}' should start with '${LOSS_WORDING[expected.loss]}'`,
  );
  compare.check(report.reasons.length > 0, 'reasons should not be empty');
  for (const failing of expected.failingTests) {
    const names = [failing, ...(TEST_METRICS[failing]?.[expected.task] ?? [])];
    compare.check(
      report.reasons.some((reason) => names.some((name) => reason.includes(name))),
      `reasons should name the failing test '${failing}' or its metric (${names.join(', ')}): ${JSON.stringify(report.reasons)}`,
    );
  }
  for (const comparison of report.comparisons) {
    const { metric } = comparison;
    compare.exact(`comparisons ${metric}.baseline`, comparison.baseline, report.metrics.baseline[metric]);
    compare.exact(`comparisons ${metric}.candidate`, comparison.candidate, report.metrics.candidate[metric]);
    if (comparison.baseline !== null && comparison.candidate !== null && comparison.delta !== null) {
      const raw = comparison.candidate - comparison.baseline;
      const oriented = HIGHER_IS_BETTER[metric] === false ? -raw : raw;
      compare.check(
        Math.abs(comparison.delta - oriented) <= 1e-12,
        `comparisons ${metric}.delta ${comparison.delta} should be ${oriented} (candidate - baseline, positive = better)`,
      );
    }
    if (comparison.blocking && comparison.outcome === 'regressed') {
      compare.check(
        expected.verdict === 'fail',
        `comparisons ${metric} regressed and blocks, but the verdict is pass`,
      );
    }
  }

  for (const role of ['candidate', 'baseline'] as const) {
    const path = expected.args[role];
    const facts = report.models[role];
    if (facts === null) throw new Error(`the report has no ${role} model`);
    compare.exact(`models.${role}.path`, facts.path, path);
    compare.exact(`models.${role}.sha256`, facts.sha256, sha256(path));
    compare.exact(`models.${role}.bytes`, facts.bytes, statSync(join(REPO_ROOT, path)).size);
    const actualMetrics = report.metrics[role];
    const expectedMetrics = expected.metrics[role];
    compare.exact(
      `metrics.${role} names`,
      Object.keys(actualMetrics).sort(),
      Object.keys(expectedMetrics).sort(),
    );
    for (const [name, value] of Object.entries(expectedMetrics)) {
      compare.metric(`metrics.${role}.${name}`, actualMetrics[name], value);
      if (value === null) {
        compare.check(hasNote(`${role}: `, name), `notes should say why ${role} ${name} is null`);
      }
    }
  }

  const tests = report.tests;
  if (tests === null) throw new Error('the report has no paired tests');
  const mcnemar = expected.tests.mcnemar;
  if (mcnemar === undefined) {
    compare.exact('tests.mcnemar', tests.mcnemar, undefined);
  } else if (tests.mcnemar === undefined) {
    compare.check(false, 'tests.mcnemar is missing');
  } else {
    compare.exact('tests.mcnemar.b', tests.mcnemar.b, mcnemar.b);
    compare.exact('tests.mcnemar.c', tests.mcnemar.c, mcnemar.c);
    compare.exact('tests.mcnemar.exact', tests.mcnemar.exact, mcnemar.exact);
    compare.statistic('tests.mcnemar.statistic', tests.mcnemar.statistic, mcnemar.statistic);
    compare.pValue('tests.mcnemar.pValue', tests.mcnemar.pValue, mcnemar.pValue);
  }

  const delong = expected.tests.delong;
  if (delong === undefined) {
    compare.exact('tests.delong', tests.delong, undefined);
    if (expected.task === 'binary') {
      compare.check(hasNote(TEST_NOTE.delong), 'notes should say why the DeLong test is absent');
    }
  } else if (tests.delong === undefined) {
    compare.check(false, 'tests.delong is missing');
  } else {
    compare.metric('tests.delong.aucCandidate', tests.delong.aucCandidate, delong.aucCandidate);
    compare.metric('tests.delong.aucBaseline', tests.delong.aucBaseline, delong.aucBaseline);
    for (const role of ['candidate', 'baseline'] as const) {
      const auc = role === 'candidate' ? tests.delong.aucCandidate : tests.delong.aucBaseline;
      const metric = report.metrics[role].roc_auc;
      compare.check(
        typeof metric === 'number' && Math.abs(auc - metric) <= 1e-12,
        `tests.delong AUC of the ${role} (${auc}) should equal metrics.${role}.roc_auc (${String(metric)})`,
      );
    }
    compare.statistic('tests.delong.z', tests.delong.z, delong.z);
    compare.pValue('tests.delong.pValue', tests.delong.pValue, delong.pValue);
    if (delong.z === null) compare.check(hasNote(TEST_NOTE.delong), 'notes should say why DeLong z is null');
  }

  const pairedT = expected.tests.pairedT;
  compare.statistic('tests.pairedT.t', tests.pairedT.t, pairedT.t);
  compare.exact('tests.pairedT.df', tests.pairedT.df, pairedT.df);
  compare.pValue('tests.pairedT.pValue', tests.pairedT.pValue, pairedT.pValue);
  compare.metric('tests.pairedT.meanDifference', tests.pairedT.meanDifference, pairedT.meanDifference);
  if (pairedT.t === null) compare.check(hasNote(TEST_NOTE.pairedT), 'notes should say why t is null');

  const wilcoxon = expected.tests.wilcoxon;
  compare.statistic('tests.wilcoxon.statistic', tests.wilcoxon.statistic, wilcoxon.statistic);
  compare.pValue('tests.wilcoxon.pValue', tests.wilcoxon.pValue, wilcoxon.pValue);
  compare.exact('tests.wilcoxon.zerosDropped', tests.wilcoxon.zerosDropped, wilcoxon.zerosDropped);
  if (wilcoxon.statistic === null) {
    compare.check(hasNote(TEST_NOTE.wilcoxon), 'notes should say why the Wilcoxon statistic is null');
  }
  return compare.mismatches;
}

/** Runs one case with `runner` and checks exit code, output and every number of the report. */
async function checkCase(testCase: ReferenceCase, runner: CliRunner, jsonPath: string): Promise<void> {
  const { candidate, baseline, data, label } = testCase.args;
  const run = await runner([
    'evaluate',
    '--candidate',
    candidate,
    '--baseline',
    baseline,
    '--data',
    data,
    '--label',
    label,
    '--json',
    jsonPath,
  ]);
  expect(run.code, describeRun(run)).toBe(testCase.exitCode);
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stdout).toContain(testCase.verdict === 'fail' ? 'FAIL' : 'PASS');
  const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
  expect(compareReport(report, testCase, reference.tolerances)).toEqual([]);
}

function jsonName(testCase: ReferenceCase, suffix: string): string {
  return `${testCase.name.replace(/[^a-z0-9]+/gi, '-')}-${suffix}.json`;
}

describe('model-gate evaluate matches the pipeline reference', () => {
  const folder = temporaryFolder('reference');
  beforeAll(() => {
    assertBuilt();
    // The runs below use the default policy; a policy file at the repository root would change the verdicts.
    if (existsSync(join(REPO_ROOT, DEFAULT_POLICY_FILE))) {
      throw new Error(`${DEFAULT_POLICY_FILE} exists: these tests assume model-gate's default policy`);
    }
  });
  afterAll(folder.remove);

  it('covers passing and failing pairs of every task', () => {
    const tasks = new Set(reference.cases.map((testCase) => `${testCase.task} ${testCase.verdict}`));
    for (const wanted of [
      'binary pass',
      'binary fail',
      'multiclass pass',
      'regression pass',
      'regression fail',
    ]) {
      if (!tasks.has(wanted)) throw new Error(`pipeline.json has no '${wanted}' case`);
    }
  });

  // Every pair through build/cli.js's main in this process (the same code as the bin, without the process
  // start-up), concurrently: which also shows that concurrent runs do not share state.
  describe.concurrent.each(reference.cases)('$name', (testCase) => {
    it(`exits ${testCase.exitCode} with a report that matches the reference (${testCase.description})`, async () => {
      await checkCase(testCase, runCliInProcess, join(folder.path, jsonName(testCase, 'main')));
    });
  });

  // A passing and a failing pair as a real `node bin/model-gate.js` process, as a user runs it.
  const spawned = [
    reference.cases.find((testCase) => testCase.verdict === 'pass'),
    reference.cases.find((testCase) => testCase.verdict === 'fail'),
  ].filter((testCase): testCase is ReferenceCase => testCase !== undefined);
  describe.concurrent.each(spawned)('$name, as a real process', (testCase) => {
    it(`exits ${testCase.exitCode} with a report that matches the reference`, async () => {
      await checkCase(testCase, runCli, join(folder.path, jsonName(testCase, 'process')));
    });
  });
});
