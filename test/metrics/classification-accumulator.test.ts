import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { ClassificationAccumulator } from '../../src/metrics/classification-accumulator.js';
import { METRIC_NAMES } from '../../src/report/types.js';

function binaryRows(positiveProbabilities: number[]): Float32Array {
  return Float32Array.from(positiveProbabilities.flatMap((p) => [1 - p, p]));
}

function accumulate(
  classCount: number,
  binary: boolean,
  trueIndex: number[],
  predictedIndex: number[],
  probabilities: Float32Array | null,
): ClassificationAccumulator {
  const accumulator = new ClassificationAccumulator(classCount, binary);
  accumulator.add(
    Int32Array.from(trueIndex),
    Int32Array.from(predictedIndex),
    probabilities,
    trueIndex.length,
  );
  return accumulator;
}

describe('ClassificationAccumulator', () => {
  it('returns every metric null with one note when it saw no rows', () => {
    for (const [classCount, binary] of [
      [2, true],
      [3, false],
    ] as const) {
      const accumulator = new ClassificationAccumulator(classCount, binary);
      accumulator.add(new Int32Array(0), new Int32Array(0), new Float32Array(0), 0);
      const { metrics, notes } = accumulator.result();
      expect(Object.keys(metrics)).toEqual([...METRIC_NAMES[binary ? 'binary' : 'multiclass']]);
      expect(Object.values(metrics).every((value) => value === null)).toBe(true);
      expect(notes).toEqual(['no rows were evaluated, so every metric is undefined']);
      expect(new ClassificationAccumulator(classCount, binary).result().metrics).toEqual(metrics);
    }
  });

  it('handles one row: label metrics 1, roc_auc null (single class), log loss and Brier defined', () => {
    const { metrics, notes } = accumulate(2, true, [0], [0], binaryRows([0.25])).result();
    expect(metrics).toEqual({
      accuracy: 1,
      balanced_accuracy: 1,
      precision_macro: 1,
      recall_macro: 1,
      f1_macro: 1,
      log_loss: -Math.log(0.75),
      roc_auc: null,
      brier_score: 0.0625,
    });
    expect(notes).toEqual(['roc_auc is undefined: the holdout set has a single class (0)']);
  });

  it('names the class in the single-class note when class names are given', () => {
    const accumulator = new ClassificationAccumulator(2, true, { classNames: ['no', 'yes'] });
    accumulator.add(Int32Array.from([1, 1]), Int32Array.from([1, 0]), binaryRows([0.9, 0.4]), 2);
    expect(accumulator.result().notes).toEqual([
      'roc_auc is undefined: the holdout set has a single class (yes)',
    ]);
  });

  it('scores all-correct and all-wrong predictions', () => {
    const correct = accumulate(3, false, [0, 1, 2, 2], [0, 1, 2, 2], null).result().metrics;
    expect([correct.accuracy, correct.balanced_accuracy, correct.precision_macro, correct.f1_macro]).toEqual([
      1, 1, 1, 1,
    ]);
    const wrong = accumulate(2, true, [0, 1, 1], [1, 0, 0], binaryRows([1, 0, 0])).result();
    expect(wrong.metrics).toMatchObject({
      accuracy: 0,
      balanced_accuracy: 0,
      precision_macro: 0,
      recall_macro: 0,
      f1_macro: 0,
      roc_auc: 0,
      brier_score: 1,
    });
    // Every true class got probability 0, clipped to 1e-15 then renormalized: -ln(1e-15 / 1).
    expect(wrong.metrics.log_loss).toBeCloseTo(-Math.log(1e-15), 12);
    expect(wrong.notes).toEqual([]);
  });

  it('reports label-only models with null probability metrics and a note', () => {
    const { metrics, notes } = accumulate(2, true, [0, 1, 1], [0, 1, 0], null).result();
    expect(metrics.accuracy).toBeCloseTo(2 / 3, 15);
    expect([metrics.log_loss, metrics.roc_auc, metrics.brier_score]).toEqual([null, null, null]);
    expect(notes).toEqual([
      'log_loss, roc_auc and brier_score are undefined: the model outputs labels only, no class probabilities',
    ]);
  });

  it('refuses to mix batches with and without probabilities', () => {
    const accumulator = new ClassificationAccumulator(2, true);
    accumulator.add(Int32Array.from([0]), Int32Array.from([0]), null, 1);
    expect(() => accumulator.add(Int32Array.from([0]), Int32Array.from([0]), binaryRows([0.1]), 1)).toThrow(
      RangeError,
    );
  });

  it('rejects probabilities that are NaN or outside [0, 1] with a ModelError naming the row and class', () => {
    const accumulator = new ClassificationAccumulator(3, false, { classNames: ['a', 'b', 'c'] });
    accumulator.add(Int32Array.from([0]), Int32Array.from([0]), Float32Array.from([0.5, 0.25, 0.25]), 1);
    const bad = Float64Array.from([0.2, 0.3, 0.5, 1.5, -0.2, -0.3]);
    expect(() => accumulator.add(Int32Array.from([0, 1]), Int32Array.from([0, 1]), bad, 2)).toThrow(
      new ModelError(
        'Invalid probability 1.5 for class a in row 3: probabilities must be numbers between 0 and 1 (are the outputs logits or scores?)',
      ),
    );
    const nan = Float64Array.from([Number.NaN, 0.5, 0.5]);
    expect(() => accumulator.add(Int32Array.from([0]), Int32Array.from([0]), nan, 1)).toThrow(ModelError);
  });

  it('rejects class indices out of range and short arrays as programming errors', () => {
    const accumulator = new ClassificationAccumulator(2, true);
    expect(() => accumulator.add(Int32Array.from([2]), Int32Array.from([0]), null, 1)).toThrow(RangeError);
    expect(() => accumulator.add(Int32Array.from([0]), Int32Array.from([-1]), null, 1)).toThrow(RangeError);
    expect(() => accumulator.add(Int32Array.from([0]), Int32Array.from([0]), null, 2)).toThrow(RangeError);
    expect(() => new ClassificationAccumulator(3, true)).toThrow(RangeError);
    expect(() => new ClassificationAccumulator(1, false)).toThrow(RangeError);
  });

  it('makes multiclass roc_auc null when probability rows do not sum to 1, as scikit-learn refuses them', () => {
    const scores = Float32Array.from([0.5, 0.3, 0.1, 0.2, 0.6, 0.1, 0.2, 0.1, 0.7]);
    const { metrics, notes } = accumulate(3, false, [0, 1, 2], [0, 1, 2], scores).result();
    expect(metrics.roc_auc).toBeNull();
    expect(notes).toEqual([
      'roc_auc is undefined: 2 of 3 probability rows do not sum to 1 (within 1e-5), and multiclass ROC AUC needs ' +
        'probabilities, as in scikit-learn',
    ]);
    // log_loss renormalizes the rows: row 0 is [5/9, 3/9, 1/9].
    expect(metrics.log_loss).toBeCloseTo(-(Math.log(0.5 / 0.9) + Math.log(0.6 / 0.9) + Math.log(0.7)) / 3, 6);
  });

  it('lists the classes missing from the true labels in the multiclass roc_auc note', () => {
    const probabilities = new Float32Array(4 * 4).fill(0.25);
    const { notes } = accumulate(4, false, [0, 0, 1, 1], [0, 0, 1, 3], probabilities).result();
    expect(notes).toEqual([
      'roc_auc is undefined: classes 2, 3 never occur in the holdout set, and one-vs-rest ROC AUC needs every ' +
        'class among the true labels',
    ]);
  });

  it('keeps the confusion matrix and the binary scores across chunk boundaries', () => {
    const accumulator = new ClassificationAccumulator(2, true, { chunkRows: 3 });
    const trueIndex = Int32Array.from([0, 1, 1, 0, 1, 0, 1]);
    const predicted = Int32Array.from([0, 1, 0, 0, 1, 1, 1]);
    const positive = [0.1, 0.8, 0.4, 0.3, 0.9, 0.6, 0.7];
    accumulator.add(trueIndex.subarray(0, 2), predicted.subarray(0, 2), binaryRows(positive.slice(0, 2)), 2);
    accumulator.add(trueIndex.subarray(2), predicted.subarray(2), binaryRows(positive.slice(2)), 5);
    expect(accumulator.rowCount).toBe(7);
    expect(Array.from(accumulator.confusionMatrix())).toEqual([2, 1, 1, 3]);
    const scores = accumulator.binaryScores();
    expect(scores).not.toBeNull();
    expect(Array.from(scores?.scores ?? [])).toEqual(Array.from(Float32Array.from(positive)));
    expect(Array.from(scores?.positive ?? [])).toEqual(Array.from(trueIndex));
    // AUC by hand: positives 0.8 0.4 0.9 0.7 vs negatives 0.1 0.3 0.6: 3 + 2 + 3 + 3 = 11 of 12 pairs.
    expect(accumulator.result().metrics.roc_auc).toBeCloseTo(11 / 12, 15);
    expect(new ClassificationAccumulator(3, false).binaryScores()).toBeNull();
  });

  it('computes one-vs-rest macro AUC on a hand-checked example', () => {
    // Class 0 column: positives {0.7, 0.6} vs negatives {0.2, 0.1, 0.6, 0.3}: (4 + 3.5) / 8.
    // Class 1 column: positives {0.5, 0.3} vs negatives {0.2, 0.1, 0.1, 0.3}: (4 + 3.5) / 8.
    // Class 2 column: positives {0.3, 0.4} vs negatives {0.1, 0.3, 0.3, 0.6}: (1 + 2 * 0.5 + 3) / 8.
    const rows = [
      [0.7, 0.2, 0.1],
      [0.6, 0.1, 0.3],
      [0.2, 0.5, 0.3],
      [0.1, 0.3, 0.6],
      [0.6, 0.1, 0.3],
      [0.3, 0.3, 0.4],
    ];
    const probabilities = Float32Array.from(rows.flat());
    const { metrics } = accumulate(3, false, [0, 0, 1, 1, 2, 2], [0, 0, 1, 2, 0, 2], probabilities).result();
    expect(metrics.roc_auc).toBeCloseTo((7.5 / 8 + 7.5 / 8 + 5 / 8) / 3, 12);
  });
});
