import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { psiComparisons } from '../../src/gate/psi-comparisons.js';
import type { DriftReport, FeatureDrift } from '../../src/report/types.js';

function feature(name: string, psi: number | null): FeatureDrift {
  return {
    feature: name,
    kind: 'numeric',
    psi,
    test: 'ks',
    statistic: 0.1,
    pValue: 0.2,
    effectSize: 0.1,
    outOfRange: 0,
  };
}

const report: DriftReport = {
  reference: { path: 'train.csv', rows: 1000 },
  features: [feature('age', 0.05), feature('income', 0.31), feature('region', null)],
  prediction: { psi: 0.12, ksStatistic: 0.08, pValue: 0.01 },
  quality: [],
  comparisons: [],
};

describe('psiComparisons', () => {
  it('gates nothing without rules (report-only by default)', () => {
    expect(psiComparisons(report, {}, { confidence: 0.9 })).toEqual([]);
  });

  it('applies one maximum to every feature', () => {
    const rows = psiComparisons(report, { allFeatures: { max: 0.25, blocking: false } }, { confidence: 0.9 });
    expect(rows.map((row) => [row.metric, row.outcome, row.blocking])).toEqual([
      ['psi:age', 'non-inferior', false],
      ['psi:income', 'regressed', false],
      ['psi:region', 'inconclusive', false],
    ]);
    expect(rows[1]).toMatchObject({
      baseline: null,
      candidate: 0.31,
      delta: null,
      ci: null,
      confidence: 0.9,
      method: 'PSI threshold',
      pValue: null,
      pValueAdjusted: null,
      tolerance: 0.25,
      toleranceRule: 'PSI <= 0.25',
      note: "PSI 0.31 of feature 'income' (holdout vs reference) is above the maximum 0.25",
    });
  });

  it('lets a feature rule override or switch off the general one, and gates prediction drift', () => {
    const rows = psiComparisons(
      report,
      {
        allFeatures: { max: 0.25, blocking: false },
        features: { age: { max: 0.01, blocking: true }, income: null },
        prediction: { max: 0.1, blocking: true },
      },
      { confidence: 0.9 },
    );
    expect(rows.map((row) => [row.metric, row.outcome, row.blocking])).toEqual([
      ['psi:age', 'regressed', true],
      ['psi:region', 'inconclusive', false],
      ['prediction_psi', 'regressed', true],
    ]);
  });

  it('names an unknown feature, the policy file and the closest feature', () => {
    const call = () =>
      psiComparisons(
        report,
        { features: { incme: { max: 0.1, blocking: true } } },
        { confidence: 0.9, policyPath: '.github/model-gate.yml', lineOf: () => 12 },
      );
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(
      "Unknown feature 'incme' in 'drift.features.incme' of .github/model-gate.yml: a PSI rule must name a " +
        "feature of the data (did you mean 'income'?); the features are 'age', 'income', 'region'",
    );
    try {
      call();
    } catch (error) {
      expect((error as ConfigurationError).location).toEqual({
        file: '.github/model-gate.yml',
        line: 12,
        column: 'drift.features.incme',
      });
    }
  });

  it('has no feature rows without a reference', () => {
    const noReference: DriftReport = { ...report, reference: null, features: [] };
    const rows = psiComparisons(
      noReference,
      { allFeatures: { max: 0.25, blocking: true }, features: { anything: null } },
      { confidence: 0.9 },
    );
    expect(rows).toEqual([]);
  });
});
