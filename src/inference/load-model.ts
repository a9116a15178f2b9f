import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation } from 'onnx-buf';
import type { ModelProto } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { ModelError, describeError } from '../errors.js';
import type { TensorDescription } from '../report/types.js';
import { readClassLabels } from './class-labels.js';
import type { ClassLabels } from './class-labels.js';
import { modelSignature } from './model-signature.js';
import { removeZipMap } from './remove-zip-map.js';
import type { ZipMapRemoval } from './remove-zip-map.js';
import { sessionOptions } from './session-options.js';

export interface LoadModelOptions {
  /** Where to read the file. */
  path: string;
  /** The path as the user wrote it, for messages and the report. Defaults to `path`. */
  displayPath?: string;
  /** 'candidate' or 'baseline': messages then say "candidate model 'x.onnx' ...". */
  role?: string;
  /** Intra-op threads (default 1, see session-options.ts). */
  threads?: number;
}

export interface LoadedModel {
  path: string;
  displayPath: string;
  role: string | undefined;
  /** "candidate model 'models/churn.onnx'", the way every message names this model. */
  name: string;
  /** Hex SHA-256 of the file as read (before any edit), and its size in bytes. */
  sha256: string;
  bytes: number;
  /** Producer recorded in the file, e.g. 'skl2onnx 1.13' or 'pytorch 1.13.0'; '' when absent. */
  producer: string;
  /** Inputs and outputs as the file declares them (a ZipMap output shows as type 'sequence'). */
  inputs: TensorDescription[];
  outputs: TensorDescription[];
  /** Outputs of the session actually run: ZipMap outputs replaced by their probability tensors. */
  sessionOutputs: TensorDescription[];
  /** Class labels the model declares (probability column order), or null: classes are 0..K-1. */
  classLabels: ClassLabels | null;
  /** Where the class labels came from, e.g. "ZipMap node 'ZipMap'"; null with them. */
  classLabelsSource: string | null;
  zipMapsRemoved: ZipMapRemoval[];
  session: ort.InferenceSession;
  /** Frees the native session. Safe to call twice. */
  release(): Promise<void>;
}

/** Larger than this cannot be one protobuf message; such models keep their weights in external files. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;

/**
 * Reads an ONNX model, removes ZipMap outputs (see removeZipMap), reads its class labels and signature, and
 * opens an onnxruntime session on the (possibly edited) bytes. Every failure the user can fix is a ModelError
 * that names the file.
 */
export async function loadModel(options: LoadModelOptions): Promise<LoadedModel> {
  const displayPath = options.displayPath ?? options.path;
  const name = `${options.role === undefined ? '' : `${options.role} `}model '${displayPath}'`;
  const location = { file: displayPath };

  let bytes: Uint8Array;
  try {
    bytes = await readFile(options.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'the file does not exist'
        : code === 'EISDIR'
          ? 'it is a directory'
          : describeError(error);
    throw new ModelError(`Cannot read ${name}: ${reason}`, location);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const model = decode(bytes, name, location);
  const graph = model.graph;
  if (graph === undefined)
    throw new ModelError(`${name} is not a valid ONNX model: it has no graph`, location);
  if (graph.initializer.some((tensor) => tensor.dataLocation === TensorProto_DataLocation.EXTERNAL)) {
    throw new ModelError(
      `${name} keeps its weights in external data files, which model-gate does not load: save the model as ` +
        `one file (onnx.save_model(model, path, save_as_external_data=False))`,
      location,
    );
  }

  const declared = modelSignature(graph);
  const labels = readClassLabels(graph);
  const zipMapsRemoved = removeZipMap(graph, name);
  const sessionBytes = zipMapsRemoved.length > 0 ? toBinary(ModelProtoSchema, model) : bytes;
  const sessionOutputs = modelSignature(graph).outputs;

  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(sessionBytes, sessionOptions(options.threads));
  } catch (error) {
    throw new ModelError(
      `${name} could not be loaded by onnxruntime ${ort.env.versions.common}: ${describeError(error)}`,
      location,
    );
  }

  let released = false;
  return {
    path: options.path,
    displayPath,
    role: options.role,
    name,
    sha256,
    bytes: bytes.byteLength,
    producer: [model.producerName, model.producerVersion].filter((part) => part !== '').join(' '),
    inputs: declared.inputs,
    outputs: declared.outputs,
    sessionOutputs,
    classLabels: labels?.labels ?? null,
    classLabelsSource: labels?.source ?? null,
    zipMapsRemoved,
    session,
    async release() {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}

function decode(bytes: Uint8Array, name: string, location: { file: string }): ModelProto {
  if (bytes.byteLength === 0)
    throw new ModelError(`${name} is not a valid ONNX model: the file is empty`, location);
  if (bytes.byteLength > PROTOBUF_LIMIT) {
    throw new ModelError(
      `${name} is not a valid ONNX model: ${bytes.byteLength} bytes is over the 2 GiB protobuf limit ` +
        `(large models keep their weights in external data files, which model-gate does not load)`,
      location,
    );
  }
  const hint = recognise(bytes);
  if (hint !== null) throw new ModelError(`${name} is not a valid ONNX model: ${hint}`, location);
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw new ModelError(
      `${name} is not a valid ONNX model: protobuf decoding failed (${describeError(error)}); ` +
        `the file is truncated, corrupted or not ONNX`,
      location,
    );
  }
  if (model.irVersion <= 0n || model.graph === undefined) {
    throw new ModelError(
      `${name} is not a valid ONNX model: it decodes without an IR version or a graph; the file is not ONNX`,
      location,
    );
  }
  return model;
}

/** Files users commonly hand over by mistake, recognised by their first bytes. */
function recognise(bytes: Uint8Array): string | null {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64));
  if (head.startsWith('version https://git-lfs.github.com/spec/')) {
    return 'it is a Git LFS pointer, not the model itself: fetch LFS objects first (actions/checkout with lfs: true)';
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return 'it is a zip archive (a PyTorch .pt checkpoint or a Keras file?); export it to ONNX first';
  }
  if (bytes[0] === 0x80 && (bytes[1] ?? 0) >= 2 && (bytes[1] ?? 0) <= 5) {
    return 'it looks like a Python pickle (a scikit-learn or PyTorch file?); export it to ONNX first';
  }
  if (head.startsWith('\x89HDF')) return 'it is an HDF5 file (a Keras .h5 model?); export it to ONNX first';
  return null;
}
