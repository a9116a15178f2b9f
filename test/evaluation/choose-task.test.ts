import { describe, expect, it } from 'vitest';

import { ModelError } from '../../src/errors.js';
import { chooseTask } from '../../src/evaluation/choose-task.js';
import type { Task } from '../../src/report/types.js';

const model = (name: string, tasks: Task[]) => ({ name: `${name} model '${name}.onnx'`, tasks });
const labels = (...values: number[]) => Float64Array.from(values);

describe('chooseTask', () => {
  it('takes the one task both models serve', () => {
    expect(
      chooseTask({
        requested: 'auto',
        candidate: model('candidate', ['multiclass']),
        baseline: model('baseline', ['multiclass']),
        firstLabels: labels(0, 1, 2),
      }),
    ).toBe('multiclass');
  });

  it('reads a single float output as binary when the labels are 0/1, as regression otherwise', () => {
    const single = {
      candidate: model('candidate', ['binary', 'regression']),
      baseline: model('baseline', ['binary', 'regression']),
    };
    expect(chooseTask({ requested: 'auto', ...single, firstLabels: labels(0, 1, 1, 0) })).toBe('binary');
    expect(chooseTask({ requested: 'auto', ...single, firstLabels: labels(0.5, 3.2, -1) })).toBe(
      'regression',
    );
    expect(chooseTask({ requested: 'auto', ...single, firstLabels: labels(0, 3, 7) })).toBe('regression');
  });

  it('reads labels with no declared classes as binary or multiclass from the labels', () => {
    const labelsOnly = {
      candidate: model('candidate', ['binary', 'multiclass']),
      baseline: model('baseline', ['binary', 'multiclass']),
    };
    expect(chooseTask({ requested: 'auto', ...labelsOnly, firstLabels: labels(0, 1) })).toBe('binary');
    expect(chooseTask({ requested: 'auto', ...labelsOnly, firstLabels: labels(0, 1, 2) })).toBe('multiclass');
  });

  it('narrows to what both models serve', () => {
    expect(
      chooseTask({
        requested: 'auto',
        candidate: model('candidate', ['binary', 'regression']),
        baseline: model('baseline', ['binary']),
        firstLabels: labels(0.5, 2),
      }),
    ).toBe('binary');
  });

  it('names both models when they disagree on the task', () => {
    const call = () =>
      chooseTask({
        requested: 'auto',
        candidate: model('candidate', ['regression']),
        baseline: model('baseline', ['multiclass']),
        firstLabels: labels(1),
      });
    expect(call).toThrow(ModelError);
    expect(call).toThrow(
      "The candidate and the baseline disagree on the task: candidate model 'candidate.onnx' serves regression, baseline model 'baseline.onnx' serves multiclass",
    );
  });

  it('honours --task when both models can serve it, and says which model cannot', () => {
    const pair = {
      candidate: model('candidate', ['binary', 'regression']),
      baseline: model('baseline', ['binary', 'regression']),
    };
    expect(chooseTask({ requested: 'regression', ...pair, firstLabels: labels(0, 1) })).toBe('regression');
    expect(() => chooseTask({ requested: 'multiclass', ...pair, firstLabels: labels(0, 1) })).toThrow(
      "--task multiclass does not fit candidate model 'candidate.onnx': its outputs serve binary or regression",
    );
  });
});
