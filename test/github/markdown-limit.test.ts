import { describe, expect, it } from 'vitest';

import { capMarkdown } from '../../src/github/markdown-limit.js';

describe('capMarkdown', () => {
  it('returns what fits unchanged', () => {
    expect(capMarkdown('# short\n', 100, 'see the summary')).toBe('# short\n');
  });

  it('cuts at a line, closes open <details> and code fences, and points to the full report', () => {
    const long = [
      '<details><summary>Models</summary>',
      '',
      '```',
      ...Array.from({ length: 500 }, (_, i) => `line ${i}`),
    ].join('\n');
    const capped = capMarkdown(long, 1000, 'The full report is in the job summary.');
    expect(capped.length).toBeLessThanOrEqual(1000);
    expect(capped).toMatch(
      /line \d+\n```\n<\/details>\n\n---\n> \[!NOTE\]\n> The full report is in the job summary\.\n$/,
    );
  });

  it('never leaves an HTML comment open or half a surrogate pair', () => {
    const capped = capMarkdown(`${'😀'.repeat(400)}<!-- hidden`, 500, 'cut');
    expect(capped.length).toBeLessThanOrEqual(500);
    expect(capped).not.toContain('<!--');
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('holds the limit whatever the input', () => {
    for (const limit of [400, 1000, 65_536]) {
      const text = Array.from({ length: 5000 }, (_, i) =>
        i % 7 === 0 ? '<details>' : `row ${i} ${'x'.repeat(i % 50)}`,
      ).join('\n');
      expect(capMarkdown(text, limit, 'pointer').length).toBeLessThanOrEqual(limit);
    }
  });
});
