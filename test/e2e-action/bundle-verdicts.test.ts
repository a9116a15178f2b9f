/**
 * The built action (dist/index.js run as the runner runs it) against the fake GitHub: what each outcome does to
 * the step, the check run and the comment.
 */
import { describe, expect, it } from 'vitest';

import { bundleSuite, DATA, degradedModel, goodModel, inputs, MODEL } from './bundle-suite.js';

describe('the bundled action: verdicts', () => {
  const suite = bundleSuite();

  it('fails the step on a regression, with a failing check run', async () => {
    suite.repository({ [MODEL]: goodModel }, { [MODEL]: degradedModel });
    const result = await suite.run({ with: inputs });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    expect(suite.fake.checkRuns[0]).toMatchObject({ conclusion: 'failure', head_sha: suite.shas[1] });
    expect(suite.fake.checkRuns[0]?.output?.title).toMatch(/^❌ Fail/);
    expect(result.annotations.some((line) => line.startsWith("error The gate 'model-gate' failed."))).toBe(
      true,
    );
    expect(suite.fake.commentsOn(7)[0]?.body).toContain('model-gate: fail');
  });

  it('passes with the override label, naming who added it and when', async () => {
    suite.repository({ [MODEL]: goodModel }, { [MODEL]: degradedModel });
    suite.fake.addLabelEvent(7, {
      event: 'labeled',
      label: 'model-gate/accept-regression',
      login: 'bob',
      createdAt: '2024-03-02T09:30:00Z',
    });
    const result = await suite.run({ with: inputs, event: 'pull_request-labeled' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ verdict: 'pass', 'accepted-by': 'bob' });
    expect(suite.fake.checkRuns[0]?.conclusion).toBe('success');
    expect(suite.fake.checkRuns[0]?.output?.title).toMatch(/^⚠️ Regression accepted by @bob/);
    expect(suite.fake.commentsOn(7)[0]?.body).toContain(
      '@bob accepted it with the label `model-gate/accept-regression` on 2024-03-02 09:30:00 UTC',
    );
  });

  it('fails on bad input with an annotation on the file at fault, and writes nothing', async () => {
    suite.repository({ [MODEL]: goodModel }, { [MODEL]: degradedModel });
    const result = await suite.run({ with: { ...inputs, label: 'churned' } });
    expect(result.exitCode).toBe(1);
    const errors = result.commands.filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ title: 'model-gate: data error', file: DATA });
    expect(errors[0]?.message).toContain("'churned'");
    expect(suite.fake.writes()).toEqual([]);
    expect(suite.fake.artifacts).toEqual([]);
    expect(result.summary).toContain('model-gate could not run');
  });
});
