import { readFileSync } from 'node:fs';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DataError } from '../../src/errors.js';
import { commentMarker } from '../../src/github/comment-upsert.js';
import { COMMENT_LIMIT } from '../../src/github/markdown-limit.js';
import { FAKE_TOKEN, Harness } from './run-harness.js';
import { comparison, makeReport } from './report-factory.js';

const MODEL = 'models/model.onnx';
const DATA = 'data/holdout.csv';
const inputs = { 'candidate-model': MODEL, data: DATA };

describe('run (evaluate mode)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.create();
  });
  afterEach(async () => {
    expect(harness.fake.violations).toEqual([]);
    await harness.close();
  });

  it('evaluates against the model at the base commit, comments, publishes a check run and sets the outputs', async () => {
    harness.repository(
      { [MODEL]: 'baseline bytes', [DATA]: 'x,label\n1,0\n' },
      { [MODEL]: 'candidate bytes' },
    );
    const { core, evaluateCalls } = await harness.run({ with: inputs });

    expect(core.failed).toBe(false);
    expect(evaluateCalls).toHaveLength(1);
    const [options] = evaluateCalls;
    expect(options).toEqual({
      candidate: MODEL,
      baseline: expect.stringMatching(/model\.onnx$/),
      data: DATA,
      task: 'auto',
      cwd: harness.workspace,
      optionNames: expect.objectContaining({ candidate: 'candidate-model', alpha: 'alpha' }),
      configOption: 'config',
      referenceOption: 'reference',
    });
    expect(readFileSync(options?.baseline ?? '', 'utf8')).toBe('baseline bytes');

    const [comment] = harness.fake.commentsOn(7);
    expect(comment?.body.startsWith(commentMarker('model-gate'))).toBe(true);
    expect(comment?.body).toContain('## Verdict: pass');
    // The report names the base commit, not the temporary file the engine read.
    expect(comment?.body).toContain(`baseline ${MODEL}@${harness.shas[0]?.slice(0, 7)}`);
    expect(comment?.body).toContain('Gate `model-gate`');

    const [check] = harness.fake.checkRuns;
    expect(check).toMatchObject({
      name: 'model-gate',
      head_sha: harness.shas[1],
      status: 'completed',
      conclusion: 'success',
      details_url: 'https://github.com/acme/models/actions/runs/2002',
    });
    expect(check?.output?.title).toBe('✅ Pass: 1 improved, 1 non-inferior');

    expect(core.outputs).toMatchObject({
      verdict: 'pass',
      summary: 'Pass: 1 improved, 1 non-inferior',
      'comment-id': String(comment?.id),
      'check-run-id': String(check?.id),
    });
    const report = JSON.parse(readFileSync(core.outputs['report-json'] ?? '', 'utf8'));
    expect(report.verdict).toBe('pass');
    expect(readFileSync(core.outputs['report-markdown'] ?? '', 'utf8')).toContain('## Verdict: pass');
    expect(core.summary).toContain('## Verdict: pass');
    expect([...(harness.artifacts.stored.get('1001/model-gate-report')?.keys() ?? [])].sort()).toEqual([
      'model-gate.json',
      'report.html',
      'report.json',
      'report.md',
    ]);
    expect(core.secrets).toEqual([FAKE_TOKEN]);
    expect(JSON.stringify({ ...core, secrets: [] })).not.toContain(FAKE_TOKEN.slice(4));
  });

  it('updates its comment on a rerun instead of adding one, and asks who it is only then', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    await harness.run({ with: inputs });
    expect(harness.fake.requests.filter((request) => request.operation === 'graphql')).toHaveLength(0);
    const second = await harness.run({ with: inputs, report: makeReport({ reasons: ['second run'] }) });
    expect(harness.fake.commentsOn(7)).toHaveLength(1);
    expect(harness.fake.commentsOn(7)[0]?.body).toContain('second run');
    expect(harness.fake.requests.filter((request) => request.operation === 'graphql')).toHaveLength(1);
    expect(second.core.outputs['comment-id']).toBe(String(harness.fake.commentsOn(7)[0]?.id));
  });

  it('keeps two gates apart: two comments, two check runs', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    await harness.run({ with: { ...inputs, 'gate-name': 'accuracy' } });
    await harness.run({ with: { ...inputs, 'gate-name': 'calibration' } });
    await harness.run({ with: { ...inputs, 'gate-name': 'accuracy' } });
    expect(harness.fake.commentsOn(7).map((comment) => comment.body.split('\n')[0])).toEqual([
      commentMarker('accuracy'),
      commentMarker('calibration'),
    ]);
    expect(harness.fake.checkRuns.map((check) => check.name)).toEqual([
      'accuracy',
      'calibration',
      'accuracy',
    ]);
  });

  it('leaves a marked comment by someone else alone and writes its own', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const foreign = harness.fake.addComment(
      7,
      `${commentMarker('model-gate')}\nI copied the bot's comment`,
      'alice',
    );
    const { core } = await harness.run({ with: inputs });
    expect(harness.fake.commentsOn(7)).toHaveLength(2);
    expect(harness.fake.comments.find((comment) => comment.id === foreign.id)?.body).toContain('I copied');
    expect(core.logs.join('\n')).toMatch(/written by someone other than github-actions\[bot\]: left alone/);
  });

  it('edits only comments of the identity named by comment-author', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.viewerLogin = 'model-gate-app[bot]';
    harness.fake.addComment(7, `${commentMarker('model-gate')}\nold`, 'model-gate-app[bot]');
    await harness.run({ with: { ...inputs, 'comment-author': 'model-gate-app[bot]' } });
    expect(harness.fake.commentsOn(7)).toHaveLength(1);
    expect(harness.fake.requests.filter((request) => request.operation === 'graphql')).toHaveLength(0);
  });

  it('fails the step on a regression, with a failing check run', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const failing = makeReport({
      verdict: 'fail',
      reasons: ['roc_auc is worse by more than its tolerance'],
      comparisons: [comparison('accuracy', 'non-inferior'), comparison('roc_auc', 'regressed', -0.08)],
    });
    const { core } = await harness.run({ with: inputs, report: failing });
    expect(core.failed).toBe(true);
    expect(core.outputs.verdict).toBe('fail');
    expect(harness.fake.checkRuns[0]).toMatchObject({ conclusion: 'failure' });
    expect(harness.fake.checkRuns[0]?.output?.title).toBe('❌ Fail: 1 metric regressed (roc_auc)');
    expect(core.annotations).toContainEqual({
      level: 'error',
      message: "The gate 'model-gate' failed. Fail: 1 metric regressed (roc_auc)",
      properties: { title: 'model-gate: regression' },
    });
  });

  it('reports but does not fail the step with fail-on: never', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const { core } = await harness.run({
      with: { ...inputs, 'fail-on': 'never' },
      report: makeReport({ verdict: 'fail' }),
    });
    expect(core.failed).toBe(false);
    expect(core.outputs.verdict).toBe('fail');
    expect(harness.fake.checkRuns[0]?.conclusion).toBe('failure');
  });

  it('turns a failure into an accepted pass when the override label is on, naming who and when', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.addLabelEvent(7, {
      event: 'labeled',
      label: 'model-gate/accept-regression',
      login: 'carol',
      createdAt: '2024-03-01T10:00:00Z',
    });
    harness.fake.addLabelEvent(7, {
      event: 'unlabeled',
      label: 'model-gate/accept-regression',
      login: 'carol',
      createdAt: '2024-03-01T11:00:00Z',
    });
    harness.fake.addLabelEvent(7, {
      event: 'labeled',
      label: 'model-gate/accept-regression',
      login: 'bob',
      createdAt: '2024-03-02T09:30:00Z',
    });
    const failing = makeReport({ verdict: 'fail', comparisons: [comparison('roc_auc', 'regressed', -0.08)] });
    const { core } = await harness.run({ with: inputs, event: 'pull_request-labeled', report: failing });
    expect(core.failed).toBe(false);
    expect(core.outputs).toMatchObject({ verdict: 'pass', 'accepted-by': 'bob' });
    expect(harness.fake.checkRuns[0]?.conclusion).toBe('success');
    expect(harness.fake.checkRuns[0]?.output?.title).toMatch(
      /^⚠️ Regression accepted by @bob \(label model-gate\/accept-regression\)/,
    );
    const body = harness.fake.commentsOn(7)[0]?.body ?? '';
    expect(body).toContain(
      '**Regression accepted.** The gate failed, and @bob accepted it with the label `model-gate/accept-regression` on 2024-03-02 09:30:00 UTC.',
    );
    // The banner comes before the evidence.
    expect(body.indexOf('Regression accepted')).toBeLessThan(body.indexOf('## Verdict'));
  });

  it('ignores a label that was removed again', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.addLabelEvent(7, {
      event: 'labeled',
      label: 'model-gate/accept-regression',
      login: 'bob',
      createdAt: '2024-03-01T10:00:00Z',
    });
    harness.fake.addLabelEvent(7, {
      event: 'unlabeled',
      label: 'model-gate/accept-regression',
      login: 'bob',
      createdAt: '2024-03-01T11:00:00Z',
    });
    const { core } = await harness.run({ with: inputs, report: makeReport({ verdict: 'fail' }) });
    expect(core.failed).toBe(true);
    expect(core.outputs['accepted-by']).toBeUndefined();
  });

  it('on a fork (403 on every write) keeps the step green, writes the summary and the artifact, and says how to publish', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.forbidWrites = true;
    const { core } = await harness.run({ with: inputs, event: 'pull_request-fork' });
    expect(core.failed).toBe(false);
    expect(core.outputs.verdict).toBe('pass');
    expect(core.summary).toContain('## Verdict: pass');
    expect(harness.artifacts.stored.has('1001/model-gate-report')).toBe(true);
    const warnings = core.annotations
      .filter((annotation) => annotation.level === 'warning')
      .map((annotation) => annotation.message);
    expect(warnings.join('\n')).toMatch(/comment on pull request #9: 403 .*'pull-requests: write'/);
    expect(warnings.join('\n')).toMatch(/create the check run 'model-gate': 403 .*'checks: write'/);
    expect(core.logs.join('\n')).toMatch(
      /add a workflow_run workflow that runs this action with mode: publish/,
    );
    expect(harness.fake.comments).toEqual([]);
  });

  it('on a fork with a regression still fails the step (the gate decides, not the publisher)', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.forbidWrites = true;
    const { core } = await harness.run({
      with: inputs,
      event: 'pull_request-fork',
      report: makeReport({ verdict: 'fail' }),
    });
    expect(core.failed).toBe(true);
  });

  it('passes without evaluating when the model is byte-identical to the baseline', async () => {
    harness.repository({ [MODEL]: 'same bytes' }, { 'README.md': 'docs only' });
    const { core, evaluateCalls } = await harness.run({ with: inputs });
    expect(evaluateCalls).toEqual([]);
    expect(core.outputs.verdict).toBe('pass');
    expect(harness.fake.checkRuns[0]?.output?.title).toBe('✅ Pass: model unchanged');
    expect(harness.fake.commentsOn(7)[0]?.body).toContain('## ✅ Model unchanged');
    const report = JSON.parse(readFileSync(core.outputs['report-json'] ?? '', 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, verdict: 'pass', unchanged: true });
    expect(report.models.baseline.path).toBe(`${MODEL}@${harness.shas[0]?.slice(0, 7)}`);
  });

  it('reports the candidate alone and passes when there is no baseline yet', async () => {
    harness.repository({ 'README.md': 'first' }, { [MODEL]: 'the first model' });
    const { core, evaluateCalls } = await harness.run({ with: inputs });
    expect(evaluateCalls[0]?.baseline).toBeNull();
    expect(core.failed).toBe(false);
    expect(harness.fake.checkRuns[0]?.output?.title).toBe(
      '✅ Pass: no baseline yet, the candidate was evaluated alone',
    );
    expect(harness.fake.commentsOn(7)[0]?.body).toContain(
      `> No baseline yet: '${MODEL}' does not exist at the base commit ${harness.shas[0]?.slice(0, 7)}.`,
    );
  });

  it('uses baseline-model when given, resolved against the workspace', async () => {
    harness.repository({}, { [MODEL]: 'candidate', 'models/prod.onnx': 'production' });
    const { evaluateCalls } = await harness.run({
      with: { ...inputs, 'baseline-model': 'models/prod.onnx' },
    });
    expect(evaluateCalls[0]?.baseline).toBe(`${harness.workspace}/models/prod.onnx`);
  });

  it('marks the check neutral when a passing gate left a comparison inconclusive', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const report = makeReport({
      comparisons: [comparison('accuracy', 'inconclusive'), comparison('roc_auc', 'improved')],
    });
    const { core } = await harness.run({ with: inputs, report });
    expect(harness.fake.checkRuns[0]?.conclusion).toBe('neutral');
    expect(core.outputs.summary).toBe('Pass: 1 improved, 1 inconclusive');
    expect(core.failed).toBe(false);
  });

  it('annotates a bad input and makes no API call at all', async () => {
    harness.repository({}, { [MODEL]: 'candidate' });
    const { core, evaluateCalls } = await harness.run({ with: { ...inputs, task: 'clustering' } });
    expect(core.failed).toBe(true);
    expect(evaluateCalls).toEqual([]);
    expect(core.annotations).toEqual([
      {
        level: 'error',
        message:
          "Invalid value 'clustering' for input 'task': must be one of auto, binary, multiclass, regression",
        properties: { title: 'model-gate: configuration error', file: '.github/workflows/model-gate.yml' },
      },
    ]);
    expect(harness.fake.requests).toEqual([]);
    expect(core.summary).toContain('model-gate could not run');
  });

  it('annotates a data error on the file and line at fault, and writes nothing to the API', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const { core } = await harness.run({
      with: inputs,
      report: (options) => {
        throw new DataError(`${options.data}, line 3: the label column 'label' is empty`, {
          file: `${options.cwd}/${options.data}`,
          line: 3,
          column: 'label',
        });
      },
    });
    expect(core.failed).toBe(true);
    expect(core.annotations).toEqual([
      {
        level: 'error',
        message: "data/holdout.csv, line 3: the label column 'label' is empty",
        properties: { title: 'model-gate: data error', file: DATA, startLine: 3 },
      },
    ]);
    expect(harness.fake.writes()).toEqual([]);
  });

  it('reports an internal error as one, whatever was thrown', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const { core } = await harness.run({
      with: inputs,
      report: () => {
        throw 'a string, not an Error';
      },
    });
    expect(core.failed).toBe(true);
    expect(core.annotations[0]?.message).toBe(
      'model-gate internal error: a string, not an Error. Please report this as a bug.',
    );
    expect(harness.fake.writes()).toEqual([]);
  });

  it('refuses a candidate that is a Git LFS pointer (checkout without lfs: true)', async () => {
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${'1'.repeat(64)}\nsize 1000\n`;
    harness.repository({}, { [MODEL]: pointer });
    const { core, evaluateCalls } = await harness.run({ with: inputs });
    expect(evaluateCalls).toEqual([]);
    expect(core.annotations[0]?.message).toMatch(
      /is a Git LFS pointer, not the model: check out with 'lfs: true'/,
    );
  });

  it('says which input names a missing candidate', async () => {
    harness.repository({}, {});
    const { core } = await harness.run({ with: inputs });
    expect(core.annotations[0]?.message).toBe(
      `The candidate model '${MODEL}' does not exist (input 'candidate-model' or models.candidate; paths are relative to ${harness.workspace})`,
    );
  });

  it('uses .github/model-gate.yml when present and the config input is empty', async () => {
    harness.repository(
      { [MODEL]: 'baseline' },
      { [MODEL]: 'candidate', '.github/model-gate.yml': 'version: 1\n' },
    );
    const { evaluateCalls, core } = await harness.run({ with: inputs });
    expect(evaluateCalls[0]?.config).toBe('.github/model-gate.yml');
    expect(core.logs.join('\n')).toContain('Using the policy file .github/model-gate.yml.');
  });

  it('takes the models and the data from the policy file when the inputs leave them out', async () => {
    const policy = [
      'version: 1',
      'data:',
      `  path: ${DATA}`,
      '  label: churned',
      'models:',
      `  candidate: ${MODEL}`,
      '',
    ].join('\n');
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate', '.github/model-gate.yml': policy });
    const { evaluateCalls, core } = await harness.run({ with: {} });
    expect(core.failed).toBe(false);
    expect(evaluateCalls[0]).toMatchObject({ candidate: MODEL, config: '.github/model-gate.yml' });
    expect(evaluateCalls[0]?.label).toBeUndefined();
    expect(readFileSync(evaluateCalls[0]?.baseline ?? '', 'utf8')).toBe('baseline');
  });

  it("uses the policy file's baseline when it names one", async () => {
    const policy = ['version: 1', 'models:', '  baseline: models/prod.onnx', ''].join('\n');
    harness.repository(
      {},
      { [MODEL]: 'candidate', 'models/prod.onnx': 'prod', '.github/model-gate.yml': policy },
    );
    const { evaluateCalls } = await harness.run({ with: inputs });
    expect(evaluateCalls[0]?.baseline).toBe(`${harness.workspace}/models/prod.onnx`);
    expect(harness.fake.requests.filter((request) => request.operation === 'repos/get-content')).toEqual([]);
  });

  it('annotates a mistake in the policy file on its line, before any API call', async () => {
    const policy = ['version: 1', 'gate:', '  alpha: 0.7', ''].join('\n');
    harness.repository({}, { [MODEL]: 'candidate', '.github/model-gate.yml': policy });
    const { core, evaluateCalls } = await harness.run({ with: inputs });
    expect(core.failed).toBe(true);
    expect(evaluateCalls).toEqual([]);
    expect(core.annotations).toHaveLength(1);
    expect(core.annotations[0]?.properties).toMatchObject({ file: '.github/model-gate.yml', startLine: 3 });
    expect(core.annotations[0]?.message).toContain('0.7');
    expect(harness.fake.requests).toEqual([]);
  });

  it('names the input in a bad policy value given as an input', async () => {
    harness.repository({}, { [MODEL]: 'candidate' });
    const { core } = await harness.run({ with: { ...inputs, alpha: '0.7' } });
    expect(core.annotations[0]?.message).toMatch(/^Invalid value '0\.7' for 'alpha'/);
    expect(harness.fake.requests).toEqual([]);
  });

  it('says where a candidate model could come from when neither input nor policy names one', async () => {
    harness.repository({}, {});
    const { core } = await harness.run({ with: { data: DATA } });
    expect(core.annotations[0]?.message).toBe(
      "Missing input 'candidate-model' (or models.candidate in the policy file)",
    );
  });

  it('passes features, seed and batch size through', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const { evaluateCalls } = await harness.run({
      with: {
        ...inputs,
        features: 'x1, x2\nx3\n',
        seed: '42',
        'batch-size': '512',
        task: 'binary',
        label: 'churned',
      },
    });
    expect(evaluateCalls[0]).toMatchObject({
      features: ['x1', 'x2', 'x3'],
      seed: '42',
      batchSize: 512,
      task: 'binary',
      label: 'churned',
    });
  });

  it('keeps a huge report under the comment and check run limits, pointing to the full report', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const reasons = Array.from({ length: 4000 }, (_, index) => `reason ${index} ${'x'.repeat(40)}`);
    const { core } = await harness.run({ with: inputs, report: makeReport({ reasons }) });
    const body = harness.fake.commentsOn(7)[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain('The full report is in the job summary and in the artifact `model-gate-report`');
    expect(harness.fake.checkRuns[0]?.output?.summary?.length).toBeLessThanOrEqual(65_535);
    expect(core.summary).toContain('reason 3999');
  });

  it('does not comment or publish a check run when told not to', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    await harness.run({ with: { ...inputs, comment: 'false', 'check-run': 'false' } });
    expect(harness.fake.writes()).toEqual([]);
  });

  it('on a push, compares with the commit before the push and publishes the check on GITHUB_SHA', async () => {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    const { evaluateCalls, core } = await harness.run({
      with: inputs,
      event: 'push',
      patchEvent: (payload) => {
        payload.before = harness.shas[0];
      },
    });
    expect(readFileSync(evaluateCalls[0]?.baseline ?? '', 'utf8')).toBe('baseline');
    expect(harness.fake.comments).toEqual([]);
    expect(harness.fake.checkRuns[0]?.head_sha).toBe('5'.repeat(40));
    expect(core.logs.join('\n')).toContain('Not a pull request: no comment to write.');
  });
});

describe('run (publish mode)', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await Harness.create();
  });
  afterEach(async () => {
    expect(harness.fake.violations).toEqual([]);
    await harness.close();
  });

  async function evaluateOnFork(report = makeReport()) {
    harness.repository({ [MODEL]: 'baseline' }, { [MODEL]: 'candidate' });
    harness.fake.forbidWrites = true;
    const evaluated = await harness.run({ with: inputs, event: 'pull_request-fork', report });
    harness.fake.forbidWrites = false;
    harness.fake.pulls.push({
      number: 9,
      headSha: '3'.repeat(40),
      headLabel: 'mallory:better-model',
      state: 'open',
      labels: [],
    });
    return evaluated;
  }

  it('publishes the artifact of the triggering run on the fork pull request, found by its head', async () => {
    await evaluateOnFork();
    const { core, evaluateCalls } = await harness.run({ with: { mode: 'publish' }, event: 'workflow_run' });
    expect(evaluateCalls).toEqual([]);
    expect(core.failed).toBe(false);
    const [comment] = harness.fake.commentsOn(9);
    expect(comment?.body).toContain('## Verdict: pass');
    expect(comment?.body).toContain('[workflow run](https://github.com/acme/models/actions/runs/1001)');
    expect(harness.fake.checkRuns[0]).toMatchObject({ head_sha: '3'.repeat(40), conclusion: 'success' });
    const search = harness.fake.requests.find((request) => request.operation === 'pulls/list');
    expect(search?.query).toMatchObject({ head: 'mallory:better-model', state: 'open' });
    expect(core.outputs.verdict).toBe('pass');
  });

  it('rebuilds the verdict from report.json and applies the override label with its own token', async () => {
    await evaluateOnFork(
      makeReport({ verdict: 'fail', comparisons: [comparison('accuracy', 'regressed', -0.1)] }),
    );
    harness.fake.addLabelEvent(9, {
      event: 'labeled',
      label: 'model-gate/accept-regression',
      login: 'maintainer',
      createdAt: '2024-05-01T00:00:00Z',
    });
    const { core } = await harness.run({ with: { mode: 'publish' }, event: 'workflow_run' });
    expect(core.outputs).toMatchObject({ verdict: 'pass', 'accepted-by': 'maintainer' });
    expect(harness.fake.checkRuns[0]?.conclusion).toBe('success');
  });

  it('fails the publish step on a regression, like the evaluating step', async () => {
    await evaluateOnFork(makeReport({ verdict: 'fail' }));
    const { core } = await harness.run({ with: { mode: 'publish' }, event: 'workflow_run' });
    expect(core.failed).toBe(true);
    expect(harness.fake.checkRuns[0]?.conclusion).toBe('failure');
  });

  it('warns and stays green when the triggering run left no report', async () => {
    const { core } = await harness.run({ with: { mode: 'publish' }, event: 'workflow_run' });
    expect(core.failed).toBe(false);
    expect(core.annotations[0]?.message).toMatch(/Run 1001 has no artifact 'model-gate-report'/);
    expect(harness.fake.writes()).toEqual([]);
  });

  it('refuses to publish outside a workflow_run event', async () => {
    const { core } = await harness.run({ with: { mode: 'publish' }, event: 'pull_request' });
    expect(core.failed).toBe(true);
    expect(core.annotations[0]?.message).toMatch(/publish runs in a workflow triggered by 'workflow_run'/);
  });

  it('republishes an unchanged-model report', async () => {
    harness.repository({ [MODEL]: 'same' }, {});
    harness.fake.forbidWrites = true;
    await harness.run({ with: inputs, event: 'pull_request-fork' });
    harness.fake.forbidWrites = false;
    harness.fake.pulls.push({
      number: 9,
      headSha: '3'.repeat(40),
      headLabel: 'mallory:better-model',
      state: 'open',
      labels: [],
    });
    await harness.run({ with: { mode: 'publish' }, event: 'workflow_run' });
    expect(harness.fake.commentsOn(9)[0]?.body).toContain('## ✅ Model unchanged');
  });
});
