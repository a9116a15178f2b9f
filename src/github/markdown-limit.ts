/**
 * Fits Markdown under GitHub's size limits (65,536 characters for a comment, 65,535 for a check run's summary)
 * by cutting at a line boundary, closing what the cut left open (code fences, <details>), and appending a
 * pointer to where the full report is.
 */

export const COMMENT_LIMIT = 65_536;
export const CHECK_RUN_SUMMARY_LIMIT = 65_535;
/** GitHub rejects a job summary over 1 MiB; stay clearly under it. */
export const JOB_SUMMARY_LIMIT = 1_000_000;

function closeOpenBlocks(kept: string): string {
  let closing = '';
  const fences = kept.match(/^ {0,3}(```|~~~)/gm) ?? [];
  if (fences.length % 2 === 1) closing += '\n```';
  const opened = (kept.match(/<details\b/gi) ?? []).length;
  const closed = (kept.match(/<\/details>/gi) ?? []).length;
  for (let index = closed; index < opened; index += 1) closing += '\n</details>';
  return closing;
}

/**
 * Returns `markdown` unchanged when it fits in `limit` characters (UTF-16 code units, which never undercount
 * GitHub's characters), else a cut version ending with `pointer`.
 */
export function capMarkdown(markdown: string, limit: number, pointer: string): string {
  if (markdown.length <= limit) return markdown;
  const notice = `\n\n---\n> [!NOTE]\n> ${pointer}\n`;
  // Room for the notice and for closing tags; the loop below shortens further if that is not enough.
  let budget = limit - notice.length - 200;
  for (;;) {
    let kept = markdown.slice(0, Math.max(0, budget));
    const lastNewline = kept.lastIndexOf('\n');
    if (lastNewline > 0) kept = kept.slice(0, lastNewline);
    else if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1); // never half a surrogate pair
    // Never leave an HTML comment open: it would hide the notice.
    const openComment = kept.lastIndexOf('<!--');
    if (openComment > kept.lastIndexOf('-->')) kept = kept.slice(0, openComment);
    const result = `${kept}${closeOpenBlocks(kept)}${notice}`;
    if (result.length <= limit) return result;
    budget -= result.length - limit + 100;
  }
}
