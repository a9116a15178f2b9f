import { ModelError } from '../errors.js';
import type { TensorDescription } from '../report/types.js';
import { formatShape } from './model-signature.js';

/** Element types model-gate can feed from numeric columns. */
export type FeedType = 'float32' | 'float64' | 'int64' | 'int32';

export interface InputFeed {
  input: string;
  type: FeedType;
  /** 1: the input is [N]; 2: it is [N, columns.length]. */
  rank: 1 | 2;
  /** Indices into the feature columns, in the order the input takes them. */
  columns: number[];
}

export interface FeatureMapping {
  featureColumns: readonly string[];
  /** True when several inputs are matched to columns by name; false when one input takes every column. */
  byName: boolean;
  feeds: InputFeed[];
  /** Feature columns no input takes (only when matching by name). */
  unusedColumns: string[];
  /** The batch size the model insists on when its first input dimension is a number (often 1), else null. */
  fixedBatch: number | null;
  /** One line for the report, e.g. "4 feature columns -> 'float_input' [N,4] float32". */
  description: string;
}

/** What mapFeatures needs to know about a model (a LoadedModel fits). */
export interface MappableModel {
  /** "candidate model 'x.onnx'": how messages name the model. */
  name: string;
  displayPath: string;
  inputs: TensorDescription[];
}

const FEED_TYPES: ReadonlySet<string> = new Set<FeedType>(['float32', 'float64', 'int64', 'int32']);

/**
 * Decides which feature columns feed which model input:
 * - one input: it takes every feature column, in order, as [N, F] (or [N] when there is one column); its
 *   declared width must equal F;
 * - several inputs: each is matched by name to one feature column and must be [N] or [N, 1].
 * Which columns are features is the caller's decision (DESIGN.md 3.1; see inputColumnNames).
 */
export function mapFeatures(model: MappableModel, featureColumns: readonly string[]): FeatureMapping {
  const location = { file: model.displayPath };
  if (model.inputs.length === 0) throw new ModelError(`${model.name} declares no inputs`, location);
  for (const input of model.inputs) {
    if (!FEED_TYPES.has(input.type)) {
      throw new ModelError(
        `${model.name} input '${input.name}' has type ${input.type}; model-gate feeds numeric columns to ` +
          `float32, float64, int64 or int32 inputs`,
        location,
      );
    }
  }
  const fixedBatch = firstDimension(model.inputs);
  const [single] = model.inputs;
  if (single !== undefined && model.inputs.length === 1) {
    return { ...mapOneInput(model, single, featureColumns), fixedBatch };
  }

  const columnIndex = new Map(featureColumns.map((column, index) => [column, index]));
  const unmatched = model.inputs.filter((input) => !columnIndex.has(input.name));
  if (unmatched.length > 0) {
    throw new ModelError(
      `${model.name} has ${model.inputs.length} inputs, fed by column name, but ` +
        `${unmatched.length === 1 ? 'input' : 'inputs'} ${unmatched.map((input) => `'${input.name}'`).join(', ')} ` +
        `${unmatched.length === 1 ? 'matches' : 'match'} no feature column; the feature columns are: ` +
        listColumns(featureColumns),
      location,
    );
  }
  const feeds = model.inputs.map((input): InputFeed => {
    const width = input.shape[1];
    if (input.shape.length > 2 || input.shape.length === 0 || (typeof width === 'number' && width !== 1)) {
      throw new ModelError(
        `${model.name} input '${input.name}' expects ${formatShape(input.shape)}; when a model has several ` +
          `inputs, each takes one column and must be [N] or [N,1]`,
        location,
      );
    }
    return {
      input: input.name,
      type: input.type as FeedType,
      rank: input.shape.length === 1 ? 1 : 2,
      columns: [columnIndex.get(input.name) ?? -1],
    };
  });
  const used = new Set(model.inputs.map((input) => input.name));
  return {
    featureColumns,
    byName: true,
    feeds,
    unusedColumns: featureColumns.filter((column) => !used.has(column)),
    fixedBatch,
    description: `${feeds.length} inputs fed by column name: ${feeds.map((feed) => `'${feed.input}' ${feed.type}`).join(', ')}`,
  };
}

function mapOneInput(
  model: MappableModel,
  input: TensorDescription,
  featureColumns: readonly string[],
): Omit<FeatureMapping, 'fixedBatch'> {
  const location = { file: model.displayPath };
  const count = featureColumns.length;
  const countText = `${count} feature ${count === 1 ? 'column' : 'columns'}`;
  const columnsText = `${countText}: ${listColumns(featureColumns)}`;
  if (count === 0) {
    throw new ModelError(
      `${model.name} input '${input.name}' cannot be fed: the data has no feature columns`,
      location,
    );
  }
  const shape = formatShape(input.shape);
  if (input.shape.length === 1) {
    if (count !== 1) {
      throw new ModelError(
        `${model.name} input '${input.name}' expects ${shape} (one value per row) but the data has ${columnsText}`,
        location,
      );
    }
  } else if (input.shape.length === 2) {
    const width = input.shape[1];
    if (typeof width === 'number' && width !== count) {
      throw new ModelError(
        `${model.name} input '${input.name}' expects ${shape} but the data has ${columnsText}; ` +
          `choose the model's columns with --features (or 'features' in the policy file)`,
        location,
      );
    }
  } else {
    throw new ModelError(
      `${model.name} input '${input.name}' expects ${shape}; model-gate feeds tabular data, so the input must ` +
        `be [N,F] or [N]`,
      location,
    );
  }
  const type = input.type as FeedType;
  return {
    featureColumns,
    byName: false,
    feeds: [
      {
        input: input.name,
        type,
        rank: input.shape.length === 1 ? 1 : 2,
        columns: featureColumns.map((_, index) => index),
      },
    ],
    unusedColumns: [],
    description: `${countText} in order -> '${input.name}' ${input.shape.length === 1 ? '[N]' : `[N,${count}]`} ${type}`,
  };
}

function firstDimension(inputs: TensorDescription[]): number | null {
  for (const input of inputs) {
    const first = input.shape[0];
    if (typeof first === 'number' && first > 0) return first;
  }
  return null;
}

/** Column names for a message, shortened when there are many. */
export function listColumns(columns: readonly string[], limit = 20): string {
  const shown = columns.slice(0, limit).join(', ');
  return columns.length > limit ? `${shown}, ... (${columns.length - limit} more)` : shown;
}
