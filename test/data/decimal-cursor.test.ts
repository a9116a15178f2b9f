import { describe, expect, it } from 'vitest';
import { DecimalCursor } from '../../src/data/decimal-cursor.js';
import { FLOAT32_OVERFLOW, parseNumericCell } from '../../src/data/numeric-cell.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function read(cell: string, terminator: string): { value: number; position: number } {
  const text = `${cell}${terminator}`;
  const end = terminator === ',9\n' ? text.length - 1 : cell.length;
  const cursor = new DecimalCursor();
  const value = cursor.read(text, end);
  return { value, position: cursor.position };
}

describe('DecimalCursor', () => {
  it('reads exactly what Number() reads, or declines', () => {
    const next = random(20240611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const digits = (count: number) =>
      Array.from({ length: count }, () => pick('0123456789'.split(''))).join('');
    let accepted = 0;
    let plain = 0;
    const failures: string[] = [];
    for (let trial = 0; trial < 20000; trial++) {
      let cell: string;
      const shape = next();
      if (shape < 0.6) {
        // The common case: a short decimal, as written by to_csv / toFixed / %g.
        cell = `${pick(['', '', '-', '+'])}${digits(1 + Math.floor(next() * 6))}`;
        if (next() < 0.8) cell += `.${digits(Math.floor(next() * 8))}`;
        if (next() < 0.2)
          cell += `${pick(['e', 'E'])}${pick(['', '-', '+'])}${digits(1 + Math.floor(next() * 2))}`;
        if (DECIMAL.test(cell) && cell.replace(/\D/g, '').length <= 15 && !/[eE][+-]?[3-9]\d/.test(cell))
          plain++;
      } else if (shape < 0.8) {
        // Long mantissas and large exponents: outside the exact range.
        cell = `${pick(['', '-'])}${digits(Math.floor(next() * 20))}.${digits(Math.floor(next() * 20))}e${pick(['', '-'])}${digits(Math.floor(next() * 4))}`;
      } else {
        // Anything: junk characters around digits.
        const alphabet = '0123456789.eE+-x ,\tabInfNa_';
        cell = Array.from({ length: Math.floor(next() * 8) }, () => pick(alphabet.split(''))).join('');
      }
      for (const terminator of ['\n', '\r\n', ',9\n', '']) {
        const { value, position } = read(cell, terminator);
        const body = cell.split(',')[0] as string;
        if (Number.isNaN(value)) continue;
        accepted++;
        if (!DECIMAL.test(body) || !Object.is(value, Number(body)) || position !== body.length) {
          failures.push(`${JSON.stringify(cell + terminator)}: read ${value} up to ${position}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The fast path must take the common shapes, or the reader is no faster than `+`.
    expect(accepted).toBeGreaterThan(plain * 4 * 0.95);
  });

  it('reads the edges of the exact range and declines just beyond them', () => {
    const cases: [string, number][] = [
      ['9007199254740991', 9007199254740991],
      ['-0', -0],
      ['0.0000', 0],
      ['1e22', 1e22],
      ['1e-22', 1e-22],
      ['123.456e-2', 1.23456],
      ['+.5', 0.5],
      ['7.', 7],
    ];
    for (const [cell, expected] of cases)
      expect(Object.is(read(cell, '\n').value, expected), cell).toBe(true);
    for (const cell of [
      '9007199254740993',
      '1e23',
      '1e-23',
      '0.1234567890123456789',
      '1e',
      '.',
      '-',
      '',
      ' 1',
      '1 ',
    ])
      expect(read(cell, '\n').value, cell).toBeNaN();
  });
});

describe('parseNumericCell', () => {
  it('accepts decimals with surrounding spaces and names each problem', () => {
    expect(parseNumericCell(' -1.5e3 ', Infinity)).toEqual({ ok: true, value: -1500 });
    expect(parseNumericCell('', Infinity)).toEqual({ ok: false, problem: 'empty' });
    expect(parseNumericCell(' \t', Infinity)).toEqual({ ok: false, problem: 'empty' });
    expect(parseNumericCell('#N/A', Infinity)).toEqual({ ok: false, problem: 'missing-marker' });
    expect(parseNumericCell('-NAN', Infinity)).toEqual({ ok: false, problem: 'missing-marker' });
    expect(parseNumericCell('-Infinity', Infinity)).toEqual({ ok: false, problem: 'infinite' });
    expect(parseNumericCell('0X1f', Infinity)).toEqual({ ok: false, problem: 'radix' });
    expect(parseNumericCell('1,5', Infinity)).toEqual({ ok: false, problem: 'not-decimal' });
    expect(parseNumericCell('1e309', Infinity)).toEqual({ ok: false, problem: 'overflow' });
  });

  it('rejects exactly the values that a Float32Array would store as Inf', () => {
    const largest = FLOAT32_OVERFLOW;
    expect(Math.fround(largest)).toBe(Infinity);
    const below = largest - 2 ** 75; // the next double down
    expect(Math.fround(below)).toBeLessThan(Infinity);
    expect(parseNumericCell(String(below), FLOAT32_OVERFLOW)).toEqual({ ok: true, value: below });
    expect(parseNumericCell(String(largest), FLOAT32_OVERFLOW)).toEqual({ ok: false, problem: 'overflow' });
    expect(parseNumericCell('-3.5e38', FLOAT32_OVERFLOW)).toEqual({ ok: false, problem: 'overflow' });
  });
});
