/**
 * Small structural readers of GitHub Flavored Markdown for the renderer tests: code spans (CommonMark 6.1),
 * table rows and their cells (GFM tables: a pipe preceded by a backslash does not split a cell).
 */

/** The text with every code span removed (a backtick run closes only on a run of the same length). */
export function stripCodeSpans(markdown: string): string {
  let result = '';
  let index = 0;
  while (index < markdown.length) {
    if (markdown[index] === '\\' && markdown[index + 1] === '`') {
      result += '\\`';
      index += 2;
      continue;
    }
    if (markdown[index] !== '`') {
      result += markdown[index];
      index += 1;
      continue;
    }
    let runEnd = index;
    while (markdown[runEnd] === '`') runEnd += 1;
    const fence = markdown.slice(index, runEnd);
    let search = runEnd;
    let closing = -1;
    while (search < markdown.length) {
      const found = markdown.indexOf(fence, search);
      if (found === -1) break;
      let foundEnd = found + fence.length;
      if (markdown[found - 1] !== '`' && markdown[foundEnd] !== '`') {
        closing = found;
        break;
      }
      while (markdown[foundEnd] === '`') foundEnd += 1;
      search = foundEnd;
    }
    if (closing === -1) {
      result += fence;
      index = runEnd;
    } else {
      result += 'CODE';
      index = closing + fence.length;
    }
  }
  return result;
}

/** Cells of one table row: splits on pipes not escaped by an odd run of backslashes. */
export function tableCells(row: string): string[] {
  const trimmed = row.trim();
  const cells: string[] = [];
  let cell = '';
  let backslashes = 0;
  for (const character of trimmed.slice(1, trimmed.endsWith('|') ? -1 : undefined)) {
    if (character === '|' && backslashes % 2 === 0) {
      cells.push(cell);
      cell = '';
    } else {
      cell += character;
    }
    backslashes = character === '\\' ? backslashes + 1 : 0;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/** Every table in the document: consecutive lines that start with '|', as lists of rows. */
export function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      current.push(line);
    } else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

/** The table whose header row contains `headerText`. */
export function tableWithHeader(markdown: string, headerText: string): string[][] {
  const table = tables(markdown).find((rows) => rows[0]?.includes(headerText));
  if (table === undefined) throw new Error(`no table with header containing '${headerText}'`);
  return table.map(tableCells);
}
