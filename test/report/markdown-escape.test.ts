import { describe, expect, it } from 'vitest';

import { escapeMarkdown, markdownCode } from '../../src/report/markdown-escape.js';

describe('escapeMarkdown', () => {
  it.each([
    ['plain text, 1.5 points', 'plain text, 1.5 points'],
    ['balanced_accuracy', 'balanced\\_accuracy'],
    ['*a* `b` [c](d) ~e~ #f', '\\*a\\* \\`b\\` \\[c\\](d) \\~e\\~ \\#f'],
    ['a|b', 'a\\|b'],
    ['C:\\x', 'C:\\\\x'],
    ['<img src=x>', '&lt;img src=x&gt;'],
    ['&amp;', '&amp;amp;'],
    ['$x$', '\\$x\\$'],
    ['@octocat', '@&#8203;octocat'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['= underline', '\\= underline'],
    ['12. item', '12\\. item'],
    ['3) item', '3\\) item'],
    ['    code', '&#32;&#32;&#32;&#32;code'],
    ['line\n</details>', 'line\\\\n&lt;/details&gt;'],
    ['mid - dash and 1. number', 'mid - dash and 1. number'],
  ])('escapeMarkdown(%j) = %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('markdownCode', () => {
  it.each([
    ['age', '`age`'],
    ['a`b', '``a`b``'],
    ['``x` `y``', '``` ``x` `y`` ```'],
    ['`start', '`` `start ``'],
    [' both ', '`  both  `'],
    ['   ', '`   `'],
    ['', '*(empty)*'],
    ['a\nb', '`a\\nb`'],
    ['</details>', '`</details>`'],
  ])('markdownCode(%j) = %j', (input, expected) => {
    expect(markdownCode(input)).toBe(expected);
  });
});
