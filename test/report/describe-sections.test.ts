import { describe, expect, it } from 'vitest';

import { describeDrift } from '../../src/report/describe-drift.js';
import { describeFlips } from '../../src/report/describe-flips.js';
import { describeLatency } from '../../src/report/describe-latency.js';
import { describeReport } from '../../src/report/describe-report.js';
import { describeSlices } from '../../src/report/describe-slices.js';
import type { Comparison, Report } from '../../src/report/types.js';
import { loadReport } from './report-fixtures.js';

function sliceFixture(): Report {
  return loadReport('binary-slice-regression');
}

function frAccuracy(report: Report): Comparison {
  const comparison = report.slices?.country?.FR?.comparisons.find((entry) => entry.metric === 'accuracy');
  if (comparison === undefined) throw new Error('fixture changed');
  return comparison;
}

describe('describeSlices', () => {
  it('is null without slices', () => {
    expect(describeSlices(loadReport('binary-pass'))).toBeNull();
  });

  it('sorts each column worst first and counts suppressed slices', () => {
    const slices = describeSlices(sliceFixture());
    expect(slices).not.toBeNull();
    const [country, device] = slices?.columns ?? [];
    expect(country?.column).toBe('country');
    expect(country?.keyMetric).toBe('accuracy');
    expect(country?.rows.map((row) => row.value)).toEqual(['FR', 'LU', 'DE', 'US']);
    expect(country?.rows[0]).toMatchObject({
      n: 1830,
      baseline: '0.8874',
      candidate: '0.8563',
      delta: '-0.0311',
      interval: '[-0.0447, -0.0175]',
      outcome: 'regressed',
      blocking: true,
      worstMetric: null,
    });
    // The small noisy slice: a larger drop than FR, but an interval that includes 0: inconclusive, not regressed.
    expect(country?.rows[1]).toMatchObject({ value: 'LU', n: 45, outcome: 'inconclusive', delta: '-0.0666' });
    // DE: accuracy improved, log_loss only non-inferior: the key metric speaks for the row.
    expect(country?.rows[2]).toMatchObject({ value: 'DE', outcome: 'improved', worstMetric: null });
    expect(country).toMatchObject({ suppressed: 2, regressed: 1 });
    expect(device?.rows.map((row) => row.value)).toEqual(['desktop', 'mobile']);
    expect(slices).toMatchObject({
      minSize: 30,
      shown: 6,
      suppressed: 2,
      regressed: 1,
      sharedConfidence: '90%',
    });
  });

  it('makes one finding per regressed slice comparison, blocking first', () => {
    const report = sliceFixture();
    const logLoss = report.slices?.device?.mobile?.comparisons.find((entry) => entry.metric === 'log_loss');
    if (logLoss === undefined) throw new Error('fixture changed');
    Object.assign(logLoss, { outcome: 'regressed', blocking: false, pValueAdjusted: 1e-6 });
    const findings = describeSlices(report)?.findings ?? [];
    expect(findings.map((finding) => [finding.scope, finding.metric, finding.blocking])).toEqual([
      [{ kind: 'slice', column: 'country', value: 'FR', n: 1830 }, 'accuracy', true],
      [{ kind: 'slice', column: 'device', value: 'mobile', n: 4700 }, 'log_loss', false],
    ]);
    expect(findings[0]).toMatchObject({
      change: 'accuracy dropped 3.1 points (adjusted p = 0.0042)',
      baseline: '0.8874',
      candidate: '0.8563',
      delta: '-0.0311',
      interval: '[-0.0447, -0.0175]',
      confidence: '90%',
    });
  });

  it('names another metric when it regressed and the key metric did not', () => {
    const report = sliceFixture();
    const logLoss = report.slices?.country?.US?.comparisons.find((entry) => entry.metric === 'log_loss');
    if (logLoss === undefined) throw new Error('fixture changed');
    Object.assign(logLoss, { outcome: 'regressed', blocking: true });
    const country = describeSlices(report)?.columns[0];
    const us = country?.rows.find((row) => row.value === 'US');
    expect(us).toMatchObject({ outcome: 'regressed', blocking: true, worstMetric: 'log_loss' });
    // US regressed (on log_loss) and has the larger accuracy gain: it sorts right after FR.
    expect(country?.rows.map((row) => row.value)).toEqual(['FR', 'US', 'LU', 'DE']);
  });

  it('never shows a slice smaller than the minimum size, even when the report holds one', () => {
    const report = sliceFixture();
    const tiny = structuredClone(report.slices?.country?.LU);
    if (tiny === undefined || report.slices?.country === undefined) throw new Error('fixture changed');
    report.slices.country.MT = { ...tiny, n: 12 };
    report.flips!.bySlice!.country!.MT = { fixed: 1, broken: 3 };
    const country = describeSlices(report)?.columns[0];
    expect(country?.rows.map((row) => row.value)).not.toContain('MT');
    expect(country?.suppressed).toBe(3);
    expect(describeFlips(report)?.bySlice[0]?.rows.map((row) => row.label)).not.toContain('MT');
  });
});

describe('describeReport with slices', () => {
  it('better overall but worse on a slice: the headline says both', () => {
    const description = describeReport(sliceFixture());
    expect(description.overall).toBe('better');
    expect(description.headline).toBe(
      'worse on country = FR: accuracy dropped 3.1 points (adjusted p = 0.0042), although better overall',
    );
    expect(description.findingGroups).toHaveLength(1);
    expect(description.findingGroups[0]?.findings.map((finding) => finding.metric)).toEqual(['accuracy']);
  });

  it('counts the other places that regressed in the headline', () => {
    const report = sliceFixture();
    const accuracy = report.slices?.device?.desktop?.comparisons[0];
    if (accuracy === undefined) throw new Error('fixture changed');
    Object.assign(accuracy, { outcome: 'regressed', pValueAdjusted: 0.01 });
    report.latency!.comparisons = [{ ...frAccuracy(report), metric: 'p95_row_us', pValueAdjusted: 0.02 }];
    const description = describeReport(report);
    expect(description.headline).toMatch(
      /, although better overall; also worse on 1 other slice and latency$/,
    );
    expect(description.findingGroups.map((group) => group.scope.kind)).toEqual(['slice', 'slice', 'latency']);
  });

  it('a non-blocking slice regression on a pass is named in the headline', () => {
    const report = sliceFixture();
    report.verdict = 'pass';
    frAccuracy(report).blocking = false;
    expect(describeReport(report).headline).toBe(
      'no blocking regression; accuracy on country = FR regressed (not blocking)',
    );
  });
});

describe('describeFlips', () => {
  it('totals, classes and slices worst first, transitions largest first', () => {
    const flips = describeFlips(sliceFixture());
    expect(flips).toMatchObject({ fixed: 412, broken: 344, net: 68, classesWithoutFlips: 0 });
    expect(flips?.summary).toBe(
      '344 rows became wrong and 412 became right: net +68, the candidate is right more often',
    );
    expect(flips?.byClass).toEqual([
      { label: '1', fixed: 182, broken: 194, net: -12 },
      { label: '0', fixed: 230, broken: 150, net: 80 },
    ]);
    expect(flips?.transitions.map((entry) => `${entry.from}->${entry.to}:${entry.rows}`)).toEqual([
      '1->0:424',
      '0->1:332',
    ]);
    expect(flips?.bySlice[0]?.rows.map((row) => `${row.label} ${row.net}`)).toEqual([
      'FR -57',
      'LU -3',
      'DE 34',
      'US 93',
    ]);
    expect(flips?.examples?.column).toBe('customer_id');
  });

  it('says so when nothing changed, and leaves out classes without flips', () => {
    const report = sliceFixture();
    report.flips = { fixed: 0, broken: 0, byClass: [{ class: 'a', fixed: 0, broken: 0 }], changed: [] };
    const flips = describeFlips(report);
    expect(flips?.summary).toBe('no row changed between right and wrong');
    expect(flips?.byClass).toEqual([]);
    expect(flips?.classesWithoutFlips).toBe(1);
    expect(flips?.bySlice).toEqual([]);
    expect(flips?.examples).toBeNull();
  });
});

describe('describeLatency', () => {
  it('ratios per row, per batch, throughput and size, and the paired ratio in words', () => {
    const latency = describeLatency(sliceFixture());
    expect(latency?.rows.map((row) => Object.values(row).join(' | '))).toEqual([
      'per row p50 | 1.6 µs | 2.1 µs | 1.31×',
      'per row p95 | 2.2 µs | 2.9 µs | 1.32×',
      'per row p99 | 3.1 µs | 4.4 µs | 1.42×',
      'per batch p50 | 1.64 ms | 2.15 ms | 1.31×',
      'per batch p95 | 2.25 ms | 2.97 ms | 1.32×',
      'per batch p99 | 3.17 ms | 4.5 ms | 1.42×',
      'throughput | 624k rows/s | 476k rows/s | 0.763×',
      'model size | 40.0 KiB | 47.1 KiB | 1.18×',
    ]);
    expect(latency?.summary).toBe(
      "the candidate takes 1.31× the baseline's time per row (90% CI 1.24×–1.38×): slower",
    );
  });

  it.each([
    [[0.8, 0.95] as [number, number], 'faster'],
    [[0.95, 1.05] as [number, number], 'no clear difference'],
    [null, 'no clear difference'],
  ])('interval %j reads %s', (ci, speed) => {
    const report = sliceFixture();
    report.latency!.ratio.ci = ci;
    expect(describeLatency(report)?.speed).toBe(speed);
  });

  it('is null when latency was not measured', () => {
    expect(describeLatency(loadReport('binary-pass'))).toBeNull();
  });
});

describe('describeDrift', () => {
  it('features by PSI with levels, effect sizes and the quality issues only', () => {
    const drift = describeDrift(sliceFixture());
    expect(drift?.features.map((row) => [row.feature, row.psi, row.level, row.effectSize])).toEqual([
      ['tenure_months', '0.3120', 'major', 'D = 0.1820'],
      ['monthly_charges', '0.1410', 'moderate', 'D = 0.0910'],
      ['support_calls', '0.0410', 'stable', 'D = 0.0220'],
      ['contract', '0.0180', 'stable', 'V = 0.0310'],
    ]);
    expect(drift?.features[3]).toMatchObject({ test: 'χ²', statistic: '12.10', pValue: '0.0071' });
    expect(drift?.counts).toEqual({ major: 1, moderate: 1, stable: 2, unknown: 0 });
    expect(drift?.prediction).toBe('PSI 0.0520, KS D = 0.0610, p = 2.1e-6');
    expect(drift?.quality.map((row) => row.column)).toEqual(['tenure_months', 'monthly_charges']);
    expect(drift?.qualityClean).toBe(2);
  });

  it('puts a feature without PSI last and marks its level unknown; PSI 0.1 and 0.25 are the thresholds', () => {
    const report = sliceFixture();
    const [first, second, third] = report.drift!.features;
    if (first === undefined || second === undefined || third === undefined)
      throw new Error('fixture changed');
    first.psi = null;
    second.psi = 0.25;
    third.psi = 0.1;
    const drift = describeDrift(report);
    expect(drift?.features.map((row) => [row.feature, row.level])).toEqual([
      ['monthly_charges', 'major'],
      ['support_calls', 'moderate'],
      ['contract', 'stable'],
      ['tenure_months', 'unknown'],
    ]);
  });

  it('sorts drift rules worst first', () => {
    const report = sliceFixture();
    const base = frAccuracy(report);
    report.drift!.comparisons = [
      { ...base, metric: 'psi a', outcome: 'improved' },
      { ...base, metric: 'psi b', outcome: 'regressed', blocking: false },
      { ...base, metric: 'psi c', outcome: 'regressed', blocking: true },
    ];
    expect(describeDrift(report)?.comparisons.map((row) => row.metric)).toEqual(['psi c', 'psi b', 'psi a']);
  });
});
