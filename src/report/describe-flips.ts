/**
 * The words and numbers of the flips (report.flips): rows whose correctness changed between the baseline and
 * the candidate. 'fixed' rows became right (McNemar's b), 'broken' rows became wrong (McNemar's c); net =
 * fixed - broken, so a positive net favours the candidate. Classes and slices are listed worst first (lowest
 * net, then most flips); transitions (baseline prediction -> candidate prediction) largest first.
 * Slice values smaller than the minimum slice size are never shown, as in the slices section.
 */
import { formatInteger, pluralize } from './format.js';
import type { FlipCounts, Report } from './types.js';

export interface FlipRow {
  /** The class or the slice value. */
  label: string;
  fixed: number;
  broken: number;
  /** fixed - broken: positive favours the candidate. */
  net: number;
}

export interface FlipTransition {
  /** Baseline's prediction -> candidate's prediction. */
  from: string;
  to: string;
  rows: number;
  fixed: number;
  broken: number;
}

export interface FlipsDescription {
  fixed: number;
  broken: number;
  net: number;
  /** '155 rows became wrong and 47 became right: net -108, the candidate is wrong more often'. */
  summary: string;
  /** Classes with at least one flip, worst first. */
  byClass: FlipRow[];
  classesWithoutFlips: number;
  /** Largest first. */
  transitions: FlipTransition[];
  bySlice: Array<{ column: string; rows: FlipRow[] }>;
  examples: { column: string; broken: string[]; fixed: string[] } | null;
}

/** '+12', '-108', '0'. */
export function formatNet(net: number): string {
  return net > 0 ? `+${formatInteger(net)}` : formatInteger(net);
}

function toRow(label: number | string, counts: FlipCounts): FlipRow {
  return {
    label: String(label),
    fixed: counts.fixed,
    broken: counts.broken,
    net: counts.fixed - counts.broken,
  };
}

/** Lowest net first, then the most flips, then the order given (class order). */
function worstFirst(rows: FlipRow[]): FlipRow[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort(
      (a, b) =>
        a.row.net - b.row.net ||
        b.row.fixed + b.row.broken - (a.row.fixed + a.row.broken) ||
        a.index - b.index,
    )
    .map(({ row }) => row);
}

function summaryOf(fixed: number, broken: number): string {
  const counts = `${pluralize(broken, 'row')} became wrong and ${formatInteger(fixed)} became right`;
  if (fixed === broken) {
    return fixed === 0
      ? 'no row changed between right and wrong'
      : `${counts}: net 0, as many rows fixed as broken`;
  }
  const direction =
    fixed > broken ? 'the candidate is right more often' : 'the candidate is wrong more often';
  return `${counts}: net ${formatNet(fixed - broken)}, ${direction}`;
}

/** Slice values the slices section shows (a value missing there, or smaller than the minimum, stays hidden). */
function visibleSliceValue(report: Report, column: string, value: string): boolean {
  const minSize = report.sliceSummary?.minSize;
  const slice = report.slices?.[column]?.[value];
  if (report.slices !== undefined && slice === undefined) return false;
  return minSize === undefined || slice === undefined || slice.n >= minSize;
}

/** The flips of the report, or null when it has none (regression, or no baseline). */
export function describeFlips(report: Report): FlipsDescription | null {
  const flips = report.flips;
  if (flips === undefined) return null;
  const classRows = flips.byClass.map((entry) => toRow(entry.class, entry));
  const withFlips = classRows.filter((row) => row.fixed + row.broken > 0);
  const transitions = flips.changed
    .map((entry, index) => ({
      transition: {
        from: String(entry.from),
        to: String(entry.to),
        rows: entry.rows,
        fixed: entry.fixed,
        broken: entry.broken,
      },
      index,
    }))
    .sort((a, b) => b.transition.rows - a.transition.rows || a.index - b.index)
    .map(({ transition }) => transition);
  const bySlice = Object.entries(flips.bySlice ?? {}).map(([column, values]) => ({
    column,
    rows: worstFirst(
      Object.entries(values)
        .filter(([value]) => visibleSliceValue(report, column, value))
        .map(([value, counts]) => toRow(value, counts)),
    ),
  }));
  return {
    fixed: flips.fixed,
    broken: flips.broken,
    net: flips.fixed - flips.broken,
    summary: summaryOf(flips.fixed, flips.broken),
    byClass: worstFirst(withFlips),
    classesWithoutFlips: classRows.length - withFlips.length,
    transitions,
    bySlice,
    examples:
      flips.examples === undefined
        ? null
        : { column: flips.examples.column, broken: flips.examples.broken, fixed: flips.examples.fixed },
  };
}
