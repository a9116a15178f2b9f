/**
 * A rule's tolerance in the metric's units: an absolute tolerance as written, a relative one ("2%") as that
 * share of the magnitude of the baseline's value (|baseline| x 2 / 100; the magnitude, because R2 can be
 * negative). Null when the tolerance is relative and the baseline value is undefined for the data.
 */
import type { Tolerance } from './policy-values.js';

export function resolveTolerance(
  rule: { readonly tolerance: Tolerance },
  baselineValue: number | null,
): number | null {
  const { tolerance } = rule;
  if (tolerance.kind === 'absolute') return tolerance.value;
  if (baselineValue === null || !Number.isFinite(baselineValue)) return null;
  return (Math.abs(baselineValue) * tolerance.percent) / 100;
}
