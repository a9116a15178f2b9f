import { describe, expect, it } from 'vitest';

import {
  MISSING,
  formatBytes,
  formatDuration,
  formatInteger,
  formatNumber,
  formatPEquals,
  formatPValue,
  formatPercent,
  formatRatio,
  formatRowsPerSecond,
  formatShape,
  formatSigned,
  formatStatistic,
  formatTime,
  pluralize,
  showControlCharacters,
  truncate,
} from '../../src/report/format.js';

describe('number formatting', () => {
  it.each([
    [0.8734, '0.8734'],
    [0.87345678, '0.8735'],
    [0.012, '0.0120'],
    [0.0009, '0.0009'],
    [0.00001234, '1.234e-5'],
    [-0.00001234, '-1.234e-5'],
    [0, '0.0000'],
    [-0, '0.0000'],
    [12.5, '12.5000'],
    [53320.0123, '53320.01'],
    [2214567890.12, '2.215e9'],
    [null, MISSING],
    [undefined, MISSING],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('formatNumber(%s) = %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('signs deltas', () => {
    expect(formatSigned(0.012)).toBe('+0.0120');
    expect(formatSigned(-0.012)).toBe('-0.0120');
    expect(formatSigned(0)).toBe('0.0000');
    expect(formatSigned(null)).toBe(MISSING);
  });

  it.each([
    [0.0496, '0.0496'],
    [0.05, '0.05'],
    [0.4532, '0.453'],
    [1, '1'],
    [0.00123, '0.00123'],
    [0.000123, '1.23e-4'],
    [0.00021, '2.1e-4'],
    [3.2e-210, '3.2e-210'],
    [0, '< 1e-300'],
    [null, MISSING],
  ])('formatPValue(%s) = %s', (value, expected) => {
    expect(formatPValue(value)).toBe(expected);
  });

  it('writes p = / p < / p undefined', () => {
    expect(formatPEquals(0.0061)).toBe('p = 0.0061');
    expect(formatPEquals(0)).toBe('p < 1e-300');
    expect(formatPEquals(null)).toBe('p undefined');
  });

  it('groups integers and statistics', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(-1000)).toBe('-1,000');
    expect(formatInteger(999)).toBe('999');
    expect(formatStatistic(2.5858)).toBe('2.59');
    expect(formatStatistic(912345)).toBe('912,345');
    expect(formatStatistic(1234.5)).toBe('1234.50');
    expect(formatStatistic(3e12)).toBe('3.000e12');
    expect(formatStatistic(null)).toBe(MISSING);
    expect(pluralize(1, 'row')).toBe('1 row');
    expect(pluralize(2000, 'row')).toBe('2,000 rows');
    expect(pluralize(3, 'class', 'classes')).toBe('3 classes');
  });

  it('formats sizes, durations, percentages and shapes', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(73400320)).toBe('70.0 MiB');
    expect(formatBytes(500 * 1024 * 1024)).toBe('500 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
    expect(formatDuration(412)).toBe('412 ms');
    expect(formatDuration(1834)).toBe('1.8 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatPercent(0.9)).toBe('90%');
    expect(formatPercent(0.975)).toBe('97.5%');
    expect(formatShape(['batch', 3])).toBe('[batch, 3]');
    expect(formatShape([null, 1])).toBe('[?, 1]');
    expect(formatShape([])).toBe('[]');
  });
});

describe('latency formatting', () => {
  it.each([
    [0.0000712, '71.2 ns'],
    [0.0016, '1.6 µs'],
    [0.0123456, '12.3 µs'],
    [0.99996, '1 ms'],
    [0.000999996, '1 µs'],
    [1.5, '1.5 ms'],
    [2.15, '2.15 ms'],
    [123.44, '123 ms'],
    [2345, '2.35 s'],
    [120_000, '120 s'],
    [0, '0 ms'],
    [null, MISSING],
    [Number.NaN, MISSING],
  ])('formatTime(%s) = %s', (milliseconds, expected) => {
    expect(formatTime(milliseconds)).toBe(expected);
  });

  it.each([
    [812, '812 rows/s'],
    [0.5, '0.5 rows/s'],
    [999.7, '1k rows/s'],
    [55_120, '55.1k rows/s'],
    [624_000, '624k rows/s'],
    [14_200_000, '14.2M rows/s'],
    [3.1e9, '3.1G rows/s'],
    [null, MISSING],
    [Number.POSITIVE_INFINITY, MISSING],
  ])('formatRowsPerSecond(%s) = %s', (rate, expected) => {
    expect(formatRowsPerSecond(rate)).toBe(expected);
  });

  it('formats ratios with 3 significant digits', () => {
    expect(formatRatio(1.3219)).toBe('1.32×');
    expect(formatRatio(0.5)).toBe('0.5×');
    expect(formatRatio(0.76282)).toBe('0.763×');
    expect(formatRatio(12.345)).toBe('12.3×');
    expect(formatRatio(null)).toBe(MISSING);
    expect(formatRatio(Number.NaN)).toBe(MISSING);
  });
});

describe('text safety', () => {
  it('makes control, line-separator and bidi characters visible', () => {
    expect(showControlCharacters('a\nb\r\tc')).toBe('a\\nb\\r\\tc');
    expect(showControlCharacters('\u001b[31m')).toBe('\\u001b[31m');
    expect(showControlCharacters('\u0085\u2028\u202e\u2066')).toBe('\\u0085\\u2028\\u202e\\u2066');
    expect(showControlCharacters('plain é 宽 🙂')).toBe('plain é 宽 🙂');
  });

  it('truncates by code points, never splitting a surrogate pair', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('🙂🙂🙂🙂', 3)).toBe('🙂🙂…');
  });
});
