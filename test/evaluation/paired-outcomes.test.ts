import { describe, expect, it } from 'vitest';

import { PairedOutcomes } from '../../src/evaluation/paired-outcomes.js';

describe('PairedOutcomes', () => {
  it('counts the rows each model fixes and breaks and keeps log-loss differences in row order', () => {
    const outcomes = new PairedOutcomes();
    const labels = Int32Array.from([1, 0, 1, 0]);
    const candidate = {
      predicted: Int32Array.from([1, 0, 0, 0]),
      probabilities: Float64Array.from([0.2, 0.8, 0.9, 0.1, 0.6, 0.4, 0.7, 0.3]),
    };
    const baseline = {
      predicted: Int32Array.from([0, 0, 1, 1]),
      probabilities: Float64Array.from([0.6, 0.4, 0.8, 0.2, 0.4, 0.6, 0.4, 0.6]),
    };
    outcomes.addClassification(labels, candidate, baseline, 2, true, 2);
    outcomes.addClassification(
      labels.subarray(2),
      { predicted: candidate.predicted.subarray(2), probabilities: candidate.probabilities.subarray(4) },
      { predicted: baseline.predicted.subarray(2), probabilities: baseline.probabilities.subarray(4) },
      2,
      true,
      2,
    );
    // Row 1: candidate right, baseline wrong (b); row 3: candidate wrong, baseline right (c); row 4: b.
    expect(outcomes.discordantCounts()).toEqual({ b: 2, c: 1 });
    const differences = outcomes.lossDifferences();
    const expected = [
      -Math.log(0.8) + Math.log(0.4),
      -Math.log(0.9) + Math.log(0.8),
      -Math.log(0.4) + Math.log(0.6),
      -Math.log(0.7) + Math.log(0.4),
    ];
    expect(Array.from(differences)).toEqual(expected.map((value) => expect.closeTo(value, 12)));
  });

  it('uses 0-1 loss when probabilities are not compared', () => {
    const outcomes = new PairedOutcomes();
    outcomes.addClassification(
      Int32Array.from([1, 1, 0]),
      { predicted: Int32Array.from([1, 0, 0]), probabilities: null },
      { predicted: Int32Array.from([0, 1, 0]), probabilities: null },
      2,
      false,
      3,
    );
    expect(Array.from(outcomes.lossDifferences())).toEqual([-1, 1, 0]);
  });

  it('keeps squared-error differences for regression', () => {
    const outcomes = new PairedOutcomes();
    outcomes.addSquaredErrors(
      Float64Array.from([1, 2]),
      Float32Array.from([1.5, 2]),
      Float64Array.from([0, 4]),
      2,
    );
    expect(Array.from(outcomes.lossDifferences())).toEqual([0.25 - 1, 0 - 4]);
  });
});
