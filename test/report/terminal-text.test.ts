import { describe, expect, it } from 'vitest';

import { displayWidth, fitWidth, layoutTable, wrapText } from '../../src/report/terminal-text.js';

const identity = (text: string): string => text;

describe('terminal text', () => {
  it('measures display width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('宽字')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('▲ Δ —')).toBe(5);
    expect(displayWidth('🙂')).toBe(2);
  });

  it('fits text to a width with an ellipsis', () => {
    expect(fitWidth('abcdef', 6)).toBe('abcdef');
    expect(fitWidth('abcdef', 4)).toBe('abc…');
    expect(fitWidth('宽字宽字', 5)).toBe('宽字…');
    // Text already cut by truncate() keeps a single ellipsis.
    expect(fitWidth('abcdefgh…', 6)).toBe('abcde…');
    expect(fitWidth('abcd…xyz', 6)).toBe('abcd…');
  });

  it('wraps words with a hanging indent and splits words longer than a line', () => {
    expect(wrapText('one two three four', 12, '- ', '  ')).toEqual(['- one two', '  three four']);
    expect(wrapText('x'.repeat(25), 12, '', '')).toEqual(['x'.repeat(12), 'x'.repeat(12), 'x']);
    expect(wrapText('', 20, '  ')).toEqual(['  ']);
  });

  it('aligns columns, shrinks the shrinkable ones, and gives up when nothing fits', () => {
    const columns = [
      { header: 'name', align: 'left' as const, shrinkable: true },
      { header: 'value', align: 'right' as const },
    ];
    const rows = [
      [{ text: 'a' }, { text: '1.0000' }],
      [{ text: 'a rather long name' }, { text: '-12.5000' }],
    ];
    expect(layoutTable(columns, rows, 80, '  ', identity)).toEqual([
      '  name                   value',
      '  a                     1.0000',
      '  a rather long name  -12.5000',
    ]);
    expect(layoutTable(columns, rows, 22, '  ', identity)).toEqual([
      '  name           value',
      '  a             1.0000',
      '  a rather…   -12.5000',
    ]);
    expect(layoutTable(columns, rows, 15, '  ', identity)).toBeNull();
  });

  it('drops an optional column that would be too narrow', () => {
    const columns = [
      { header: 'metric', align: 'left' as const },
      { header: 'method', align: 'left' as const, shrinkable: true, dropBelow: 10 },
    ];
    const rows = [[{ text: 'accuracy' }, { text: 'a long method description' }]];
    expect(layoutTable(columns, rows, 17, '', identity)).toEqual(['metric', 'accuracy']);
    expect(layoutTable(columns, rows, 30, '', identity)).toEqual([
      'metric    method',
      'accuracy  a long method descr…',
    ]);
  });
});
