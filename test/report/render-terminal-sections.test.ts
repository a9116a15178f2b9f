import { describe, expect, it } from 'vitest';

import { renderTerminal } from '../../src/report/render-terminal.js';
import { displayWidth } from '../../src/report/terminal-text.js';
import type { Report } from '../../src/report/types.js';
import { buildBigReport } from './big-report.js';
import { loadReport } from './report-fixtures.js';

// eslint-disable-next-line no-control-regex -- ANSI escapes are what the test looks for
const ANSI = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex -- idem
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function block(output: string, title: string): string {
  const start = output.indexOf(`\n${title}`);
  if (start === -1) throw new Error(`no block '${title}'`);
  const end = output.indexOf('\n\n', start + 1);
  return output.slice(start + 1, end === -1 ? undefined : end);
}

function hostileReport(): Report {
  const report = loadReport('binary-slice-regression');
  const escape = '\u001b[2J\u001b[31mred\u0007';
  const country = report.slices?.country;
  const fr = country?.FR;
  if (country === undefined || fr === undefined) throw new Error('fixture changed');
  delete country.FR;
  country[`${escape} ${'宽字'.repeat(30)}`] = fr;
  report.sliceSummary!.columns = ['country', 'device'];
  report.flips!.byClass[1]!.class = escape;
  report.flips!.changed[0]!.from = escape;
  report.drift!.features[0]!.feature = `${escape}${'x'.repeat(200)}`;
  report.latency!.ratio.method = escape;
  return report;
}

describe('renderTerminal: the new sections', () => {
  const output = renderTerminal(loadReport('binary-slice-regression'), { color: false });
  const lines = output.split('\n');

  it('puts the slice regression under the verdict, better overall but worse on the slice', () => {
    expect(lines.slice(0, 6)).toEqual([
      '✖ FAIL  model-gate: worse on country = FR: accuracy dropped 3.1 points (adjusted p = 0.0042),',
      '        although better overall',
      '  Better overall, but worse on 1 slice:',
      '  ✖ country = FR (1,830 rows): accuracy dropped 3.1 points (adjusted p = 0.0042); 0.8874 → 0.8563, Δ',
      '    -0.0311, 90% CI [-0.0447, -0.0175]',
      '  - accuracy on slice country = FR dropped 3.1 points (adjusted p = 0.0042)',
    ]);
  });

  it('slices: every slice when there are few, worst first, with the suppressed count', () => {
    expect(block(output, 'Slices').split('\n')).toEqual([
      'Slices (all 6, worst first; 2 suppressed: fewer than 30 rows)',
      '  slice (column)     rows  metric    baseline → candidate  Δ (+ better)  outcome',
      '  FR (country)      1,830  accuracy       0.8874 → 0.8563       -0.0311  regressed',
      '  LU (country)         45  accuracy       0.8444 → 0.7778       -0.0666  inconclusive',
      '  desktop (device)  3,300  accuracy       0.8703 → 0.8788       +0.0085  improved',
      '  mobile (device)   4,700  accuracy       0.8561 → 0.8647       +0.0086  improved',
      '  DE (country)      2,400  accuracy       0.8450 → 0.8592       +0.0142  improved',
      '  US (country)      3,680  accuracy       0.8598 → 0.8851       +0.0253  improved',
    ]);
  });

  it('flips, latency and drift in a line or two each', () => {
    expect(block(output, 'Flips')).toBe(
      'Flips\n  412 fixed, 344 broken (net +68); worst class 1 (net -12: 194 broken, 182 fixed); largest change 1\n' +
        '    → 0 (424 rows)',
    );
    expect(block(output, 'Latency')).toContain(
      "the candidate takes 1.31× the baseline's time per row (90% CI 1.24×–1.38×): slower",
    );
    expect(block(output, 'Latency').replace(/\n +/g, ' ')).toContain(
      'per row p50 2.1 µs vs 1.6 µs; 476k rows/s vs 624k rows/s; size 47.1 KiB vs 40.0 KiB (candidate vs baseline)',
    );
    const drift = block(output, 'Drift').replace(/\n +(?!-)/g, ' ');
    expect(drift).toContain(
      '- PSI against the reference: 1 major, 1 moderate of 4 features; largest: tenure_months 0.3120 (major), ' +
        'monthly_charges 0.1410 (moderate), support_calls 0.0410',
    );
    expect(drift).toContain(
      '- prediction (candidate vs baseline scores): PSI 0.0520, KS D = 0.0610, p = 2.1e-6',
    );
    expect(drift).toContain(
      '- data quality: 1 column with missing values, 0 constant, 2 with values outside the reference range',
    );
  });

  it('colours the regressed slice red and only adds escapes', () => {
    const report = loadReport('binary-slice-regression');
    const colored = renderTerminal(report, { color: true });
    expect(colored).toContain('\u001b[31m  ✖ country = FR (1,830 rows)');
    expect(colored).toContain('\u001b[31mregressed');
    expect(colored.replace(ANSI, '')).toBe(output);
  });

  it('shows the worst five of many slices and says how many more', () => {
    const big = renderTerminal(buildBigReport(), { color: false });
    const slices = block(big, 'Slices').split('\n');
    expect(slices[0]).toBe('Slices (worst 5 of 60; 18 suppressed: fewer than 100 rows)');
    expect(slices[2]).toMatch(/^ {2}FR \(country_of_residence_as_re…\s+3,007 +accuracy .* regressed$/);
    expect(slices).toHaveLength(8);
    expect(slices[7]).toBe('  55 more slices in the JSON report');
  });

  it.each([100, 60])(
    'no control characters and nothing wider than %i columns, hostile names included',
    (width) => {
      for (const report of [loadReport('binary-slice-regression'), hostileReport(), buildBigReport()]) {
        const plain = renderTerminal(report, { color: false, width });
        expect(plain).not.toMatch(ANY_CONTROL);
        for (const line of plain.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
        const colored = renderTerminal(report, { color: true, width });
        expect(colored.replace(ANSI, '')).toBe(plain);
      }
      expect(renderTerminal(hostileReport(), { color: false, width })).toContain(
        '\\u001b[2J\\u001b[31mred\\u0007',
      );
    },
  );

  it('falls back to one entry per slice when the table cannot fit', () => {
    const narrow = renderTerminal(loadReport('binary-slice-regression'), { color: false, width: 60 });
    expect(block(narrow, 'Slices').split('\n').slice(0, 5)).toEqual([
      'Slices',
      '  (all 6, worst first; 2 suppressed: fewer than 30 rows)',
      '  FR (country), 1,830 rows: regressed; accuracy 0.8874 →',
      '    0.8563, Δ -0.0311',
      '  LU (country), 45 rows: inconclusive; accuracy 0.8444 →',
    ]);
  });
});
