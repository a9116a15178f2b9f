import { ModelError } from '../errors.js';
import type { Task, TensorDescription } from '../report/types.js';
import type { ClassLabels } from './class-labels.js';

export interface ScoreOutput {
  name: string;
  type: 'float32' | 'float64';
  shape: Array<number | string | null>;
  /** Values per row: K for [N,K], 1 for [N] or [N,1]; null when the model does not say (known after a run). */
  columns: number | null;
}

export interface LabelOutput {
  name: string;
  type: 'int64' | 'int32' | 'string';
}

export interface OutputDescription {
  /**
   * - 'class-scores': a float output [N,K], K >= 2 (probabilities, or logits: decided on the first batch);
   * - 'single-score': a float output [N] or [N,1]: P(class 1) or its logit for a binary model, or a regression
   *   value; only the task tells which;
   * - 'labels-only': an integer or string label output and no scores.
   */
  kind: 'class-scores' | 'single-score' | 'labels-only';
  scores: ScoreOutput | null;
  label: LabelOutput | null;
  /** The tasks these outputs can serve, before any data is seen (the caller decides among them). */
  tasks: Task[];
  /** Outputs model-gate does not read (never fetched, so they cost nothing). */
  ignored: string[];
}

/** What describeOutputs needs to know about a model (a LoadedModel fits). */
export interface DescribableModel {
  name: string;
  displayPath: string;
  /** The outputs of the session that runs (ZipMap outputs already replaced by their tensors). */
  sessionOutputs: TensorDescription[];
  classLabels: ClassLabels | null;
}

/**
 * Which outputs hold the scores and the predicted label. A float output of rank 1 or 2 is a score candidate
 * (one whose name contains 'prob' is preferred, then the first); an int64 / int32 / string output [N] or [N,1]
 * is a label candidate (one whose name contains 'label' is preferred, then the first). skl2onnx models have both
 * (`output_label`, `output_probability`); most exported networks have only scores.
 */
export function describeOutputs(model: DescribableModel): OutputDescription {
  const scoreCandidates: ScoreOutput[] = [];
  const labelCandidates: LabelOutput[] = [];
  for (const output of model.sessionOutputs) {
    const rank = output.shape.length;
    const width = output.shape[1];
    if ((output.type === 'float32' || output.type === 'float64') && (rank === 1 || rank === 2)) {
      const columns = rank === 1 ? 1 : typeof width === 'number' ? width : null;
      scoreCandidates.push({ name: output.name, type: output.type, shape: output.shape, columns });
    } else if (
      (output.type === 'int64' || output.type === 'int32' || output.type === 'string') &&
      (rank === 1 || (rank === 2 && width === 1))
    ) {
      labelCandidates.push({ name: output.name, type: output.type });
    }
  }
  const scores = prefer(scoreCandidates, /prob/i);
  const label = prefer(labelCandidates, /label/i);
  if (scores === null && label === null) {
    const described = model.sessionOutputs
      .map((output) => `'${output.name}' ${output.type} [${output.shape.map((d) => d ?? '?').join(',')}]`)
      .join(', ');
    throw new ModelError(
      `${model.name} has no output model-gate can read (${described || 'no outputs'}): it needs float scores ` +
        `[N,K], [N,1] or [N], or a label [N]`,
      { file: model.displayPath },
    );
  }
  const ignored = model.sessionOutputs
    .map((output) => output.name)
    .filter((name) => name !== scores?.name && name !== label?.name);

  const labelCount = model.classLabels?.length ?? null;
  if (scores !== null && scores.columns === null && labelCount !== null && labelCount >= 2) {
    scores.columns = labelCount;
  }

  if (scores === null) {
    const tasks: Task[] =
      labelCount === 2 ? ['binary'] : labelCount !== null ? ['multiclass'] : ['binary', 'multiclass'];
    return { kind: 'labels-only', scores, label, tasks, ignored };
  }
  if (scores.columns === 1) {
    return {
      kind: 'single-score',
      scores,
      label,
      tasks: label === null ? ['binary', 'regression'] : ['binary'],
      ignored,
    };
  }
  const tasks: Task[] =
    scores.columns === null
      ? ['binary', 'multiclass', 'regression']
      : scores.columns === 2
        ? ['binary']
        : ['multiclass'];
  return { kind: 'class-scores', scores, label, tasks, ignored };
}

function prefer<T extends { name: string }>(candidates: T[], pattern: RegExp): T | null {
  return candidates.find((candidate) => pattern.test(candidate.name)) ?? candidates[0] ?? null;
}
