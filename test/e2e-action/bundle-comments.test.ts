/**
 * The built action (dist/index.js run as the runner runs it) against the fake GitHub: one comment per pull
 * request and gate, created once and updated in place, never someone else's.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { commentMarker } from '../../src/github/comment-upsert.js';
import { bundleSuite, goodModel, inputs, MODEL, sameSkillModel } from './bundle-suite.js';
import { FAKE_TOKEN } from './fake-github.js';

describe('the bundled action: comments', () => {
  const suite = bundleSuite();

  it('creates its comment, updates it on a rerun, keeps gates apart and leaves a comment by someone else alone', async () => {
    const { fake } = suite;
    suite.repository({ [MODEL]: goodModel }, { [MODEL]: sameSkillModel });
    const foreign = fake.addComment(7, `${commentMarker('model-gate')}\nquoted by a human`, 'alice');

    const first = await suite.run({ with: inputs });
    expect(first.stderr).toBe('');
    expect(first.annotations).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.outputs.verdict).toBe('pass');
    const created = fake.commentsOn(7)[1];
    expect(created?.login).toBe('github-actions[bot]');
    expect(created?.body.startsWith(`${commentMarker('model-gate')}\n### `)).toBe(true);
    expect(created?.body).toContain(`\`${MODEL}@${suite.shas[0]?.slice(0, 7)}\``);
    expect(first.outputs['comment-id']).toBe(String(created?.id));
    // 200 rows cannot show every rule non-inferior: the policy's default `inconclusive: warn` passes with a
    // neutral check run, and the report says so.
    const report = JSON.parse(readFileSync(first.outputs['report-json'] ?? '', 'utf8'));
    expect(report).toMatchObject({ verdict: 'pass', n: 200 });
    expect(fake.checkRuns[0]).toMatchObject({
      name: 'model-gate',
      head_sha: suite.shas[1],
      conclusion: report.gate.warned ? 'neutral' : 'success',
    });
    expect(first.outputs['check-run-id']).toBe(String(fake.checkRuns[0]?.id));
    expect(first.summary).toContain('model-gate: pass');
    // The token is registered as a secret and appears nowhere else.
    expect(first.stdout).toContain(`::add-mask::${FAKE_TOKEN}`);
    expect(first.stdout.split(FAKE_TOKEN)).toHaveLength(2);
    // The report went up as an artifact through the artifact service.
    expect(fake.artifacts.map((artifact) => [artifact.name, artifact.finalized])).toEqual([
      ['model-gate-report', true],
    ]);

    const rerun = await suite.run({ with: inputs });
    expect(rerun.exitCode).toBe(0);
    expect(fake.commentsOn(7)).toHaveLength(2);
    expect(rerun.outputs['comment-id']).toBe(String(created?.id));
    expect(fake.requests.filter((request) => request.operation === 'issues/update-comment')).toHaveLength(1);

    const otherGate = await suite.run({ with: { ...inputs, 'gate-name': 'calibration' } });
    expect(otherGate.exitCode).toBe(0);
    expect(fake.commentsOn(7).map((comment) => comment.body.split('\n')[0])).toEqual([
      commentMarker('model-gate'),
      commentMarker('model-gate'),
      commentMarker('calibration'),
    ]);
    expect(fake.comments.find((comment) => comment.id === foreign.id)?.body).toBe(
      `${commentMarker('model-gate')}\nquoted by a human`,
    );
    expect(fake.checkRuns.map((check) => check.name)).toEqual(['model-gate', 'model-gate', 'calibration']);
  });
});
