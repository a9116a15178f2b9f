import { describe, expect, it } from 'vitest';
import { driftScores } from '../../src/evaluation/drift-scores.js';

describe('driftScores', () => {
  it('takes P(class 1) for binary classification', () => {
    const probabilities = Float32Array.from([0.9, 0.1, 0.25, 0.75]);
    expect(Array.from(driftScores('binary', { probabilities, values: null }, 2) ?? [])).toEqual([
      Math.fround(0.1),
      0.75,
    ]);
  });

  it('takes the largest probability for multiclass', () => {
    const probabilities = Float64Array.from([0.2, 0.5, 0.3, 0.6, 0.3, 0.1]);
    expect(Array.from(driftScores('multiclass', { probabilities, values: null }, 2) ?? [])).toEqual([
      0.5, 0.6,
    ]);
  });

  it('takes the predicted value for regression, and null for label-only models', () => {
    const values = Float64Array.from([1.5, -2, 7]);
    expect(Array.from(driftScores('regression', { probabilities: null, values }, 3) ?? [])).toEqual([
      1.5, -2, 7,
    ]);
    expect(driftScores('binary', { probabilities: null, values: null }, 3)).toBeNull();
    expect(driftScores('regression', { probabilities: null, values: null }, 3)).toBeNull();
  });

  it('rejects probabilities that do not fit the rows', () => {
    expect(() => driftScores('multiclass', { probabilities: new Float64Array(5), values: null }, 2)).toThrow(
      /do not fit 2 rows/,
    );
  });
});
