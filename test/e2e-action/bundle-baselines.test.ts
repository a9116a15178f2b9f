/**
 * The built action (dist/index.js run as the runner runs it) against the fake GitHub: the default baseline
 * when there is none yet, and when the model did not change (read through the contents API).
 */
import { describe, expect, it } from 'vitest';

import { bundleSuite, goodModel, inputs, MODEL } from './bundle-suite.js';

describe('the bundled action: baselines', () => {
  const suite = bundleSuite();

  it('reports the candidate alone and passes when there is no baseline yet', async () => {
    suite.repository({}, { [MODEL]: goodModel });
    const result = await suite.run({ with: inputs });
    expect(result.annotations).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    expect(suite.fake.checkRuns[0]?.output?.title).toBe(
      '✅ Pass: no baseline yet, the candidate was evaluated alone',
    );
    expect(suite.fake.commentsOn(7)[0]?.body).toContain('No baseline yet');
  });

  it('passes at once when the model is unchanged, reading the baseline through the API (fetch-depth 1)', async () => {
    suite.shallowCheckout({ [MODEL]: goodModel }, { [MODEL]: goodModel });
    const result = await suite.run({ with: inputs });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('not in the local history (fetch-depth 1?)');
    expect(suite.fake.requests.find((request) => request.operation === 'repos/get-content')?.query).toEqual({
      ref: '2'.repeat(40),
    });
    expect(result.outputs.summary).toBe('Pass: model unchanged');
    expect(suite.fake.commentsOn(7)[0]?.body).toContain('Model unchanged');
  });
});
