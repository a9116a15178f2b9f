import type { GraphProto, TypeProto, ValueInfoProto } from 'onnx-buf';
import type { TensorDescription } from '../report/types.js';

/** onnxruntime's names for ONNX element types (TensorProto.DataType), as `Tensor.type` spells them. */
const ELEMENT_TYPE_NAMES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

export function elementTypeName(elementType: number): string {
  return ELEMENT_TYPE_NAMES[elementType] ?? `onnx-type-${elementType}`;
}

export interface ModelSignature {
  /** Inputs the caller must feed (graph inputs that are not initializers). */
  inputs: TensorDescription[];
  outputs: TensorDescription[];
}

/**
 * Inputs and outputs as the model file declares them. Read from the protobuf rather than from the session,
 * because onnxruntime reports an unknown dimension as '' and a non-tensor output without its type.
 */
export function modelSignature(graph: GraphProto): ModelSignature {
  const initializers = new Set(graph.initializer.map((tensor) => tensor.name));
  return {
    inputs: graph.input.filter((input) => !initializers.has(input.name)).map(describeValue),
    outputs: graph.output.map(describeValue),
  };
}

export function describeValue(value: ValueInfoProto): TensorDescription {
  return { name: value.name, ...describeType(value.type) };
}

function describeType(type: TypeProto | undefined): Omit<TensorDescription, 'name'> {
  switch (type?.value.case) {
    case 'tensorType': {
      const tensor = type.value.value;
      return {
        type: elementTypeName(tensor.elemType),
        shape: (tensor.shape?.dim ?? []).map((dimension) => {
          if (dimension.value.case === 'dimValue') return Number(dimension.value.value);
          if (dimension.value.case === 'dimParam' && dimension.value.value !== '')
            return dimension.value.value;
          return null;
        }),
      };
    }
    case 'sequenceType':
      return { type: 'sequence', shape: [] };
    case 'mapType':
      return { type: 'map', shape: [] };
    case 'optionalType':
      return { type: 'optional', shape: [] };
    case 'sparseTensorType':
      return { type: 'sparse-tensor', shape: [] };
    default:
      return { type: 'unknown', shape: [] };
  }
}

/**
 * `[N,4]`-style text for messages: a symbolic or unknown first dimension prints as N (the batch), any other as
 * its symbol or '?'.
 */
export function formatShape(shape: ReadonlyArray<number | string | null>): string {
  const dimensions = shape.map((dimension, index) => {
    if (typeof dimension === 'number') return String(dimension);
    if (index === 0) return 'N';
    return dimension ?? '?';
  });
  return `[${dimensions.join(',')}]`;
}
