// Builds small ONNX multilayer perceptrons from JavaScript (no Python needed), for the benchmark.
// Graph: X[N,F] -> Gemm -> Relu -> Gemm -> Softmax -> probabilities[N,K], opset 17.
import { create, toBinary } from '@bufbuild/protobuf';
import {
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProtoSchema,
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  AttributeProtoSchema,
} from 'onnx-buf';

const FLOAT = 1;

/** Mulberry32: a tiny seeded PRNG, enough for weights and synthetic data. */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tensor(name, dims, values) {
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: FLOAT,
    rawData: new Uint8Array(Float32Array.from(values).buffer),
  });
}

function valueInfo(name, dims) {
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, {
      value: {
        case: 'tensorType',
        value: create(TypeProto_TensorSchema, {
          elemType: FLOAT,
          shape: create(TensorShapeProtoSchema, {
            dim: dims.map((d) =>
              create(TensorShapeProto_DimensionSchema, {
                value:
                  typeof d === 'string'
                    ? { case: 'dimParam', value: d }
                    : { case: 'dimValue', value: BigInt(d) },
              }),
            ),
          }),
        }),
      },
    }),
  });
}

function node(opType, inputs, outputs, attributes = []) {
  return create(NodeProtoSchema, { opType, input: inputs, output: outputs, attribute: attributes });
}

function intAttribute(name, value) {
  return create(AttributeProtoSchema, { name, type: 2, i: BigInt(value) });
}

/**
 * An MLP F -> hidden -> K with softmax output `probabilities` and input `input` [batch, F].
 * `weights(rows, cols)` draws each weight matrix; the default is a seeded uniform(-1, 1) / sqrt(rows).
 */
export function buildMlp({ features, hidden, classes, seed }) {
  const random = mulberry32(seed);
  const matrix = (rows, cols) =>
    Array.from({ length: rows * cols }, () => ((random() * 2 - 1) * 1.5) / Math.sqrt(rows));
  const graph = create(GraphProtoSchema, {
    name: 'mlp',
    input: [valueInfo('input', ['batch', features])],
    output: [valueInfo('probabilities', ['batch', classes])],
    initializer: [
      tensor('W1', [features, hidden], matrix(features, hidden)),
      tensor('B1', [hidden], matrix(1, hidden)),
      tensor('W2', [hidden, classes], matrix(hidden, classes)),
      tensor('B2', [classes], matrix(1, classes)),
    ],
    node: [
      node('Gemm', ['input', 'W1', 'B1'], ['h1']),
      node('Relu', ['h1'], ['a1']),
      node('Gemm', ['a1', 'W2', 'B2'], ['logits']),
      node('Softmax', ['logits'], ['probabilities'], [intAttribute('axis', 1)]),
    ],
  });
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'model-gate-bench',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 17n })],
    graph,
  });
  return toBinary(ModelProtoSchema, model);
}
