import type { TensorDescription } from '../report/types.js';

/**
 * The model's input names when every input is shaped like one column ([N] or [N,1]) and is named like one of
 * `columns` (the data file's header), else null. DESIGN.md 3.1: without --features, such names win over
 * "every column except the label and slices", so a model with inputs 'age', 'income', 'tenure' reads those
 * three columns whatever else the file holds.
 */
export function inputColumnNames(
  model: { inputs: readonly TensorDescription[] },
  columns: readonly string[],
): string[] | null {
  if (model.inputs.length === 0) return null;
  const available = new Set(columns);
  for (const input of model.inputs) {
    const width = input.shape[1];
    // A lone input of unknown width may take many columns; among several inputs it can only take one.
    const columnShaped =
      input.shape.length === 1 ||
      (input.shape.length === 2 && (width === 1 || (model.inputs.length > 1 && typeof width !== 'number')));
    if (!columnShaped || !available.has(input.name)) return null;
  }
  return model.inputs.map((input) => input.name);
}
