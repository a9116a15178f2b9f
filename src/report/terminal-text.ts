/**
 * Text layout for a fixed-width terminal: display width (wide East Asian characters and emoji count two
 * columns, combining marks none), truncation to a width, word wrapping with a hanging indent, and aligned
 * tables. Operates on plain text; colour is applied by the caller after layout, so ANSI codes never count
 * toward a width.
 */

/** Code point ranges shown two columns wide (East Asian Wide/Fullwidth and emoji, Unicode 15). */
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

function isZeroWidth(codePoint: number): boolean {
  return (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    (codePoint >= 0x200b && codePoint <= 0x200d) ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
  );
}

function characterWidth(character: string): number {
  const codePoint = character.codePointAt(0) ?? 0;
  if (isZeroWidth(codePoint)) return 0;
  return WIDE_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) ? 2 : 1;
}

/** Columns the text takes in a terminal (plain text: no ANSI codes). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += characterWidth(character);
  return width;
}

/** Cuts text to at most `width` columns, ending with '…' when cut. */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let result = '';
  let used = 0;
  for (const character of text) {
    const next = characterWidth(character);
    if (used + next > width - 1) break;
    result += character;
    used += next;
  }
  // Text already cut by truncate() ends with '…': one ellipsis is enough.
  return `${result.trimEnd().replace(/…$/, '')}…`;
}

/** Splits a word wider than `width` into pieces that fit. */
function splitLongWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const character of word) {
    if (displayWidth(piece + character) > width && piece !== '') {
      pieces.push(piece);
      piece = '';
    }
    piece += character;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/**
 * Word-wraps text so every line fits in `width` columns. The first line starts with `firstIndent`, the
 * others with `restIndent` (a hanging indent).
 */
export function wrapText(text: string, width: number, firstIndent = '', restIndent = firstIndent): string[] {
  const lines: string[] = [];
  let indent = firstIndent;
  let line = '';
  const available = (): number => Math.max(10, width - displayWidth(indent));
  const flush = (): void => {
    lines.push(indent + line);
    indent = restIndent;
    line = '';
  };
  for (const word of text.split(/ +/).filter((part) => part !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (displayWidth(candidate) <= available()) {
      line = candidate;
      continue;
    }
    if (line !== '') flush();
    if (displayWidth(word) <= available()) {
      line = word;
      continue;
    }
    const pieces = splitLongWord(word, available());
    for (const piece of pieces.slice(0, -1)) {
      line = piece;
      flush();
    }
    line = pieces.at(-1) ?? '';
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}

export interface TableColumn {
  header: string;
  align: 'left' | 'right';
  /** May be truncated when the table is wider than the terminal. */
  shrinkable?: boolean;
  /** Left out entirely when shrinking would leave it narrower than this many columns. */
  dropBelow?: number;
}

export interface TableCell {
  text: string;
  /** Colour for the text (applied after padding is computed). */
  paint?: (text: string) => string;
}

/**
 * Lays out a table in columns separated by two spaces, shrinking the shrinkable columns (right to left, down
 * to 8 columns each) when it would be wider than `width`. Returns the lines, the header first (painted with
 * `headerPaint`), or null when the table cannot fit: the caller then lists the rows another way.
 */
export function layoutTable(
  allColumns: TableColumn[],
  allRows: TableCell[][],
  width: number,
  indent: string,
  headerPaint: (text: string) => string,
): string[] | null {
  const natural = allColumns.map((column, index) =>
    Math.max(displayWidth(column.header), ...allRows.map((row) => displayWidth(row[index]?.text ?? ''))),
  );
  const fixedWidth = allColumns.reduce(
    (sum, column, index) => sum + (column.dropBelow === undefined ? (natural[index] ?? 0) + 2 : 0),
    displayWidth(indent),
  );
  // A droppable column keeps whatever width the others leave; below its threshold it is left out.
  const kept = allColumns
    .map((column, index) => ({ column, index }))
    .filter(({ column, index }) => {
      if (column.dropBelow === undefined) return true;
      return Math.min(natural[index] ?? 0, width - fixedWidth) >= column.dropBelow;
    })
    .map(({ index }) => index);
  const columns = kept.map((index) => allColumns[index] as TableColumn);
  const rows = allRows.map((row) => kept.map((index) => row[index] ?? { text: '' }));
  const gap = 2;
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index]?.text ?? ''))),
  );
  const total = (): number =>
    displayWidth(indent) +
    widths.reduce((sum, columnWidth) => sum + columnWidth, 0) +
    gap * (columns.length - 1);
  let excess = total() - width;
  // Right to left: a trailing free-text column gives way before the names in the first column.
  for (let index = columns.length - 1; index >= 0 && excess > 0; index -= 1) {
    if (columns[index]?.shrinkable !== true) continue;
    const current = widths[index] ?? 0;
    const reduced = Math.max(8, current - excess);
    widths[index] = reduced;
    excess -= current - reduced;
  }
  if (excess > 0) return null;
  const renderRow = (cells: TableCell[], paintAll?: (text: string) => string): string => {
    const rendered = columns.map((column, index) => {
      const cell = cells[index] ?? { text: '' };
      const columnWidth = widths[index] ?? 0;
      const fitted = fitWidth(cell.text, columnWidth);
      const padding = ' '.repeat(Math.max(0, columnWidth - displayWidth(fitted)));
      const paint = paintAll ?? cell.paint ?? ((value: string) => value);
      const painted = fitted === '' ? '' : paint(fitted);
      if (column.align === 'right') return padding + painted;
      // No trailing padding after the last column.
      return index === columns.length - 1 ? painted : painted + padding;
    });
    return (indent + rendered.join(' '.repeat(gap))).trimEnd();
  };
  const header = renderRow(
    columns.map((column) => ({ text: column.header })),
    headerPaint,
  );
  return [header, ...rows.map((row) => renderRow(row))];
}
