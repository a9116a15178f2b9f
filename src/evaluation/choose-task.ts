/**
 * Task detection (issue 2, item 5): binary / multiclass / regression from what both models' outputs can serve,
 * resolved by the labels of the first batch when the outputs alone are ambiguous (a single float output is a
 * binary score or a regression value; labels with no declared classes may be binary or multiclass).
 * `--task` overrides detection but must still fit both models.
 */
import { ModelError } from '../errors.js';
import type { Task } from '../report/types.js';

export interface TaskChoice {
  requested: Task | 'auto';
  candidate: { name: string; tasks: readonly Task[] };
  baseline: { name: string; tasks: readonly Task[] };
  /** Labels of the first batch of rows. */
  firstLabels: Float64Array | readonly string[];
}

const list = (tasks: readonly Task[]) => tasks.join(' or ');

/** Whether every label is 0 or 1 (numbers). */
function zeroOneLabels(labels: Float64Array | readonly string[]): boolean {
  if (!(labels instanceof Float64Array)) return false;
  for (const value of labels) if (value !== 0 && value !== 1) return false;
  return true;
}

function integerLabels(labels: Float64Array | readonly string[]): boolean {
  if (!(labels instanceof Float64Array)) return true;
  for (const value of labels) if (!Number.isInteger(value)) return false;
  return true;
}

export function chooseTask(choice: TaskChoice): Task {
  const { candidate, baseline, requested } = choice;
  if (requested !== 'auto') {
    for (const model of [candidate, baseline]) {
      if (!model.tasks.includes(requested)) {
        throw new ModelError(
          `--task ${requested} does not fit ${model.name}: its outputs serve ${list(model.tasks)}`,
        );
      }
    }
    return requested;
  }
  const common = candidate.tasks.filter((task) => baseline.tasks.includes(task));
  if (common.length === 0) {
    throw new ModelError(
      `The candidate and the baseline disagree on the task: ${candidate.name} serves ${list(candidate.tasks)}, ` +
        `${baseline.name} serves ${list(baseline.tasks)}`,
    );
  }
  const [only] = common;
  if (common.length === 1 && only !== undefined) return only;
  const labels = choice.firstLabels;
  if (common.includes('binary') && zeroOneLabels(labels)) return 'binary';
  if (common.includes('regression') && !integerLabels(labels)) return 'regression';
  if (common.includes('multiclass') && integerLabels(labels)) return 'multiclass';
  if (common.includes('regression')) return 'regression';
  // Only classification tasks remain and the labels are not 0/1: string or integer classes beyond two.
  return common.includes('multiclass') ? 'multiclass' : 'binary';
}
