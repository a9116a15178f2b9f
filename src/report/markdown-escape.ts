/**
 * Escaping for text that reaches a Markdown document (PR comment, job summary, report.md) from users' files:
 * column, class, input and file names, and free text that may quote them.
 *
 * The rules follow CommonMark 0.31 and GitHub Flavored Markdown as GitHub renders them:
 * - control characters and line breaks are shown as visible escapes first, so a value can never end a table
 *   row, close a list item or start a new block (a raw '</details>' at the start of a line would be an HTML
 *   block);
 * - `escapeMarkdown` backslash-escapes the inline syntax characters (any ASCII punctuation may be escaped in
 *   CommonMark), writes '<', '>' and '&' as entities so no HTML tag or entity survives, escapes '|' so a value
 *   never splits a table cell (GFM removes the backslash before a pipe inside cells, then parses inline), and
 *   neutralizes what only matters at the start of a block (list markers, ordered-list numbers, indentation);
 *   '$' is escaped because GitHub renders $...$ as math, and '@' is followed by a zero-width space so a name
 *   like '@org/team' never notifies anyone;
 * - `markdownCode` wraps text in a code span whose backtick fence is longer than any run of backticks inside,
 *   padded with spaces when the text touches a backtick (CommonMark 6.1). Code spans are used outside tables
 *   only: inside a GFM table the pipe escape '\|' is undone before the code span is parsed, so a backslash
 *   followed by a pipe in a name could not be represented there; table cells use escapeMarkdown.
 */
import { showControlCharacters } from './format.js';

const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '@': '@&#8203;' };

/** Characters escaped with a backslash wherever they appear. */
const INLINE_SYNTAX = /[\\`*_[\]|~$#<>&@]/g;

/** Escapes text for use in Markdown prose, list items, headings and table cells. */
export function escapeMarkdown(text: string): string {
  let escaped = showControlCharacters(text).replace(
    INLINE_SYNTAX,
    (character) => ENTITIES[character] ?? `\\${character}`,
  );
  // Block starts: '- x', '+ x', '= x' (setext underline), '12. x' / '12) x', and indentation (code block).
  escaped = escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
  escaped = escaped.replace(/^ +/, (spaces) => '&#32;'.repeat(spaces.length));
  return escaped;
}

/** Wraps text in a code span (never inside a table: see the file comment). Empty text shows as '(empty)'. */
export function markdownCode(text: string): string {
  const visible = showControlCharacters(text);
  if (visible === '') return '*(empty)*';
  const longestRun = Math.max(0, ...Array.from(visible.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const needsPadding =
    visible.startsWith('`') ||
    visible.endsWith('`') ||
    (visible.startsWith(' ') && visible.endsWith(' ') && visible.trim() !== '');
  const padding = needsPadding ? ' ' : '';
  return `${fence}${padding}${visible}${padding}${fence}`;
}
