/**
 * Growable, chunked storage of per-row scores and true class indices, kept for the metrics that need every row
 * at the end (ROC AUC ranks all scores; the DeLong test needs the paired scores of both models).
 *
 * Used by: ClassificationAccumulator. Binary tasks keep one float32 column (P(class 1)) and a uint8 true label
 * per row (5 bytes a row); multiclass tasks keep K float32 columns and an int32 true index (4K + 4 bytes a row).
 * Chunks of a fixed number of rows are allocated as rows arrive, so nothing is copied when the store grows and
 * memory is what the rows take plus at most one partly filled chunk.
 *
 * Scores are stored as float32: model outputs are float32, so nothing is lost for ONNX models; float64 inputs
 * are rounded to the nearest float32 (a relative change of at most 6e-8, below any tolerance of the gate).
 *
 * No statistical method here; the ranking is done by binaryRocAuc. Tested in test/metrics/score-store.test.ts.
 */

/** Rows per chunk: 65,536 rows of 5 classes is 1.3 MB of float32. */
const DEFAULT_CHUNK_ROWS = 65_536;

export interface ScoreChunk {
  /** Row-major rows x columns scores; only the first `rows` rows are filled. */
  scores: Float32Array;
  /** True class index of each row; only the first `rows` entries are filled. */
  labels: Uint8Array | Int32Array;
  rows: number;
}

export class ScoreStore {
  readonly columns: number;
  private readonly chunkRows: number;
  private readonly smallLabels: boolean;
  private readonly chunks: ScoreChunk[] = [];
  private totalRows = 0;

  /**
   * @param columns scores kept per row
   * @param smallLabels true to keep labels as uint8 (binary: 0 or 1), false for int32 class indices
   * @param chunkRows rows per chunk (tests use small chunks to cross chunk boundaries)
   */
  constructor(columns: number, smallLabels: boolean, chunkRows: number = DEFAULT_CHUNK_ROWS) {
    if (!Number.isInteger(columns) || columns < 1)
      throw new RangeError(`columns must be >= 1, got ${columns}`);
    if (!Number.isInteger(chunkRows) || chunkRows < 1) {
      throw new RangeError(`chunkRows must be >= 1, got ${chunkRows}`);
    }
    this.columns = columns;
    this.smallLabels = smallLabels;
    this.chunkRows = chunkRows;
  }

  /** Rows stored so far. */
  get length(): number {
    return this.totalRows;
  }

  /**
   * Appends rowCount rows. Row i's scores are source[i * sourceStride + firstColumn + c] for c < columns, its
   * label labels[i].
   */
  append(
    source: Float32Array | Float64Array,
    sourceStride: number,
    firstColumn: number,
    labels: Int32Array,
    rowCount: number,
  ): void {
    const columns = this.columns;
    let row = 0;
    while (row < rowCount) {
      const chunk = this.writableChunk();
      const take = Math.min(rowCount - row, this.chunkRows - chunk.rows);
      const scores = chunk.scores;
      const chunkLabels = chunk.labels;
      for (let i = 0; i < take; i++) {
        const sourceOffset = (row + i) * sourceStride + firstColumn;
        const targetOffset = (chunk.rows + i) * columns;
        for (let c = 0; c < columns; c++) scores[targetOffset + c] = source[sourceOffset + c] as number;
        chunkLabels[chunk.rows + i] = labels[row + i] as number;
      }
      chunk.rows += take;
      row += take;
    }
    this.totalRows += rowCount;
  }

  /** The filled chunks, in row order. The arrays are the store's own: read them, do not write. */
  chunkList(): readonly ScoreChunk[] {
    return this.chunks;
  }

  private writableChunk(): ScoreChunk {
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && last.rows < this.chunkRows) return last;
    const chunk: ScoreChunk = {
      scores: new Float32Array(this.chunkRows * this.columns),
      labels: this.smallLabels ? new Uint8Array(this.chunkRows) : new Int32Array(this.chunkRows),
      rows: 0,
    };
    this.chunks.push(chunk);
    return chunk;
  }
}
