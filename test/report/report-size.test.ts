import { describe, expect, it } from 'vitest';

import { renderMarkdown } from '../../src/report/render-markdown.js';
import type { SliceReport } from '../../src/report/types.js';
import { BIG, buildBigReport } from './big-report.js';
import { tableCells, tables } from './markdown-helpers.js';
import { validateReport } from './report-fixtures.js';

/** GitHub rejects a comment longer than this (characters; UTF-16 code units never undercount them). */
const COMMENT_LIMIT = 65_536;
/**
 * Our own budget for the report's Markdown, charts included: room is left under the comment limit for the
 * publisher's marker and header. Measured: about 50,600 characters for the big report (41,400 without charts).
 */
const MARKDOWN_BUDGET = 60_000;

function expectWellFormed(markdown: string): void {
  for (const table of tables(markdown)) {
    const widths = table.map((row) => tableCells(row).length);
    expect(new Set(widths).size, table.join('\n')).toBe(1);
    expect(tableCells(table[1] ?? '').every((cell) => /^:?-+:?$/.test(cell))).toBe(true);
  }
  expect(markdown.match(/<details/g)?.length).toBe(markdown.match(/<\/details>/g)?.length);
}

describe('the comment size on a large report', () => {
  const markdown = renderMarkdown(buildBigReport());

  it(`stays under GitHub's comment limit with room to spare`, () => {
    expect(markdown.length).toBeLessThan(COMMENT_LIMIT);
    expect(markdown.length).toBeLessThan(MARKDOWN_BUDGET);
  });

  it('shows the verdict and the regressed slice in the first 2,000 characters', () => {
    const firstScreen = markdown.slice(0, 2000);
    expect(firstScreen.startsWith('### ❌ model-gate: fail — worse on ')).toBe(true);
    expect(firstScreen).toContain('although better overall');
    expect(firstScreen).toContain(
      `- ❌ \`${BIG.regressedColumn}\` = \`${BIG.regressedValue}\` (3,007 rows): accuracy dropped 3.1 points`,
    );
  });

  it('keeps every table rectangular and every section closed', () => {
    expectWellFormed(markdown);
  });

  it('caps long lists with a line saying how many more are in the full report', () => {
    expect(markdown).toContain('| *35 more classes in the full report (report.json)* |   |   |   |');
    expect(markdown).toContain('| *2,440 more changes in the full report (report.json)* |   |   |   |   |');
    expect(markdown).toContain('| *75 more features (54 flagged) in the full report (report.json)* |');
    expect(markdown).toContain('| *80 more columns in the full report (report.json)* |');
    expect(markdown).toContain('| *90 more rules in the full report (report.json)* |');
    expect(markdown).toContain('| *10 more slices in the full report (report.json)* |');
    expect(markdown).toMatch(/`row_19_x+…` and 80 more\n/);
    // Every slice column gets its table: 3 columns x 20 values, each capped at 10 rows in the flips.
    expect(markdown.match(/\| value \| rows \| accuracy: baseline → candidate/g)).toHaveLength(
      BIG.sliceColumns,
    );
    expect(markdown.match(/\| value \| fixed \| broken \| net \|/g)).toHaveLength(BIG.sliceColumns);
  });

  it('stays under the limit with 12 slice columns of 100 values and 500 features', () => {
    const report = buildBigReport();
    const template = report.slices?.[BIG.regressedColumn]?.[BIG.regressedValue];
    if (template === undefined) throw new Error('big report changed');
    for (let column = 0; column < 12; column += 1) {
      const name = `extra_slice_column_${column}`;
      const values: Record<string, SliceReport> = {};
      for (let value = 0; value < 100; value += 1) values[`value_${value}_${'y'.repeat(50)}`] = template;
      report.slices![name] = values;
      report.flips!.bySlice![name] = Object.fromEntries(
        Object.keys(values).map((value) => [value, { fixed: 1, broken: 2 }]),
      );
    }
    const feature = report.drift!.features[0]!;
    report.drift!.features = Array.from({ length: 500 }, (_, index) => ({
      ...feature,
      feature: `f${index}`,
    }));
    const rendered = renderMarkdown(validateReport(report));
    expect(rendered.length).toBeLessThan(COMMENT_LIMIT);
    expect(rendered).toContain('*10 more slice columns in the full report (report.json).*');
    expectWellFormed(rendered);
  });
});
