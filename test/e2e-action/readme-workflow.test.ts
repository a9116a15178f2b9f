/**
 * The README's workflows are the ones the tests run. This file reads README.md, takes the two workflow files
 * it shows (`# .github/workflows/model-gate.yml` and `# .github/workflows/model-gate-publish.yml`), checks what
 * a runner needs from them (triggers, permissions, steps, the publish job's `if:`), then runs the built action
 * (dist/index.js, as the runner runs it) with exactly their steps' `with:` values, action.yml's defaults for the
 * rest, in the workspace the README implies: models/churn.onnx (the bundled churn candidate, the baseline at
 * the base commit) and data/holdout.csv. Every API call those runs make must be allowed by the permissions
 * the README grants. It also checks that the README's Inputs and Outputs tables match action.yml.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { actionManifest } from './action-defaults.js';
import { bundleSuite } from './bundle-suite.js';
import { OWNER, REPO, type RecordedRequest } from './fake-github.js';
import { git, loadEvent, type EventName, type EventPayload } from './workspace.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const example = (name: string) => readFileSync(join(projectRoot, 'examples', 'churn', name));

const EVALUATE_WORKFLOW = '# .github/workflows/model-gate.yml';
const PUBLISH_WORKFLOW = '# .github/workflows/model-gate-publish.yml';

interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Workflow {
  name: string;
  on: Record<string, { types?: string[]; workflows?: string[] } | null>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; if?: string; steps: WorkflowStep[] }>;
}

/** The ```yaml block of the README whose first line is `marker`, parsed. */
function readmeWorkflow(marker: string): Workflow {
  const blocks = [...readme.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  const found = blocks.filter((block) => block.split('\n')[0]?.trim() === marker);
  if (found.length !== 1) throw new Error(`README.md has ${found.length} yaml blocks starting '${marker}'`);
  return parse(found[0] ?? '') as Workflow;
}

/** The only job of a workflow. */
function onlyJob(workflow: Workflow): Workflow['jobs'][string] {
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0] as Workflow['jobs'][string];
}

/** The model-gate step's `with:` map as the runner passes it: every value a string. */
function modelGateStepInputs(workflow: Workflow): Record<string, string> {
  const step = onlyJob(workflow).steps.find((entry) => /\/model-gate@/.test(entry.uses ?? ''));
  if (!step) throw new Error('no model-gate step');
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with ?? {})) {
    if (typeof value === 'object' && value !== null) throw new Error(`'${name}' is not a scalar`);
    inputs[name] = String(value);
  }
  return inputs;
}

/**
 * A GitHub Actions expression of the form `a == 'x' && b != c`, the only form the README's `if:` uses:
 * operands are `github.*` context paths or quoted strings; string comparison ignores case, as GitHub's does.
 * Anything else throws, so a README change that outgrows this evaluator is noticed.
 */
function evaluateCondition(expression: string, payload: EventPayload, eventName: string): boolean {
  const github: EventPayload = { event: payload, event_name: eventName, repository: `${OWNER}/${REPO}` };
  const operand = (text: string): unknown => {
    const literal = /^'((?:[^']|'')*)'$/.exec(text);
    if (literal) return (literal[1] ?? '').replace(/''/g, "'");
    if (!/^github(\.[A-Za-z_][A-Za-z0-9_-]*)+$/.test(text)) throw new Error(`cannot evaluate '${text}'`);
    let value: unknown = github;
    for (const key of text.split('.').slice(1)) {
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    return value;
  };
  const same = (left: unknown, right: unknown) =>
    typeof left === 'string' && typeof right === 'string'
      ? left.toLowerCase() === right.toLowerCase()
      : left === right;
  return expression.split('&&').every((clause) => {
    const match = /^\s*(\S+)\s*(==|!=)\s*(\S+)\s*$/.exec(clause);
    if (!match) throw new Error(`cannot evaluate '${clause}'`);
    const equal = same(operand(match[1] ?? ''), operand(match[3] ?? ''));
    return match[2] === '==' ? equal : !equal;
  });
}

/**
 * The GITHUB_TOKEN permission each API call needs (GitHub's REST reference, "Fine-grained access tokens" of
 * each endpoint; the issues endpoints accept pull-requests permissions on a pull request). null: no token
 * permission (GraphQL `viewer`, the artifact service's runtime token, signed blob URLs).
 */
const PERMISSION_OF: Record<string, string | null> = {
  'repos/get-content': 'contents:read',
  lfs: 'contents:read',
  'issues/list-comments': 'pull-requests:read',
  'issues/list-events': 'pull-requests:read',
  'issues/create-comment': 'pull-requests:write',
  'issues/update-comment': 'pull-requests:write',
  'pulls/list': 'pull-requests:read',
  'checks/create': 'checks:write',
  'actions/list-workflow-run-artifacts': 'actions:read',
  'actions/download-artifact': 'actions:read',
  graphql: null,
  blob: null,
};

/** The calls a run made that the workflow's `permissions:` do not allow, as "operation needs scope:level". */
function callsBeyondPermissions(requests: RecordedRequest[], permissions: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const { operation } of requests) {
    if (operation.startsWith('twirp:')) continue;
    if (!(operation in PERMISSION_OF)) {
      problems.push(`${operation}: not in PERMISSION_OF, add the permission it needs`);
      continue;
    }
    const needed = PERMISSION_OF[operation];
    if (!needed) continue;
    const [scope = '', level] = needed.split(':');
    const granted = permissions[scope];
    if (granted !== 'write' && granted !== level) problems.push(`${operation} needs ${needed}`);
  }
  return [...new Set(problems)];
}

/** The rows of the Markdown table under `heading`, as cells (first two are enough here). */
function readmeTable(heading: string): string[][] {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no '${heading}'`);
  const section = readme.slice(start + heading.length + 2).split(/\n#{1,6} /)[0] ?? '';
  const rows = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  return rows.slice(2);
}

/** `name` in backticks -> name; the default column's `empty` -> ''. */
function unquote(cell: string | undefined): string {
  if (cell === 'empty') return '';
  const match = /^`(.*)`$/.exec(cell ?? '');
  if (!match) throw new Error(`expected a value in backticks, got '${cell}'`);
  return match[1] ?? '';
}

const evaluateWorkflow = readmeWorkflow(EVALUATE_WORKFLOW);
const publishWorkflow = readmeWorkflow(PUBLISH_WORKFLOW);

describe("README.md's workflows, as a runner reads them", () => {
  it('evaluate: reruns on labels, grants exactly what the action needs, checks out then runs the action', () => {
    expect(Object.keys(evaluateWorkflow.on)).toEqual(['pull_request']);
    const types = evaluateWorkflow.on.pull_request?.types ?? [];
    expect(types).toEqual(
      expect.arrayContaining(['opened', 'synchronize', 'reopened', 'labeled', 'unlabeled']),
    );
    // The events the bundle runs below are ones this workflow triggers on.
    for (const event of ['pull_request', 'pull_request-fork', 'pull_request-labeled'] as EventName[])
      expect(types).toContain(loadEvent(event).action);
    expect(evaluateWorkflow.permissions).toEqual({
      contents: 'read',
      'pull-requests': 'write',
      checks: 'write',
    });
    const job = onlyJob(evaluateWorkflow);
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job.if).toBeUndefined();
    expect(job.steps.map((step) => step.uses)).toEqual(['actions/checkout@v5', '<owner>/model-gate@v1']);
    expect(job.steps[0]?.with).toBeUndefined(); // the default fetch-depth: 1, which the README says works
    expect(modelGateStepInputs(evaluateWorkflow)).toEqual({
      'candidate-model': 'models/churn.onnx',
      data: 'data/holdout.csv',
      label: 'churned',
    });
  });

  it('publish: follows the evaluating workflow, runs only for forks, never checks out the fork', () => {
    expect(Object.keys(publishWorkflow.on)).toEqual(['workflow_run']);
    expect(publishWorkflow.on.workflow_run).toEqual({
      workflows: [evaluateWorkflow.name],
      types: ['completed'],
    });
    expect(loadEvent('workflow_run').workflow_run.name).toBe(evaluateWorkflow.name);
    expect(publishWorkflow.permissions).toEqual({
      actions: 'read',
      'pull-requests': 'write',
      checks: 'write',
    });
    const job = onlyJob(publishWorkflow);
    expect(job['runs-on']).toBe('ubuntu-latest');
    expect(job.steps.map((step) => step.uses)).toEqual(['<owner>/model-gate@v1']);
    expect(job.steps.some((step) => step.run !== undefined)).toBe(false);
    expect(modelGateStepInputs(publishWorkflow)).toEqual({ mode: 'publish' });

    const condition = job.if ?? '';
    const fromFork = loadEvent('workflow_run');
    expect(evaluateCondition(condition, fromFork, 'workflow_run')).toBe(true);
    const sameRepository = loadEvent('workflow_run');
    sameRepository.workflow_run.head_repository.full_name = `${OWNER}/${REPO}`;
    expect(evaluateCondition(condition, sameRepository, 'workflow_run')).toBe(false);
    const fromPush = loadEvent('workflow_run');
    fromPush.workflow_run.event = 'push';
    expect(evaluateCondition(condition, fromPush, 'workflow_run')).toBe(false);
  });

  it('every `with:` key is an input of action.yml', () => {
    for (const workflow of [evaluateWorkflow, publishWorkflow])
      for (const name of Object.keys(modelGateStepInputs(workflow)))
        expect(actionManifest.inputs).toHaveProperty(name);
  });
});

describe("README.md's Inputs and Outputs tables", () => {
  it('list every input of action.yml, in order, with its default', () => {
    const documented = readmeTable('### Inputs').map(([name, value]) => [unquote(name), unquote(value)]);
    const declared = Object.entries(actionManifest.inputs).map(([name, input]) => [
      name,
      input.default ?? '',
    ]);
    expect(documented).toEqual(declared);
  });

  it('list every output of action.yml', () => {
    const documented = readmeTable('### Outputs').map(([name]) => unquote(name));
    expect([...documented].sort()).toEqual(Object.keys(actionManifest.outputs).sort());
  });
});

describe("the bundled action run with README.md's workflows", () => {
  const suite = bundleSuite();
  const MODEL = 'models/churn.onnx';
  const DATA = 'data/holdout.csv';
  const candidate = example('candidate.onnx');
  const baseline = example('baseline.onnx');
  const holdout = example('holdout.csv');
  // Runner folders (RUNNER_TEMP holds the reports the outputs point at), removed after each test.
  const runners: string[] = [];
  const runnerDirectory = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'model-gate-readme-runner-'));
    runners.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const runner of runners.splice(0)) rmSync(runner, { recursive: true, force: true });
  });

  it('evaluate on a pull request: comment, check run on the head commit, outputs', async () => {
    const { fake } = suite;
    suite.repository({ [MODEL]: baseline, [DATA]: holdout }, { [MODEL]: candidate });
    const result = await suite.run({
      with: modelGateStepInputs(evaluateWorkflow),
      event: 'pull_request',
      runnerDirectory: runnerDirectory(),
    });
    expect(result.stderr).toBe('');
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);

    const comments = fake.commentsOn(7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('<!-- model-gate:model-gate -->');
    expect(comments[0]?.body).toContain('model-gate: pass');
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'model-gate',
      head_sha: suite.shas[1],
      status: 'completed',
    });
    expect(['success', 'neutral']).toContain(fake.checkRuns[0]?.conclusion);
    expect(fake.artifacts.map((artifact) => artifact.name)).toEqual(['model-gate-report']);

    expect(result.outputs).toMatchObject({
      verdict: 'pass',
      'comment-id': String(comments[0]?.id),
      'check-run-id': String(fake.checkRuns[0]?.id),
    });
    // README's Outputs table: `summary` is the verdict line, "Pass: ..." / "Fail: ...", the check run's title.
    expect(result.outputs.summary).toMatch(/^Pass: /);
    expect(fake.checkRuns[0]?.output?.title?.endsWith(` ${result.outputs.summary}`)).toBe(true);
    expect(result.outputs['accepted-by'] ?? '').toBe('');
    const report = JSON.parse(readFileSync(result.outputs['report-json'] ?? '', 'utf8')) as Record<
      string,
      unknown
    >;
    expect(report).toMatchObject({ verdict: 'pass', task: 'binary', n: 3000 });
    expect(readFileSync(result.outputs['report-markdown'] ?? '', 'utf8')).toContain('model-gate: pass');
    // The baseline came from the base commit in the checkout, so no contents call was needed.
    expect(fake.requests.map((request) => request.operation)).not.toContain('repos/get-content');
    expect(callsBeyondPermissions(fake.requests, evaluateWorkflow.permissions)).toEqual([]);
  });

  it("evaluate with checkout's default fetch-depth 1: the baseline comes through the contents API", async () => {
    const { fake } = suite;
    suite.repository({ [MODEL]: baseline, [DATA]: holdout }, { [MODEL]: candidate });
    // What actions/checkout leaves: the head commit alone (the base commit is not in the local history).
    const clone = `${suite.workspace}-clone`;
    git(projectRoot, 'clone', '-q', '--depth', '1', `file://${suite.workspace}`, clone);
    rmSync(join(suite.workspace, '.git'), { recursive: true, force: true });
    renameSync(join(clone, '.git'), join(suite.workspace, '.git'));
    rmSync(clone, { recursive: true, force: true });
    expect(() => git(suite.workspace, 'cat-file', '-e', `${suite.shas[0]}^{commit}`)).toThrow();
    fake.files.set(`${suite.shas[0]}:${MODEL}`, baseline);

    const result = await suite.run({
      with: modelGateStepInputs(evaluateWorkflow),
      event: 'pull_request',
      runnerDirectory: runnerDirectory(),
    });
    expect(result.stderr).toBe('');
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    expect(fake.requests.map((request) => request.operation)).toContain('repos/get-content');
    expect(fake.commentsOn(7)[0]?.body).toContain('model-gate: pass');
    expect(['success', 'neutral']).toContain(fake.checkRuns[0]?.conclusion);
    expect(callsBeyondPermissions(fake.requests, evaluateWorkflow.permissions)).toEqual([]);
  });

  it('a fork: evaluate with a read-only token, then the publish workflow posts the comment and check run', async () => {
    const { fake } = suite;
    suite.repository({ [MODEL]: baseline, [DATA]: holdout }, { [MODEL]: candidate });
    fake.forbidWrites = true;
    const evaluated = await suite.run({
      with: modelGateStepInputs(evaluateWorkflow),
      event: 'pull_request-fork',
      runId: 1001,
      runnerDirectory: runnerDirectory(),
    });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.exitCode).toBe(0);
    expect(evaluated.outputs.verdict).toBe('pass');
    expect(fake.comments).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    const warnings = evaluated.annotations.filter((line) => line.startsWith('warning'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/comment on pull request #9: 403 .*'pull-requests: write'/);
    expect(warnings[1]).toMatch(/check run 'model-gate': 403 .*'checks: write'/);
    expect(evaluated.stdout).toMatch(/with mode: publish/);
    expect(fake.artifacts.map((artifact) => artifact.name)).toEqual(['model-gate-report']);
    expect(callsBeyondPermissions(fake.requests, evaluateWorkflow.permissions)).toEqual([]);

    // The publish workflow: the base repository's token, the workflow_run event of the run above.
    fake.forbidWrites = false;
    fake.requests.length = 0;
    fake.pulls.push({
      number: 9,
      headSha: suite.shas[1] ?? '',
      headLabel: 'mallory:better-model',
      state: 'open',
      labels: [],
    });
    const workflowRun = loadEvent('workflow_run');
    expect(evaluateCondition(onlyJob(publishWorkflow).if ?? '', workflowRun, 'workflow_run')).toBe(true);
    const published = await suite.run({
      with: modelGateStepInputs(publishWorkflow),
      event: 'workflow_run',
      runId: 1002,
      runnerDirectory: runnerDirectory(),
      patchEvent: (payload) => {
        payload.workflow_run.head_sha = suite.shas[1];
      },
    });
    // unzip-stream, inside @actions/artifact's download, still calls Buffer(): a deprecation warning, nothing more.
    expect(published.stderr.replace(/^.*(DEP0005|--trace-deprecation).*\n/gm, '')).toBe('');
    expect(published.annotations).toEqual([]);
    expect(published.exitCode).toBe(0);
    const [comment] = fake.commentsOn(9);
    expect(comment?.body).toContain('<!-- model-gate:model-gate -->');
    expect(comment?.body).toContain('model-gate: pass');
    expect(comment?.body).toContain(`[workflow run](https://github.com/${OWNER}/${REPO}/actions/runs/1001)`);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({ name: 'model-gate', head_sha: suite.shas[1] });
    expect(['success', 'neutral']).toContain(fake.checkRuns[0]?.conclusion);
    expect(published.outputs).toMatchObject({
      verdict: 'pass',
      'comment-id': String(comment?.id),
      'check-run-id': String(fake.checkRuns[0]?.id),
    });
    expect(fake.requests.map((request) => request.operation)).toContain('actions/download-artifact');
    expect(callsBeyondPermissions(fake.requests, publishWorkflow.permissions)).toEqual([]);
  });
});
