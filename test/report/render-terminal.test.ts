import { describe, expect, it } from 'vitest';

import { renderTerminal } from '../../src/report/render-terminal.js';
import { displayWidth } from '../../src/report/terminal-text.js';
import type { Report } from '../../src/report/types.js';
import { FIXTURE_NAMES, loadReport } from './report-fixtures.js';

// eslint-disable-next-line no-control-regex -- ANSI escapes are what the test looks for
const ANSI = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex -- idem
const ANY_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function plainLines(output: string): string[] {
  return output.replace(ANSI, '').split('\n');
}

function hostileReport(): Report {
  const report = loadReport('multiclass-label-only-baseline');
  const escape = '\u001b[2J\u001b[31mred\u0007';
  report.reasons = [`clears the screen ${escape}`, 'x'.repeat(400)];
  report.classes = [escape, 'a\nb', '宽字符的类别名称'.repeat(3)];
  report.data.label = escape;
  report.data.path = `/very/long/${'directory/'.repeat(30)}holdout.csv`;
  report.metrics.candidate[`metric ${escape} ${'y'.repeat(80)}`] = 0.5;
  report.notes = [`note ${escape}`, `${'word '.repeat(60)}end`];
  report.models.candidate.interpretation = `probabilities from '${escape}'`;
  report.data.rowsDropped = { [`bad ${escape}`]: 2 };
  return report;
}

describe('renderTerminal', () => {
  it.each(FIXTURE_NAMES)('%s: no ANSI codes without color, and every line fits in 100 columns', (name) => {
    const output = renderTerminal(loadReport(name), { color: false });
    expect(output).not.toMatch(ANY_CONTROL);
    for (const line of output.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(100);
    expect(output.endsWith('\n')).toBe(true);
  });

  it.each(FIXTURE_NAMES)('%s: colour changes only the escapes, not the text', (name) => {
    const report = loadReport(name);
    const colored = renderTerminal(report, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI, '')).toBe(renderTerminal(report, { color: false }));
  });

  it('binary pass: verdict line, aligned metrics table, one entry per test', () => {
    const lines = renderTerminal(loadReport('binary-pass'), { color: false }).split('\n');
    expect(lines[0]).toBe('✔ PASS  model-gate: candidate is not worse than baseline');
    expect(lines).toContain(
      '  - No metric regressed beyond its tolerance (accuracy +0.0085, tolerance 0.01).',
    );
    expect(lines).toContain('  metric             baseline  candidate  Δ candidate - baseline');
    expect(lines).toContain('  accuracy             0.8710     0.8795  ▲ +0.0085 better');
    expect(lines).toContain('  log_loss             0.3105     0.2961  ▼ -0.0144 better');
    const tableRows = lines.filter((line) => / (better|worse)$/.test(line));
    expect(tableRows).toHaveLength(8);
    // Right-aligned numbers: the candidate column ends at the same place on every row.
    expect(new Set(tableRows.map((line) => line.indexOf(' ▲') + line.indexOf(' ▼') + 1)).size).toBe(1);
    expect(lines.some((line) => line.startsWith('  McNemar   b = 58 fixed, c = 41 broke, p = 0.108'))).toBe(
      true,
    );
    expect(
      lines.some((line) => line.startsWith('  DeLong    AUC 0.9213 vs 0.9142, z = 1.41, p = 0.158')),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith('  paired t  mean d = -0.0144, t = -2.13 (1,999 df), p = 0.033')),
    ).toBe(true);
    expect(
      lines.some((line) => line.startsWith('  Wilcoxon  W = 912,345, no zero differences, p = 0.0412')),
    ).toBe(true);
    expect(lines.some((line) => line.startsWith('Gate rules'))).toBe(false);
    expect(lines).not.toContain('Notes');
    expect(
      lines.some((line) =>
        line.includes('candidate  examples/churn/candidate.onnx (sha256 9f2c4e1a7b3d, 47.1 KiB)'),
      ),
    ).toBe(true);
  });

  it('binary fail: red verdict with colour, FAIL badge and worse deltas', () => {
    const report = loadReport('binary-fail');
    const plain = renderTerminal(report, { color: false });
    expect(plain.split('\n')[0]).toBe(
      '✖ FAIL  model-gate: accuracy dropped 1.2 points (McNemar p = 0.00019)',
    );
    expect(plain).toContain('  accuracy             0.8244     0.8124  ▼ -0.0120 worse');
    expect(plain).toContain('Rows dropped\n  - 8: missing label\n  - 4: non-numeric value in a feature');
    const colored = renderTerminal(report, { color: true });
    expect(colored.split('\n')[0]).toContain('\u001b[31m✖ FAIL');
    expect(colored).toContain('\u001b[31m▼ -0.0120 worse');
    expect(renderTerminal(loadReport('binary-pass'), { color: true }).split('\n')[0]).toContain(
      '\u001b[32m✔ PASS',
    );
  });

  it('multiclass with a label-only baseline: dashes for null metrics and the notes that explain them', () => {
    const output = renderTerminal(loadReport('multiclass-label-only-baseline'), { color: false });
    expect(output).toContain('  log_loss                  —     0.1874  —\n');
    expect(output).toContain('— not defined for these data or not produced by the model; see the notes.');
    expect(output).toContain(
      '\nNotes\n  - log_loss of the baseline is undefined: models/iris-v1.onnx outputs labels only',
    );
    expect(output).toContain('roc_auc of the baseline is undefined for the same reason');
    expect(output).not.toContain('  DeLong  ');
  });

  it('regression: no classes and no classification tests', () => {
    const output = renderTerminal(loadReport('regression'), { color: false });
    expect(output).toContain(
      '  regression · 20,640 rows · data data/housing/holdout.csv · label median_house_value',
    );
    expect(output).toContain('  mse      5.053e9    2.215e9  ▼ -2.838e9 better');
    expect(output).toContain('p < 1e-300');
    expect(output).not.toContain('McNemar');
  });

  it('comparisons: a table of rules that drops the method column when the terminal is narrow', () => {
    const report = loadReport('binary-pass-with-comparisons');
    const wide = renderTerminal(report, { color: false, width: 160 });
    expect(wide).toContain('Gate rules (Δ oriented so that positive is better; warn = not blocking)');
    expect(wide).toMatch(
      / {2}f1_macro +\+0\.0084 {2}\[-0\.0131, \+0\.0299\] +0\.061 \(0\.122\) +0\.0100 {2}inconclusive \(warn\) +paired bootstrap \(2000 resamples\)\n/,
    );
    const narrow = renderTerminal(report, { color: false, width: 100 });
    expect(narrow).not.toContain('method');
    expect(narrow).toMatch(
      / {2}accuracy +\+0\.0085 {2}\[\+0\.0009, \+0\.0161\] +2\.1e-4 \(8\.4e-4\) +0\.0100 {2}improved\n/,
    );
  });

  it.each([100, 60])(
    'hostile and long text: no control characters, nothing wider than %i columns',
    (width) => {
      const output = renderTerminal(hostileReport(), { color: false, width });
      expect(output).not.toMatch(ANY_CONTROL);
      expect(output).toContain('\\u001b[2J\\u001b[31mred\\u0007');
      for (const line of output.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      const colored = renderTerminal(hostileReport(), { color: true, width });
      for (const line of plainLines(colored)) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      // Only picocolors' own colour escapes: no cursor movement or screen clearing from the report.
      expect(colored.replace(ANSI, '')).not.toMatch(ANY_CONTROL);
    },
  );

  it('falls back to one entry per row when a table cannot fit, and never goes below 60 columns', () => {
    const report = loadReport('binary-pass-with-comparisons');
    const output = renderTerminal(report, { color: false, width: 60 });
    for (const line of output.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    expect(output).toContain(
      '  accuracy: improved; Δ +0.0085, 90% CI [+0.0009, +0.0161],\n    p 2.1e-4 (8.4e-4)',
    );
    expect(output).toContain('  f1_macro: inconclusive (warn); Δ +0.0084');
    expect(renderTerminal(report, { color: false, width: 20 })).toBe(output);
  });
});
