/**
 * Axis ranges and ticks on round numbers (1, 2 or 5 times a power of ten), shared by the Mermaid and the SVG
 * charts so both draw the same axes for the same data.
 */

/** A step of 1, 2 or 5 times a power of ten close to span / targetTicks. */
export function niceStep(span: number, targetTicks = 8): number {
  const raw = span / targetTicks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const multiple = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return multiple * power;
}

function decimalsOf(step: number): number {
  return Math.min(6, Math.max(0, -Math.floor(Math.log10(step)) + 1));
}

/**
 * An axis range covering the finite values and the `include` values, padded by 5% of the span, with both
 * ends on multiples of a round step. A single value gets a range around it; no finite value gives [0, 1].
 */
export function niceRange(
  values: readonly number[],
  include: readonly number[] = [],
  targetTicks = 8,
): [number, number] {
  const finite = [...values, ...include].filter(Number.isFinite);
  let low = finite.length === 0 ? 0 : Math.min(...finite);
  let high = finite.length === 0 ? 1 : Math.max(...finite);
  if (high - low < 1e-9 * Math.max(1, Math.abs(high))) {
    const half = Math.max(Math.abs(high) * 0.1, 1e-6);
    low -= half;
    high += half;
  }
  const padding = (high - low) * 0.05;
  const step = niceStep(high - low + 2 * padding, targetTicks);
  const round = (value: number): number => Number(value.toFixed(decimalsOf(step)));
  return [round(Math.floor((low - padding) / step) * step), round(Math.ceil((high + padding) / step) * step)];
}

/** Tick values from low to high (inclusive) on a round step, about targetTicks of them. */
export function niceTicks(low: number, high: number, targetTicks = 6): number[] {
  if (!(high > low)) return [low];
  const step = niceStep(high - low, targetTicks);
  const decimals = decimalsOf(step);
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step - 1e-9) * step; tick <= high + step * 1e-9; tick += step) {
    ticks.push(Number(tick.toFixed(decimals)));
  }
  return ticks;
}
