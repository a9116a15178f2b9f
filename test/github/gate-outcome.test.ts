import { describe, expect, it } from 'vitest';

import { decideGate, headlineOf, outcomeFromReport } from '../../src/github/gate-outcome.js';
import { comparison, makeReport } from './report-factory.js';

describe('headlineOf', () => {
  it.each([
    [makeReport(), 'Pass: 1 improved, 1 non-inferior'],
    [makeReport({ comparisons: [comparison('mae', 'inconclusive')] }), 'Pass: 1 inconclusive'],
    [
      makeReport({
        verdict: 'fail',
        comparisons: [comparison('mae', 'regressed'), comparison('rmse', 'regressed')],
      }),
      'Fail: 2 metrics regressed (mae, rmse)',
    ],
    [
      makeReport({ verdict: 'fail', comparisons: [], reasons: ['McNemar says so.'] }),
      'Fail: McNemar says so.',
    ],
    [
      makeReport({ comparisons: [], reasons: [`${'long '.repeat(60)}end`] }),
      expect.stringMatching(/^Pass: long .{140,}…$/),
    ],
  ])('%#', (report, headline) => {
    expect(headlineOf(report)).toEqual(headline);
  });
});

describe('decideGate', () => {
  const failing = outcomeFromReport(
    makeReport({ verdict: 'fail', comparisons: [comparison('f1_macro', 'regressed')] }),
    '',
    null,
  );

  it('fails the step on a failure, unless told never to', () => {
    expect(decideGate(failing, null, 'regression')).toMatchObject({
      conclusion: 'failure',
      verdictOutput: 'fail',
      failsStep: true,
    });
    expect(decideGate(failing, null, 'never')).toMatchObject({ conclusion: 'failure', failsStep: false });
  });

  it('accepts a failure with the override, naming who', () => {
    const decision = decideGate(
      failing,
      { label: 'ok', login: 'dana', at: '2024-01-01T00:00:00Z' },
      'regression',
    );
    expect(decision).toMatchObject({ conclusion: 'success', verdictOutput: 'pass', failsStep: false });
    expect(decision.title).toBe(
      '⚠️ Regression accepted by @dana (label ok). Fail: 1 metric regressed (f1_macro)',
    );
  });

  it('ignores the override on a pass', () => {
    const passing = outcomeFromReport(makeReport(), '', null);
    expect(decideGate(passing, { label: 'ok', login: 'dana', at: null }, 'regression').acceptance).toBeNull();
  });
});
