/**
 * Number, size, duration and text formatting shared by the report renderers.
 *
 * Everything here is locale-independent (no `toLocaleString`, no `Intl`), so a report renders to the same
 * characters on every machine. A missing or undefined value is shown as an em dash, never as 0 or NaN.
 */

/** Shown in place of a value that is undefined for the data (null in the report). */
export const MISSING = '—';

function exponential(value: number, fractionDigits: number): string {
  return value.toExponential(fractionDigits).replace('e+', 'e');
}

/** Exponent form without trailing zeros in the mantissa: 2.10e-4 -> 2.1e-4. */
function shortExponential(value: number, fractionDigits: number): string {
  return exponential(value, fractionDigits).replace(/\.?0+e/, 'e');
}

/**
 * A metric value or a difference of metric values: 4 decimals from 0.0001 to 1,000 (so a column of values
 * lines up on the decimal point), 2 decimals from 1,000 to 1,000,000 (an error of 53320.01), and 4
 * significant digits in exponent form outside that range (so a non-zero value never shows as 0.0000).
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e6)) return exponential(value, 3);
  return value.toFixed(magnitude < 1e3 ? 4 : 2);
}

/** Like formatNumber, with an explicit '+' on positive values (for deltas). */
export function formatSigned(value: number | null | undefined): string {
  const text = formatNumber(value);
  return value !== null && value !== undefined && value > 0 ? `+${text}` : text;
}

/**
 * A p-value without the 'p': 3 significant digits from 0.001 up ('0.0496', '0.45', '1'), exponent form
 * below ('1.23e-5', '2.1e-4'), and '< 1e-300' for a p-value that underflowed to 0.
 */
export function formatPValue(pValue: number | null | undefined): string {
  if (pValue === null || pValue === undefined || Number.isNaN(pValue)) return MISSING;
  if (pValue <= 0) return '< 1e-300';
  if (pValue < 1e-3) return shortExponential(pValue, 2);
  return String(Number(pValue.toPrecision(3)));
}

/** 'p = 0.0061', 'p < 1e-300', or 'p undefined'. */
export function formatPEquals(pValue: number | null | undefined): string {
  const text = formatPValue(pValue);
  if (text === MISSING) return 'p undefined';
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}

/** Groups the digits of an integer by thousands: 1234567 -> '1,234,567'. Non-integers go to formatNumber. */
export function formatInteger(value: number): string {
  if (!Number.isInteger(value)) return formatNumber(value);
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A test statistic (z, t, chi-square, W): integers grouped, others with 2 decimals, huge ones as exponents. */
export function formatStatistic(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;
  if (!Number.isFinite(value)) return formatNumber(value);
  if (Math.abs(value) >= 1e9) return exponential(value, 3);
  if (Number.isInteger(value)) return formatInteger(value);
  return value.toFixed(2);
}

/** 'N rows' with the right plural. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : plural}`;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** 512 -> '512 B', 1536 -> '1.5 KiB', 47185920 -> '45.0 MiB'. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${formatInteger(Math.round(bytes))} B`;
  let value = bytes;
  let unit: string = 'B';
  for (const next of BYTE_UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ${unit}`;
}

/** 850 -> '850 ms', 1234 -> '1.2 s', 125000 -> '2 min 5 s'. */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds)) return MISSING;
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  if (milliseconds < 60_000) return `${(milliseconds / 1000).toFixed(1)} s`;
  const totalSeconds = Math.round(milliseconds / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

/** 0.9 -> '90%', 0.975 -> '97.5%'. */
export function formatPercent(fraction: number): string {
  return `${String(Number((fraction * 100).toFixed(2)))}%`;
}

/** A tensor shape: [batch, 3]; an unknown dimension is '?'. Symbolic names are returned as given. */
export function formatShape(shape: ReadonlyArray<number | string | null>): string {
  return `[${shape.map((dimension) => (dimension === null ? '?' : String(dimension))).join(', ')}]`;
}

/**
 * Characters that must never reach a terminal or a Markdown document raw: C0 and C1 controls (ESC starts
 * ANSI sequences, CR/LF break table rows and can start new Markdown blocks), DEL, the Unicode line and
 * paragraph separators, and the bidirectional overrides/isolates that can make text read differently from
 * how it is stored ("Trojan Source").
 */
const UNSAFE_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Replaces unsafe characters with visible escapes: a newline becomes '\n', ESC becomes '\u001b'. */
export function showControlCharacters(text: string): string {
  return text.replace(
    UNSAFE_CHARACTERS,
    (character) => NAMED_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Cuts text to at most maxCharacters code points, ending with '…' when it was cut. */
export function truncate(text: string, maxCharacters: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxCharacters) return text;
  return `${characters.slice(0, Math.max(0, maxCharacters - 1)).join('')}…`;
}

/** 3 significant digits without exponent form for the values these helpers see (0.001 to 999,999). */
function threeDigits(value: number): string {
  const rounded = Number(value.toPrecision(3));
  return Math.abs(rounded) >= 1e6 ? exponential(rounded, 2) : String(rounded);
}

const TIME_UNITS = [
  { unit: 'ns', perMillisecond: 1e6 },
  { unit: 'µs', perMillisecond: 1e3 },
  { unit: 'ms', perMillisecond: 1 },
  { unit: 's', perMillisecond: 1e-3 },
] as const;

/**
 * A short time with 3 significant digits in the unit that fits: 0.0000712 -> '71.2 ns', 0.0123 -> '12.3 µs',
 * 1.5 -> '1.5 ms', 2345 -> '2.35 s' (latency per row or per batch; formatDuration is for wall-clock totals).
 */
export function formatTime(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) return MISSING;
  if (milliseconds === 0) return '0 ms';
  const magnitude = Math.abs(milliseconds);
  // The largest unit in which the value is at least 1, after rounding (999.96 µs is '1 ms', not '1000 µs').
  let chosen: (typeof TIME_UNITS)[number] = TIME_UNITS[0];
  for (const candidate of TIME_UNITS) {
    if (Number((magnitude * candidate.perMillisecond).toPrecision(3)) >= 1) chosen = candidate;
  }
  return `${threeDigits(milliseconds * chosen.perMillisecond)} ${chosen.unit}`;
}

/** Rows per second, 3 significant digits: 812 -> '812 rows/s', 55120 -> '55.1k rows/s', 1.42e7 -> '14.2M rows/s'. */
export function formatRowsPerSecond(rowsPerSecond: number | null | undefined): string {
  if (rowsPerSecond === null || rowsPerSecond === undefined || !Number.isFinite(rowsPerSecond))
    return MISSING;
  const steps = [
    { suffix: 'G', size: 1e9 },
    { suffix: 'M', size: 1e6 },
    { suffix: 'k', size: 1e3 },
  ];
  for (const { suffix, size } of steps) {
    if (Number((rowsPerSecond / size).toPrecision(3)) >= 1) {
      return `${threeDigits(rowsPerSecond / size)}${suffix} rows/s`;
    }
  }
  return `${threeDigits(rowsPerSecond)} rows/s`;
}

/** A ratio of two times or sizes: 1.3219 -> '1.32×', 0.5 -> '0.5×'. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
  return `${threeDigits(ratio)}×`;
}
