import { describe, expect, it } from 'vitest';

import { renderMarkdown } from '../../src/report/render-markdown.js';
import type { Report } from '../../src/report/types.js';
import { stripCodeSpans, tableCells, tables, tableWithHeader } from './markdown-helpers.js';
import { FIXTURE_NAMES, loadReport } from './report-fixtures.js';

const HOSTILE = {
  html: '</details><img src=x onerror=alert(1)>',
  pipe: 'a|b',
  link: '[link](javascript:alert(1))',
  backticks: '``x` `y``',
  newline: 'line\n# injected heading\n| x | y |',
  mention: '@everyone',
  math: '$$\\rule{9999px}{9999px}$$',
  emphasis: '*bold* _it_ ~~s~~',
  backslashPipe: 'C:\\data\\|x',
  list: '1. item',
  entity: '&lt;script&gt;',
  escape: 'red\u001b[31mred',
} as const;

const HOSTILE_VALUES = Object.values(HOSTILE);

function hostileReport(): Report {
  const report = loadReport('binary-pass-with-comparisons');
  report.reasons = [`reason with ${HOSTILE.html}`, HOSTILE.newline, HOSTILE.list];
  report.classes = [HOSTILE.html, HOSTILE.pipe];
  report.data.path = `data/${HOSTILE.pipe}/${HOSTILE.backticks}.csv`;
  report.data.label = HOSTILE.html;
  report.data.features = [...HOSTILE_VALUES];
  report.data.rowsDropped = { [`bad value ${HOSTILE.pipe} ${HOSTILE.link}`]: 3 };
  report.data.rowsRead = report.n + 3;
  report.notes = HOSTILE_VALUES.map((value) => `note: ${value}`);
  report.models.candidate.path = HOSTILE.backslashPipe;
  report.models.baseline!.path = HOSTILE.link;
  report.models.candidate.interpretation = `probabilities from '${HOSTILE.html}'`;
  report.models.candidate.inputs = HOSTILE_VALUES.map((name) => ({
    name,
    type: 'float32',
    shape: [name, 1],
  }));
  report.metrics.candidate[HOSTILE.pipe] = 1;
  report.metrics.baseline[HOSTILE.pipe] = 2;
  const [first] = report.comparisons;
  if (first !== undefined) first.method = HOSTILE.html + HOSTILE.pipe;
  return report;
}

/** Our own HTML: the collapsible sections. Anything else after removing code spans is an injection. */
const OWN_TAGS = /<details( open)?><summary>[A-Za-z ()0-9,]+<\/summary>|<\/details>/g;

describe('renderMarkdown on the sample reports', () => {
  it.each(FIXTURE_NAMES)('%s: verdict first, one line, then well-formed tables', (name) => {
    const report = loadReport(name);
    const markdown = renderMarkdown(report);
    const [firstLine = ''] = markdown.split('\n');
    const icon = report.verdict === 'pass' ? '✅' : '❌';
    expect(firstLine.startsWith(`### ${icon} model-gate: ${report.verdict} — `)).toBe(true);
    expect(markdown.endsWith('\n')).toBe(true);
    for (const table of tables(markdown)) {
      const widths = table.map((row) => tableCells(row).length);
      expect(new Set(widths).size, table.join('\n')).toBe(1);
      expect(tableCells(table[1] ?? '').every((cell) => /^:?-+:?$/.test(cell))).toBe(true);
    }
    expect(markdown.match(/<details/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
    expect(renderMarkdown(report)).toBe(markdown);
  });

  it('binary pass: headline, context, metrics with direction and the four paired tests', () => {
    const markdown = renderMarkdown(loadReport('binary-pass'));
    expect(markdown).toContain('### ✅ model-gate: pass — candidate is not worse than baseline\n');
    expect(markdown).toContain(
      '**binary** classification · **2,000** rows · 2 classes: `0`, `1` · data `examples/churn/holdout.csv` · label `churned`',
    );
    const metrics = tableWithHeader(markdown, 'metric | baseline | candidate');
    expect(metrics.slice(2).map((row) => row[0])).toEqual([
      'accuracy',
      'balanced\\_accuracy',
      'precision\\_macro',
      'recall\\_macro',
      'f1\\_macro',
      'log\\_loss',
      'roc\\_auc',
      'brier\\_score',
    ]);
    expect(metrics[2]).toEqual(['accuracy', '0.8710', '0.8795', '▲ +0.0085 better']);
    // Lower is better for log loss: a drop is an improvement.
    expect(metrics[7]).toEqual(['log\\_loss', '0.3105', '0.2961', '▼ -0.0144 better']);
    expect(markdown).toContain(
      '- **McNemar** (errors on the same rows): b = 58 rows the candidate fixed, c = 41 rows it broke; p = 0.108 ' +
        '(chi-square with continuity correction, χ² = 2.59): the candidate makes fewer errors, but the difference ' +
        'is consistent with chance.',
    );
    expect(markdown).toContain("z = 1.41, p = 0.158: the candidate's AUC is higher, but the difference");
    expect(markdown).toContain(
      "mean d = -0.0144 (d = candidate loss - baseline loss; negative favours the candidate), t = -2.13 on 1,999 df, p = 0.033: the candidate's loss is lower (better); the difference is unlikely to be chance.",
    );
    expect(markdown).toContain('W = min(W+, W-) = 912,345');
    expect(markdown).not.toContain('#### Gate rules');
    expect(markdown).not.toContain('Notes (');
    for (const section of ['Models', 'Data', 'Method']) {
      expect(markdown).toContain(`<details><summary>${section}</summary>\n\n`);
    }
    expect(markdown).toContain('| sha256 | `1a2b3c4d5e6f` | `9f2c4e1a7b3d` |');
    expect(markdown).toContain('| size | 40.0 KiB | 47.1 KiB |');
    expect(markdown).toContain('| candidate | output | `probabilities` | float32 | `[batch, 2]` |');
    expect(markdown).toContain('created 2025-01-15T10:00:00.000Z');
  });

  it('binary fail: the headline says what regressed, the reasons do not repeat it', () => {
    const markdown = renderMarkdown(loadReport('binary-fail'));
    expect(markdown.split('\n')[0]).toBe(
      '### ❌ model-gate: fail — accuracy dropped 1.2 points (McNemar p = 0.00019)',
    );
    expect(markdown).toContain('\n- log\\_loss rose by 0.0212 (paired t p = 0.0007)\n');
    expect(markdown.match(/accuracy dropped 1\.2 points/g)).toHaveLength(1);
    expect(markdown).toContain('**4,988** of 5,000 rows (12 dropped)');
    expect(markdown).toContain('| accuracy | 0.8244 | 0.8124 | ▼ -0.0120 **worse** |');
    expect(markdown).toContain('| log\\_loss | 0.4109 | 0.4321 | ▲ +0.0212 **worse** |');
    expect(markdown).toContain('c = 155 rows it broke; p = 1.9e-4');
    expect(markdown).toContain(
      'the candidate makes more errors; the difference is very unlikely to be chance',
    );
    expect(markdown).toContain("the candidate's AUC is lower; the difference is very unlikely to be chance");
    expect(markdown).toContain("the candidate's loss is higher (worse)");
    expect(markdown).toContain('  - 8 dropped: missing label\n  - 4 dropped: non-numeric value in a feature');
    expect(markdown).toContain('| baseline | input | `income` | float32 | `[?, 1]` |');
  });

  it('multiclass with a label-only baseline: null metrics are dashes and the notes are open', () => {
    const markdown = renderMarkdown(loadReport('multiclass-label-only-baseline'));
    expect(markdown).toContain('3 classes: `setosa`, `versicolor`, `virginica`');
    expect(markdown).toContain('| log\\_loss | — | 0.1874 | — |');
    expect(markdown).toContain('| roc\\_auc | — | 0.9862 | — |');
    expect(markdown).toContain(
      '— not defined for these data or not produced by the model; the notes below say why.',
    );
    expect(markdown).toContain('<details open><summary>Notes (3)</summary>');
    expect(markdown).toContain(
      "- log\\_loss of the baseline is undefined: models/iris-v1.onnx outputs labels only ('label' \\[N\\]), no probabilities.",
    );
    expect(markdown).toContain('p = 0.0755 (exact binomial test on min(b, c) = 8)');
    expect(markdown).toContain('weak evidence: the difference could be chance');
    expect(markdown).not.toContain('**DeLong**');
    expect(markdown).toContain('424 zero differences dropped');
  });

  it('regression: no classes, no McNemar or DeLong, large values and tiny p-values stay readable', () => {
    const markdown = renderMarkdown(loadReport('regression'));
    expect(markdown).toContain('**regression** · **20,640** rows · data `data/housing/holdout.csv`');
    expect(markdown).not.toContain('classes');
    expect(markdown).not.toContain('**McNemar**');
    expect(markdown).toContain('| mae | 53320.01 | 31245.67 | ▼ -22074.34 better |');
    expect(markdown).toContain('| mse | 5.053e9 | 2.215e9 | ▼ -2.838e9 better |');
    expect(markdown).toContain('| r2 | 0.6062 | 0.8337 | ▲ +0.2275 better |');
    expect(markdown).toContain('p &lt; 1e-300');
    expect(markdown).toContain('p = 3.2e-210');
    expect(markdown).not.toContain('McNemar compares');
    expect(markdown).not.toContain('DeLong (1988)');
    expect(markdown).not.toContain('Gate rules');
    expect(markdown).toContain('| size | 812 B | 70.0 MiB |');
  });

  it('comparisons: one row per rule with interval, adjusted p, tolerance and outcome', () => {
    const markdown = renderMarkdown(loadReport('binary-pass-with-comparisons'));
    expect(markdown.split('\n')[0]).toBe(
      '### ✅ model-gate: pass — no regression found; 1 comparison inconclusive',
    );
    const rows = tableWithHeader(markdown, 'p (adjusted)');
    expect(rows[0]).toEqual(['metric', 'Δ', '90% CI', 'p (adjusted)', 'tolerance', 'outcome', 'method']);
    expect(rows[2]).toEqual([
      'accuracy',
      '+0.0085',
      '[+0.0009, +0.0161]',
      '2.1e-4 (8.4e-4)',
      '0.0100',
      '✅ improved',
      'paired proportions (Tango score interval)',
    ]);
    expect(rows[3]?.[5]).toBe('✅ non-inferior');
    expect(rows[3]?.[6]).toBe('DeLong (Sun &amp; Xu 2014)');
    expect(rows[5]?.slice(0, 6)).toEqual([
      'f1\\_macro',
      '+0.0084',
      '[-0.0131, +0.0299]',
      '0.061 (0.122)',
      '0.0100',
      '⚠️ inconclusive (not blocking)',
    ]);
  });

  it('a failing comparison gives the headline; mixed confidences move into the cells', () => {
    const report = loadReport('binary-pass-with-comparisons');
    report.verdict = 'fail';
    const [accuracy, rocAuc] = report.comparisons;
    if (accuracy === undefined || rocAuc === undefined) throw new Error('fixture changed');
    Object.assign(accuracy, { baseline: 0.8795, candidate: 0.871, delta: -0.0085, outcome: 'regressed' });
    rocAuc.confidence = 0.95;
    const markdown = renderMarkdown(report);
    expect(markdown.split('\n')[0]).toBe(
      '### ❌ model-gate: fail — accuracy dropped 0.85 points (adjusted p = 8.4e-4)',
    );
    const rows = tableWithHeader(markdown, 'p (adjusted)');
    expect(rows[0]?.[2]).toBe('CI');
    expect(rows[2]?.[2]).toBe('[+0.0009, +0.0161] (90%)');
    expect(rows[3]?.[2]).toBe('[-0.0012, +0.0154] (95%)');
    expect(rows[2]?.[5]).toBe('❌ regressed');
  });

  it('undefined statistics are said in words, never shown as numbers', () => {
    const report = loadReport('binary-pass');
    report.tests = {
      pairedT: { t: null, df: 1999, pValue: null, meanDifference: 0 },
      wilcoxon: { statistic: null, pValue: null, zerosDropped: 2000 },
      delong: { aucCandidate: 0.9, aucBaseline: 0.9, z: null, pValue: null },
      mcnemar: { b: 0, c: 0, statistic: 0, pValue: 1, exact: true },
    };
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(
      't undefined on 1,999 df, p undefined: no test: the differences d have no spread',
    );
    expect(markdown).toContain('W undefined, 2,000 zero differences dropped; p undefined');
    expect(markdown).toContain('z undefined, p undefined: no test: the variance of the AUC difference is 0');
    expect(markdown).toContain('the two models are right and wrong on exactly the same rows');
    expect(markdown).not.toMatch(/NaN|null|undefined, p = /);
  });

  it('truncates long class and feature lists', () => {
    const report = loadReport('multiclass-label-only-baseline');
    report.classes = Array.from({ length: 25 }, (_, index) => `class_${index}`);
    report.data.features = Array.from({ length: 250 }, (_, index) => `f${index}`);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('25 classes: `class_0`, ');
    expect(markdown).toContain('`class_9` and 15 more · data');
    expect(markdown).not.toContain('`class_10`');
    expect(markdown).toContain('- 250 features: `f0`, ');
    expect(markdown).toContain('`f199` and 50 more');
  });
});

describe('renderMarkdown against hostile names', () => {
  const markdown = renderMarkdown(hostileReport());
  const outsideCode = stripCodeSpans(markdown);

  it('lets no HTML through outside code spans', () => {
    const withoutOwnTags = outsideCode.replace(OWN_TAGS, '');
    expect(withoutOwnTags).not.toMatch(/<[a-z/!?]/i);
    expect(withoutOwnTags).not.toMatch(/&(?!amp;|lt;|gt;|#8203;|#32;)/);
    expect(outsideCode.match(/<details/g)).toHaveLength(4);
    expect(outsideCode.match(/<\/details>/g)).toHaveLength(4);
  });

  it('keeps every table rectangular even with pipes and backslashes in names', () => {
    const found = tables(markdown);
    expect(found.length).toBeGreaterThanOrEqual(4);
    for (const table of found) {
      const widths = table.map((row) => tableCells(row).length);
      expect(new Set(widths).size, table.join('\n')).toBe(1);
    }
    const inputs = tableWithHeader(markdown, 'model | kind | name');
    expect(inputs.filter((row) => row[0] === 'candidate' && row[1] === 'input')).toHaveLength(
      HOSTILE_VALUES.length,
    );
    // A backslash right before a pipe cannot live in a code span inside a table: it falls back to escaped text.
    expect(markdown).toContain('| path | `[link](javascript:alert(1))` | C:\\\\data\\\\\\|x |');
  });

  it('starts no block from inside a value: no new heading, list, table or HTML line', () => {
    const lines = markdown.split('\n');
    const headings = lines.filter((line) => line.startsWith('#'));
    expect(headings.every((line) => /^#{3,4} (✅|❌|Paired tests|Gate rules|Charts)/.test(line))).toBe(true);
    expect(lines.filter((line) => line.startsWith('<'))).toEqual(
      lines.filter((line) => /^(<details( open)?><summary>|<\/details>$)/.test(line)),
    );
    expect(markdown).toContain('- line\\\\n\\# injected heading\\\\n\\| x \\| y \\|\n');
    expect(markdown).toContain('- 1\\. item\n');
  });

  it('escapes links, emphasis, math, mentions and entities in text', () => {
    expect(outsideCode).not.toMatch(/(?<!\\)\]\(/);
    expect(outsideCode).not.toMatch(/(?<!\\)[_~$]/);
    expect(outsideCode).toContain('\\*bold\\* \\_it\\_ \\~\\~s\\~\\~');
    expect(outsideCode).not.toContain('*bold*');
    expect(outsideCode).not.toMatch(/@(?!&#8203;)/);
    expect(markdown).toContain('note: &amp;lt;script&amp;gt;');
    expect(markdown).toContain('note: \\$\\$\\\\rule{9999px}{9999px}\\$\\$');
    expect(markdown).toContain('note: @&#8203;everyone');
  });

  it('puts names in code spans that the names cannot close', () => {
    expect(markdown).toContain('label `</details><img src=x onerror=alert(1)>`');
    expect(markdown).toContain('data ```data/a|b/``x` `y``.csv```');
    expect(markdown).toContain('``` ``x` `y`` ```');
    expect(markdown).toContain('`red\\u001b[31mred`');
  });

  it('never writes a raw control character', () => {
    // eslint-disable-next-line no-control-regex -- the point of the test
    expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});
