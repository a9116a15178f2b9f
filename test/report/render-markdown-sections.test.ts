import { describe, expect, it } from 'vitest';

import { renderMarkdown } from '../../src/report/render-markdown.js';
import type { Report, SliceReport } from '../../src/report/types.js';
import { stripCodeSpans, tableCells, tables, tableWithHeader } from './markdown-helpers.js';
import { loadReport, validateReport } from './report-fixtures.js';

const HOSTILE = {
  html: '</details><img src=x onerror=alert(1)>',
  pipe: 'a|b',
  link: '[link](javascript:alert(1))',
  backticks: '``x` `y``',
  newline: 'line\n# injected heading\n| x | y |',
  mention: '@everyone',
  math: '$$x$$',
  emphasis: '*bold* _it_',
  backslashPipe: 'C:\\data\\|x',
  list: '1. item',
  escape: 'red\u001b[31mred',
} as const;

const HOSTILE_VALUES = Object.values(HOSTILE);

/** Our own HTML: collapsible sections with our own summaries. Anything else outside code is an injection. */
const OWN_TAGS = /<details( open)?><summary>[A-Za-z ()0-9,.×]+<\/summary>|<\/details>/g;

function section(markdown: string, summaryStart: string): string {
  const start = markdown.indexOf(`<details><summary>${summaryStart}`);
  if (start === -1) throw new Error(`no section '${summaryStart}'`);
  // Sections may nest one level (flips' example rows): find the matching close.
  let depth = 0;
  const pattern = /<details|<\/details>/g;
  pattern.lastIndex = start;
  for (let match = pattern.exec(markdown); match !== null; match = pattern.exec(markdown)) {
    depth += match[0] === '<details' ? 1 : -1;
    if (depth === 0) return markdown.slice(start, match.index + match[0].length);
  }
  throw new Error(`section '${summaryStart}' is not closed`);
}

function hostileReport(): Report {
  const report = loadReport('binary-slice-regression');
  const template = report.slices?.country?.LU;
  if (template === undefined) throw new Error('fixture changed');
  const slices: Record<string, SliceReport> = {};
  for (const value of HOSTILE_VALUES) slices[value] = { ...structuredClone(template), n: 500 };
  const fr = report.slices?.country?.FR;
  if (fr === undefined) throw new Error('fixture changed');
  slices[HOSTILE.html] = { ...structuredClone(fr) };
  report.slices = { [HOSTILE.pipe]: slices, [HOSTILE.newline]: structuredClone(slices) };
  report.sliceSummary = {
    columns: [HOSTILE.pipe, HOSTILE.newline],
    minSize: 30,
    shown: { [HOSTILE.pipe]: HOSTILE_VALUES.length, [HOSTILE.newline]: HOSTILE_VALUES.length },
    suppressed: { [HOSTILE.pipe]: 1, [HOSTILE.newline]: 0 },
  };
  report.classes = [HOSTILE.html, HOSTILE.backslashPipe];
  report.flips = {
    fixed: 10,
    broken: 12,
    byClass: HOSTILE_VALUES.map((label) => ({ class: label, fixed: 1, broken: 2 })),
    bySlice: {
      [HOSTILE.pipe]: Object.fromEntries(HOSTILE_VALUES.map((value) => [value, { fixed: 1, broken: 1 }])),
    },
    changed: HOSTILE_VALUES.map((from, index) => ({
      from,
      to: HOSTILE_VALUES[(index + 1) % HOSTILE_VALUES.length] ?? 'x',
      rows: 3,
      fixed: 1,
      broken: 2,
    })),
    examples: { column: HOSTILE.backticks, broken: [...HOSTILE_VALUES], fixed: [HOSTILE.mention] },
  };
  report.drift!.reference = { path: `data/${HOSTILE.pipe}/${HOSTILE.html}.csv`, rows: 10 };
  report.drift!.features = HOSTILE_VALUES.map((feature, index) => ({
    feature,
    kind: 'numeric',
    psi: index / 20,
    test: 'ks',
    statistic: 0.1,
    pValue: 0.01,
    effectSize: 0.1,
    outOfRange: 0,
  }));
  report.drift!.quality = HOSTILE_VALUES.map((column) => ({
    column,
    missing: 1,
    constant: false,
    outOfReferenceRange: null,
  }));
  const [rule] = report.comparisons;
  if (rule === undefined) throw new Error('fixture changed');
  report.drift!.comparisons = [{ ...rule, metric: `psi ${HOSTILE.html}`, method: HOSTILE.pipe }];
  report.latency!.ratio.method = HOSTILE.html;
  return validateReport(report);
}

describe('renderMarkdown: slice regressions on the first screen', () => {
  const markdown = renderMarkdown(loadReport('binary-slice-regression'));

  it('says better overall but worse on a slice, right under the verdict', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe(
      '### ❌ model-gate: fail — worse on country = FR: accuracy dropped 3.1 points (adjusted p = 0.0042), ' +
        'although better overall',
    );
    expect(lines.slice(1, 5)).toEqual([
      '',
      '**Better overall, but worse on 1 slice:**',
      '',
      '- ❌ `country` = `FR` (1,830 rows): accuracy dropped 3.1 points (adjusted p = 0.0042); 0.8874 → 0.8563, ' +
        'Δ -0.0311, 90% CI [-0.0447, -0.0175]',
    ]);
    expect(markdown.indexOf('`FR` (1,830 rows)')).toBeLessThan(2000);
  });

  it('groups the metrics that regressed on one slice into one line, and marks non-blocking ones', () => {
    const report = loadReport('binary-slice-regression');
    const logLoss = report.slices?.country?.FR?.comparisons[1];
    const mobile = report.slices?.device?.mobile?.comparisons[0];
    if (logLoss === undefined || mobile === undefined) throw new Error('fixture changed');
    Object.assign(logLoss, { outcome: 'regressed' });
    Object.assign(mobile, { outcome: 'regressed', blocking: false });
    const rendered = renderMarkdown(report);
    expect(rendered).toContain('**Better overall, but worse on 2 slices:**');
    expect(rendered).toContain('90% CI [-0.0447, -0.0175]; also regressed: log\\_loss\n');
    expect(rendered).toMatch(
      /\n- ⚠️ `device` = `mobile` \(4,700 rows\): accuracy .* \(not blocking\); 0\.8561 → 0\.8647/,
    );
    expect(rendered.split('\n')[0]).toMatch(/, although better overall; also worse on 1 other slice$/);
  });

  it('shows no such block when nothing outside the overall table regressed', () => {
    for (const name of ['binary-pass', 'binary-fail', 'regression'] as const) {
      expect(renderMarkdown(loadReport(name))).not.toContain('overall, but worse');
    }
  });

  it('names latency and drift regressions too', () => {
    const report = loadReport('binary-slice-regression');
    const [rule] = report.comparisons;
    if (rule === undefined) throw new Error('fixture changed');
    report.latency!.comparisons = [
      { ...rule, metric: 'p95_row_us', outcome: 'regressed', baseline: 2.2, candidate: 2.9, delta: -0.7 },
    ];
    const rendered = renderMarkdown(report);
    expect(rendered).toContain('**Better overall, but worse on 1 slice and latency:**');
    expect(rendered).toContain(
      '- ❌ latency: p95\\_row\\_us rose by 0.7000 (adjusted p = 3.1e-8); 2.2000 → 2.9000',
    );
  });
});

describe('renderMarkdown: the Slices section', () => {
  const markdown = renderMarkdown(loadReport('binary-slice-regression'));
  const slices = section(markdown, 'Slices');

  it('is collapsed, counts what is shown, regressed and suppressed, and states the minimum size', () => {
    expect(
      slices.startsWith('<details><summary>Slices (6 shown, 1 regressed, 2 suppressed)</summary>\n\n'),
    ).toBe(true);
    expect(slices).toContain('Slices with fewer than 30 rows are neither tested nor shown: 2 suppressed.');
    expect(slices).toContain('**`country`** (4 slices, 1 regressed, 2 too small, not shown)');
    expect(slices).toContain('**`device`** (2 slices)');
  });

  it('lists slices worst first with the key metric, Δ with its interval and the outcome', () => {
    const rows = tableWithHeader(slices, 'accuracy: baseline → candidate');
    expect(rows[0]).toEqual(['value', 'rows', 'accuracy: baseline → candidate', 'Δ (90% CI)', 'outcome']);
    expect(rows.slice(2)).toEqual([
      ['`FR`', '1,830', '0.8874 → 0.8563', '-0.0311 [-0.0447, -0.0175]', '❌ regressed'],
      ['`LU`', '45', '0.8444 → 0.7778', '-0.0666 [-0.2107, +0.0773]', '⚠️ inconclusive'],
      ['`DE`', '2,400', '0.8450 → 0.8592', '+0.0142 [+0.0051, +0.0233]', '✅ improved'],
      ['`US`', '3,680', '0.8598 → 0.8851', '+0.0253 [+0.0178, +0.0328]', '✅ improved'],
    ]);
  });

  it('names the metric that regressed when it is not the key metric', () => {
    const report = loadReport('binary-slice-regression');
    const logLoss = report.slices?.country?.US?.comparisons[1];
    if (logLoss === undefined) throw new Error('fixture changed');
    Object.assign(logLoss, { outcome: 'regressed', blocking: false });
    const rows = tableWithHeader(renderMarkdown(report), 'accuracy: baseline → candidate');
    expect(rows[3]).toEqual([
      '`US`',
      '3,680',
      '0.8598 → 0.8851',
      '+0.0253 [+0.0178, +0.0328]',
      '⚠️ regressed (not blocking): log\\_loss',
    ]);
  });

  it('says when every slice of a column was too small', () => {
    const report = loadReport('binary-slice-regression');
    report.slices!.device = {};
    report.sliceSummary!.suppressed.device = 2;
    expect(renderMarkdown(report)).toContain(
      '**`device`** (0 slices, 2 too small, not shown)\n\n*No slice with at least 30 rows to show.*',
    );
  });
});

describe('renderMarkdown: Flips, Latency and Drift sections', () => {
  const markdown = renderMarkdown(loadReport('binary-slice-regression'));

  it('flips: totals, by class worst first, transitions, by slice and example ids in a nested section', () => {
    const flips = section(markdown, 'Flips');
    expect(flips).toContain('<details><summary>Flips (412 fixed, 344 broken)</summary>');
    expect(flips).toContain(
      '344 rows became wrong and 412 became right: net +68, the candidate is right more often.',
    );
    expect(tableWithHeader(flips, 'class | fixed').slice(2)).toEqual([
      ['`1`', '182', '194', '-12'],
      ['`0`', '230', '150', '+80'],
    ]);
    expect(tableWithHeader(flips, 'baseline predicted').slice(2)).toEqual([
      ['`1`', '`0`', '424', '230', '194'],
      ['`0`', '`1`', '332', '182', '150'],
    ]);
    expect(flips).toContain('By `country`\n\n| value | fixed | broken | net |');
    expect(flips).toContain('| `FR` | 70 | 127 | -57 |');
    expect(flips).toContain('<details><summary>Example rows</summary>\n\nIds from the column `customer_id`');
    expect(flips).toContain('- became wrong: `C-10422`, `C-10977`, `C-11305`, `C-12018`, `C-12760`');
  });

  it('latency: the ratio with its interval, and a table of quantiles, throughput and size', () => {
    const latency = section(markdown, 'Latency');
    expect(latency).toContain('<details><summary>Latency (1.31× time per row, slower)</summary>');
    expect(latency).toContain(
      "The candidate takes **1.31×** the baseline's time per row (90% CI 1.24×–1.38×, paired ratio of time per " +
        'row (t interval on log ratios)): **slower**.',
    );
    const rows = tableWithHeader(latency, 'candidate ÷ baseline');
    expect(rows.map((row) => row[0])).toEqual([
      '',
      ':--',
      'per row p50',
      'per row p95',
      'per row p99',
      'per batch p50',
      'per batch p95',
      'per batch p99',
      'throughput',
      'model size',
    ]);
    expect(rows[2]).toEqual(['per row p50', '1.6 µs', '2.1 µs', '1.31×']);
    expect(rows[8]).toEqual(['throughput', '624k rows/s', '476k rows/s', '0.763×']);
    expect(latency).toContain('Measured on 40 timed batches per model after 3 warm-up batches');
    expect(latency).not.toContain('Latency rules');
  });

  it('drift: features by PSI with flags and effect sizes, prediction drift, data quality', () => {
    const drift = section(markdown, 'Drift');
    expect(drift).toContain('<details><summary>Drift (2 of 4 features shifted)</summary>');
    expect(drift).toContain('`data/churn-reference-2024-12.csv` (20,000 rows)');
    expect(drift).toContain('1 major (PSI ≥ 0.25), 1 moderate (0.1 to 0.25), 2 stable');
    const features = tableWithHeader(drift, 'feature | kind | PSI');
    expect(features.slice(2).map((row) => [row[0], row[2], row[3], row[7]])).toEqual([
      ['`tenure_months`', '0.3120', '🔴 major', 'D = 0.1820'],
      ['`monthly_charges`', '0.1410', '🟠 moderate', 'D = 0.0910'],
      ['`support_calls`', '0.0410', 'stable', 'D = 0.0220'],
      ['`contract`', '0.0180', 'stable', 'V = 0.0310'],
    ]);
    expect(features[5]?.slice(4, 7)).toEqual(['χ²', '12.10', '0.0071']);
    expect(drift).toContain(
      "**Prediction drift**, the candidate's scores against the baseline's on the holdout set: PSI 0.0520, " +
        'KS D = 0.0610, p = 2.1e-6 (stable).',
    );
    expect(tableWithHeader(drift, 'outside reference range').slice(2)).toEqual([
      ['`tenure_months`', '0', 'no', '120'],
      ['`monthly_charges`', '14', 'no', '4'],
    ]);
    expect(drift).toContain('2 other columns without any issue.');
  });

  it('drift without a reference sample says so', () => {
    const report = loadReport('binary-slice-regression');
    report.drift = { reference: null, features: [], prediction: null, quality: [], comparisons: [] };
    const drift = section(renderMarkdown(report), 'Drift');
    expect(drift).toBe(
      '<details><summary>Drift</summary>\n\nNo reference sample was given: feature drift is not measured.\n\n</details>',
    );
  });

  it('sections come in order after the gate rules and before models', () => {
    const order = [
      '#### Gate rules',
      'Slices (',
      'Flips (',
      'Latency (',
      'Drift (',
      'Models<',
      'Data<',
      'Method<',
    ];
    const positions = order.map((needle) => markdown.indexOf(needle));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('renderMarkdown: new sections against hostile names', () => {
  const markdown = renderMarkdown(hostileReport());
  const outsideCode = stripCodeSpans(markdown);

  it('lets no HTML through outside code spans, and opens and closes its own sections', () => {
    const withoutOwnTags = outsideCode.replace(OWN_TAGS, '');
    expect(withoutOwnTags).not.toMatch(/<[a-z/!?]/i);
    expect(withoutOwnTags).not.toMatch(/&(?!amp;|lt;|gt;|#8203;|#32;)/);
    expect(outsideCode.match(/<details/g)?.length).toBe(outsideCode.match(/<\/details>/g)?.length);
  });

  it('keeps every table rectangular', () => {
    const found = tables(markdown);
    expect(found.length).toBeGreaterThanOrEqual(10);
    for (const table of found) {
      const widths = table.map((row) => tableCells(row).length);
      expect(new Set(widths).size, table.join('\n')).toBe(1);
    }
  });

  it('starts no block from inside a value', () => {
    const lines = markdown.split('\n');
    expect(
      lines
        .filter((line) => line.startsWith('#'))
        .every((line) => /^#{3,4} (❌|Paired tests|Gate rules|Charts)/.test(line)),
    ).toBe(true);
    expect(lines.filter((line) => line.startsWith('<'))).toEqual(
      lines.filter((line) => /^(<details( open)?><summary>|<\/details>$)/.test(line)),
    );
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('escapes links, emphasis, math and mentions outside code spans', () => {
    expect(outsideCode).not.toMatch(/(?<!\\)\]\(/);
    expect(outsideCode).not.toMatch(/(?<!\\)[_~$]/);
    expect(outsideCode).not.toMatch(/@(?!&#8203;)/);
  });

  it('shows hostile slice values, classes and ids in code spans', () => {
    expect(markdown).toContain('- ❌ `a|b` = `</details><img src=x onerror=alert(1)>` (1,830 rows)');
    expect(markdown).toContain('**`line\\n# injected heading\\n| x | y |`** (');
    expect(markdown).toContain('| `a\\|b` | 1 | 1 | 0 |');
    expect(markdown).toContain('Ids from the column ``` ``x` `y`` ```');
    // A backslash before a pipe cannot live in a code span inside a table: escaped text instead.
    expect(markdown).toContain('| C:\\\\data\\\\\\|x | 1 | 2 | -1 |');
  });
});
