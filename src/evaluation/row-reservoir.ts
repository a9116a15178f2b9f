/**
 * A fixed-size uniform random sample of the rows of a stream (reservoir sampling, Vitter's algorithm R).
 *
 * The drift collector keeps one per file (reference, holdout) and one of score pairs, so its memory is
 * capacity x width numbers however long the stream. After any number of rows, every subset of `capacity`
 * rows is equally likely to be the one kept (when fewer rows were seen, all are kept): row t (0-based) is
 * kept with probability capacity / (t + 1), replacing a uniformly chosen kept row.
 *
 * Reference: J. S. Vitter (1985). Random sampling with a reservoir. ACM Transactions on Mathematical Software
 * 11(1), 37-57. https://doi.org/10.1145/3147.3165
 */
import type { RandomSource } from '../stats/random-source.js';

export class RowReservoir {
  /** Kept rows, row-major: slot s holds values[s * width .. (s + 1) * width). Only `size` slots are filled. */
  readonly values: Float64Array;
  private seen = 0;

  constructor(
    readonly capacity: number,
    readonly width: number,
    private readonly random: RandomSource,
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`RowReservoir: capacity must be a positive integer, got ${String(capacity)}`);
    }
    this.values = new Float64Array(capacity * width);
  }

  /** Rows offered so far. */
  get rowsSeen(): number {
    return this.seen;
  }

  /** Rows kept: min(rowsSeen, capacity). */
  get size(): number {
    return Math.min(this.seen, this.capacity);
  }

  /** Offers the next row of the stream: the slot to write its values to, or -1 when it is not kept. */
  offer(): number {
    const index = this.seen;
    this.seen = index + 1;
    if (index < this.capacity) return index;
    const slot = Math.floor(this.random.nextDouble() * (index + 1));
    return slot < this.capacity ? slot : -1;
  }

  /** The kept values of one column, NaN left out, in slot order. */
  column(column: number): Float64Array {
    const size = this.size;
    const width = this.width;
    const result = new Float64Array(size);
    let count = 0;
    for (let slot = 0; slot < size; slot++) {
      const value = this.values[slot * width + column] as number;
      if (value === value) result[count++] = value;
    }
    return count === size ? result : result.slice(0, count);
  }
}
