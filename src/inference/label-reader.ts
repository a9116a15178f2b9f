import { ModelError } from '../errors.js';
import type { ClassLabels } from './class-labels.js';
import type { LabelOutput } from './describe-outputs.js';

export interface LabelReader {
  /**
   * Class indices (positions in `classLabels`, or the label itself when the model declares no labels) of the
   * labels a label output returned. `classCount`, when known, bounds an index read from a bare integer label.
   */
  read(data: unknown, rows: number, classCount: number | null, firstRow: number): Int32Array;
}

/**
 * Maps a label output to class indices. With declared class labels (skl2onnx's classlabels_* attributes) each
 * label is looked up among them; without, an integer label is its own index (classes 0..K-1), and a string
 * label cannot be placed, which createLabelReader refuses up front.
 */
export function createLabelReader(
  output: LabelOutput,
  classLabels: ClassLabels | null,
  modelName: string,
  location: { file: string },
): LabelReader {
  const fail = (message: string): never => {
    throw new ModelError(`${modelName} label output '${output.name}' ${message}`, location);
  };
  if (output.type === 'string' && (classLabels === null || typeof classLabels[0] !== 'string')) {
    fail('returns strings, but the model declares no string class labels to order them by');
  }
  const index = new Map<number | string, number>();
  classLabels?.forEach((label, position) => index.set(label, position));
  const known = `[${(classLabels ?? []).map((label) => (typeof label === 'string' ? `'${label}'` : label)).join(', ')}]`;

  return {
    read(data, rows, classCount, firstRow) {
      const predicted = new Int32Array(rows);
      const values = data as ArrayLike<bigint | number | string>;
      for (let row = 0; row < rows; row++) {
        const raw = values[row];
        const label = typeof raw === 'bigint' ? Number(raw) : raw;
        let position: number | undefined;
        if (classLabels !== null) {
          position = label === undefined ? undefined : index.get(label);
          if (position === undefined) {
            fail(
              `returned ${JSON.stringify(label)} for data row ${firstRow + row + 1}, which is not one of the model's classes ${known}`,
            );
          }
        } else {
          position = typeof label === 'number' ? label : -1;
          const limit = classCount ?? 2 ** 31 - 1;
          if (!Number.isInteger(position) || position < 0 || position >= limit) {
            fail(
              `returned ${JSON.stringify(label)} for data row ${firstRow + row + 1}; with no class labels in the ` +
                `model, labels must be class indices 0..${classCount === null ? 'K-1' : classCount - 1}`,
            );
          }
        }
        predicted[row] = position ?? 0;
      }
      return predicted;
    },
  };
}
