import { create } from '@bufbuild/protobuf';
import { TensorProto_DataType, ValueInfoProtoSchema } from 'onnx-buf';
import type { GraphProto, ValueInfoProto } from 'onnx-buf';
import { ModelError } from '../errors.js';

export interface ZipMapRemoval {
  /** The graph output the ZipMap produced (a sequence of maps), e.g. 'output_probability'. */
  zipMapOutput: string;
  /** The float tensor [N, K] that fed it, now a graph output in its place, e.g. 'probabilities'. */
  tensor: string;
  /** Number of classes, from the ZipMap's labels. */
  classCount: number;
}

/**
 * Replaces every ZipMap output of the graph by the tensor that feeds the ZipMap, editing `graph` in place.
 *
 * Why: skl2onnx's default classifier output `output_probability` is a ZipMap (seq(map(label, float))), which
 * onnxruntime-node cannot return (`Non tensor type is temporarily not supported`), and the tensor that feeds it
 * cannot be fetched unless it is a graph output. Removing the node loses nothing: ZipMap only pairs each
 * column with its class label, and the labels are kept (see readClassLabels).
 *
 * The new output takes the ZipMap output's position in the output list, typed float [N, K].
 */
export function removeZipMap(graph: GraphProto, modelName: string): ZipMapRemoval[] {
  const removals: ZipMapRemoval[] = [];
  for (const node of [...graph.node]) {
    if (node.opType !== 'ZipMap' || node.domain !== 'ai.onnx.ml') continue;
    const tensor = node.input[0];
    const zipMapOutput = node.output[0];
    if (tensor === undefined || zipMapOutput === undefined) continue;
    const consumers = graph.node.filter((other) => other !== node && other.input.includes(zipMapOutput));
    if (consumers.length > 0) {
      throw new ModelError(
        `${modelName} feeds its ZipMap output '${zipMapOutput}' to other nodes (${consumers
          .map((consumer) => consumer.opType)
          .join(
            ', ',
          )}), so model-gate cannot read the probabilities: export the model with ZipMap disabled ` +
          `(skl2onnx: options={'zipmap': False})`,
      );
    }
    const classCount = labelCount(node.attribute);
    graph.node.splice(graph.node.indexOf(node), 1);
    const position = graph.output.findIndex((output) => output.name === zipMapOutput);
    const alreadyOutput = graph.output.some((output) => output.name === tensor);
    if (position >= 0) {
      if (alreadyOutput) graph.output.splice(position, 1);
      else graph.output[position] = tensorOutput(graph, tensor, classCount);
    }
    removals.push({ zipMapOutput, tensor, classCount });
  }
  return removals;
}

function labelCount(
  attributes: ReadonlyArray<{ name: string; ints: bigint[]; strings: Uint8Array[] }>,
): number {
  for (const attribute of attributes) {
    if (attribute.name === 'classlabels_int64s' && attribute.ints.length > 0) return attribute.ints.length;
    if (attribute.name === 'classlabels_strings' && attribute.strings.length > 0)
      return attribute.strings.length;
  }
  return 0;
}

function tensorOutput(graph: GraphProto, name: string, classCount: number): ValueInfoProto {
  const known = graph.valueInfo.find((value) => value.name === name);
  if (known?.type?.value.case === 'tensorType') return known;
  return create(ValueInfoProtoSchema, {
    name,
    type: {
      value: {
        case: 'tensorType',
        value: {
          elemType: TensorProto_DataType.FLOAT,
          shape: {
            dim: [
              { value: { case: 'dimParam', value: 'N' } },
              classCount > 0 ? { value: { case: 'dimValue', value: BigInt(classCount) } } : {},
            ],
          },
        },
      },
    },
  });
}
