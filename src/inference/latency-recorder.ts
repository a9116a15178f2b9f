/**
 * Times both models on the same batches, interleaved, for the latency report (DESIGN.md: inference owns
 * latency; issue 3: "time both models on the same batches, interleaved (A, B, A, B) after a warm-up").
 *
 * What is timed: the wall time of one whole `predict()` per model per batch (feeds, every session.run call of
 * a fixed-batch-size model, output reading), with `process.hrtime.bigint()` unless a clock is passed in (tests
 * pass a fake one: STYLE.md, side effects come in as ports). The order alternates: the candidate runs first on
 * even batches (0, 2, ...), the baseline first on odd ones, so whatever favours the first or the second run of
 * a pair (warm caches from reading the batch, CPU frequency steps) favours each model equally often.
 *
 * Warm-up: the first `warmupBatches` batches (default 2) are timed but left out, because a session's first
 * runs pay one-off costs (memory arena growth, kernel selection). Data with few batches cannot spare that
 * many: the warm-up shrinks so that at least one batch is kept, i.e. min(warmupBatches, batches - 1)
 * (1 batch: no warm-up; 2 batches: 1). The report states the warm-up it used.
 *
 * Memory: one duration per model and one row count per batch (about 123 batches per million rows at 8192
 * rows per batch), so everything is kept and summarized at the end.
 */

/** Nanoseconds from an arbitrary origin, monotonic. */
export type Clock = () => bigint;

export type ModelRole = 'candidate' | 'baseline';

export const DEFAULT_WARMUP_BATCHES = 2;

const CANDIDATE_FIRST: readonly [ModelRole, ModelRole] = ['candidate', 'baseline'];
const BASELINE_FIRST: readonly [ModelRole, ModelRole] = ['baseline', 'candidate'];

/** Which model runs first on batch `batchIndex` (0-based, data order): candidate on even, baseline on odd. */
export function runOrder(batchIndex: number): readonly [ModelRole, ModelRole] {
  if (!Number.isSafeInteger(batchIndex) || batchIndex < 0) {
    throw new RangeError(`Run order: batch index must be a non-negative integer, got ${String(batchIndex)}`);
  }
  return batchIndex % 2 === 0 ? CANDIDATE_FIRST : BASELINE_FIRST;
}

export interface LatencyRecorderOptions {
  /** Batches to leave out at the start (default 2); fewer when the data has fewer batches (see above). */
  warmupBatches?: number;
  /** Default: process.hrtime.bigint. */
  clock?: Clock;
}

/** The batches kept after the warm-up, in data order, paired by index. */
export interface LatencyTimings {
  /** Batches recorded in all, warm-up included. */
  recorded: number;
  /** Batches left out as warm-up (the requested number, shrunk for short data). */
  warmupBatches: number;
  /** The requested warm-up. */
  requestedWarmupBatches: number;
  /** Wall time of each kept batch's predict(), in milliseconds. */
  candidateMs: Float64Array;
  baselineMs: Float64Array;
  /** Rows of each kept batch. */
  rows: Float64Array;
}

export class LatencyRecorder {
  private readonly clock: Clock;
  private readonly requestedWarmup: number;
  private readonly candidateNs: number[] = [];
  private readonly baselineNs: number[] = [];
  private readonly rowCounts: number[] = [];

  constructor(options: LatencyRecorderOptions = {}) {
    const warmup = options.warmupBatches ?? DEFAULT_WARMUP_BATCHES;
    if (!Number.isSafeInteger(warmup) || warmup < 0) {
      throw new RangeError(`Latency: warm-up batches must be a whole number >= 0, got ${String(warmup)}`);
    }
    this.requestedWarmup = warmup;
    this.clock = options.clock ?? (() => process.hrtime.bigint());
  }

  /** Batches recorded so far (warm-up included). */
  get batches(): number {
    return this.rowCounts.length;
  }

  /** The order of the models on the next batch. */
  nextOrder(): readonly [ModelRole, ModelRole] {
    return runOrder(this.batches);
  }

  /**
   * Runs both models on one batch in this batch's order, timing each run, and records the pair. The runs
   * must be the whole predict() of each model on the same rows. A run that throws records nothing.
   */
  async timeBatch<Candidate, Baseline>(
    rows: number,
    runs: { candidate: () => Promise<Candidate>; baseline: () => Promise<Baseline> },
  ): Promise<{ candidate: Candidate; baseline: Baseline }> {
    const order = this.nextOrder();
    let candidate: Candidate | undefined;
    let baseline: Baseline | undefined;
    let candidateNs = 0;
    let baselineNs = 0;
    for (const role of order) {
      const started = this.clock();
      if (role === 'candidate') {
        candidate = await runs.candidate();
        candidateNs = this.elapsedSince(started);
      } else {
        baseline = await runs.baseline();
        baselineNs = this.elapsedSince(started);
      }
    }
    this.record(rows, candidateNs, baselineNs);
    return { candidate: candidate as Candidate, baseline: baseline as Baseline };
  }

  /** Records one batch timed by the caller (nanoseconds); prefer timeBatch, which also sets the order. */
  record(rows: number, candidateNs: number, baselineNs: number): void {
    if (!Number.isSafeInteger(rows) || rows < 0) {
      throw new RangeError(`Latency: rows must be a whole number >= 0, got ${String(rows)}`);
    }
    for (const time of [candidateNs, baselineNs]) {
      if (!(time > 0 && Number.isFinite(time))) {
        throw new RangeError(
          `Latency: a duration must be a positive number of nanoseconds, got ${String(time)}`,
        );
      }
    }
    this.candidateNs.push(candidateNs);
    this.baselineNs.push(baselineNs);
    this.rowCounts.push(rows);
  }

  /** The kept batches (after the warm-up), in data order. Empty batches (0 rows) are left out too. */
  timings(): LatencyTimings {
    const recorded = this.batches;
    const warmupBatches = Math.min(this.requestedWarmup, Math.max(0, recorded - 1));
    const kept: number[] = [];
    for (let index = warmupBatches; index < recorded; index += 1) {
      if ((this.rowCounts[index] as number) > 0) kept.push(index);
    }
    const select = (values: number[], divisor: number) =>
      Float64Array.from(kept, (index) => (values[index] as number) / divisor);
    return {
      recorded,
      warmupBatches,
      requestedWarmupBatches: this.requestedWarmup,
      candidateMs: select(this.candidateNs, 1e6),
      baselineMs: select(this.baselineNs, 1e6),
      rows: select(this.rowCounts, 1),
    };
  }

  private elapsedSince(started: bigint): number {
    // The clock is monotonic; a run faster than its resolution counts as 1 ns so ratios stay defined.
    const elapsed = this.clock() - started;
    return elapsed > 0n ? Number(elapsed) : 1;
  }
}
