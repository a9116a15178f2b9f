/**
 * The built action (dist/index.js run as the runner runs it) on a pull request from a fork: a read-only token
 * (403 on every write) leaves the step's colour to the gate, and `mode: publish` in a workflow_run workflow
 * then posts the comment and check run from the uploaded artifact, through the real artifact client.
 */
import { describe, expect, it } from 'vitest';

import { bundleSuite, goodModel, inputs, MODEL, sameSkillModel } from './bundle-suite.js';

describe('the bundled action: pull requests from forks', () => {
  const suite = bundleSuite();

  it('evaluates with a read-only token, then publishes from the artifact in a workflow_run run', async () => {
    const { fake } = suite;
    suite.repository({ [MODEL]: goodModel }, { [MODEL]: sameSkillModel });
    fake.forbidWrites = true;
    // inconclusive: pass (an input over the policy's default) makes the check a plain success.
    const evaluated = await suite.run({
      with: { ...inputs, inconclusive: 'pass' },
      event: 'pull_request-fork',
      runId: 1001,
      patchEvent: (payload) => {
        payload.pull_request.base.sha = suite.shas[0];
        payload.pull_request.head.sha = suite.shas[1];
      },
    });
    expect(evaluated.stderr).toBe('');
    expect(evaluated.exitCode).toBe(0);
    expect(evaluated.outputs.verdict).toBe('pass');
    expect(evaluated.summary).toContain('model-gate: pass');
    expect(fake.comments).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    const warnings = evaluated.annotations.filter((line) => line.startsWith('warning'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/comment on pull request #9: 403 .*'pull-requests: write'/);
    expect(warnings[1]).toMatch(/check run 'model-gate': 403 .*'checks: write'/);
    expect(evaluated.stdout).toMatch(/with mode: publish/);
    expect(fake.artifacts.map((artifact) => artifact.name)).toEqual(['model-gate-report']);

    fake.forbidWrites = false;
    fake.pulls.push({
      number: 9,
      headSha: suite.shas[1] ?? '',
      headLabel: 'mallory:better-model',
      state: 'open',
      labels: [],
    });
    const published = await suite.run({
      with: { mode: 'publish' },
      event: 'workflow_run',
      runId: 1002,
      patchEvent: (payload) => {
        payload.workflow_run.head_sha = suite.shas[1];
      },
    });
    // unzip-stream, inside @actions/artifact's download, still calls Buffer(): a deprecation warning, nothing more.
    expect(published.stderr.replace(/^.*(DEP0005|--trace-deprecation).*\n/gm, '')).toBe('');
    expect(published.annotations).toEqual([]);
    expect(published.exitCode).toBe(0);
    expect(published.outputs.verdict).toBe('pass');
    const [comment] = fake.commentsOn(9);
    expect(comment?.body).toContain('model-gate: pass');
    expect(comment?.body).toContain('[workflow run](https://github.com/acme/models/actions/runs/1001)');
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'model-gate',
      head_sha: suite.shas[1],
      conclusion: 'success',
    });
    expect(fake.requests.map((request) => request.operation)).toContain('actions/download-artifact');
  });
});
