/**
 * The per-example outcomes the paired tests need, kept as the rows stream by: McNemar's discordant counts, and
 * d = loss(candidate) - loss(baseline) for every row (the paired t-test needs only sums, but the Wilcoxon test
 * ranks every |d|: 8 bytes per row, stored in one chunk per batch).
 */
import { rowLogLoss } from '../metrics/per-example-log-loss.js';

export interface ModelRows {
  predicted: Int32Array;
  probabilities: Float32Array | Float64Array | null;
}

export class PairedOutcomes {
  private readonly chunks: Float64Array[] = [];
  private rows = 0;
  /** #(candidate right, baseline wrong). */
  private fixed = 0;
  /** #(candidate wrong, baseline right). */
  private broken = 0;

  addClassification(
    trueIndex: Int32Array,
    candidate: ModelRows,
    baseline: ModelRows,
    classCount: number,
    logLoss: boolean,
    rowCount: number,
  ): void {
    const differences = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const label = trueIndex[row] as number;
      const candidateRight = candidate.predicted[row] === label;
      const baselineRight = baseline.predicted[row] === label;
      if (candidateRight && !baselineRight) this.fixed++;
      else if (!candidateRight && baselineRight) this.broken++;
      if (logLoss && candidate.probabilities !== null && baseline.probabilities !== null) {
        const offset = row * classCount;
        differences[row] =
          rowLogLoss(candidate.probabilities, offset, classCount, label) -
          rowLogLoss(baseline.probabilities, offset, classCount, label);
      } else {
        differences[row] = (candidateRight ? 0 : 1) - (baselineRight ? 0 : 1);
      }
    }
    this.push(differences);
  }

  addSquaredErrors(
    truth: Float64Array,
    candidate: Float32Array | Float64Array,
    baseline: Float32Array | Float64Array,
    rowCount: number,
  ): void {
    const differences = new Float64Array(rowCount);
    for (let row = 0; row < rowCount; row++) {
      const y = truth[row] as number;
      const candidateError = y - (candidate[row] as number);
      const baselineError = y - (baseline[row] as number);
      differences[row] = candidateError * candidateError - baselineError * baselineError;
    }
    this.push(differences);
  }

  private push(differences: Float64Array): void {
    this.chunks.push(differences);
    this.rows += differences.length;
  }

  discordantCounts(): { b: number; c: number } {
    return { b: this.fixed, c: this.broken };
  }

  /** Every d in row order, as one array (the chunks are released). */
  lossDifferences(): Float64Array {
    const all = new Float64Array(this.rows);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks.length = 0;
    this.chunks.push(all);
    return all;
  }
}
