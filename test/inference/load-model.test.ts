import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { loadModel } from '../../src/inference/load-model.js';
import type { LoadedModel } from '../../src/inference/load-model.js';
import { modelPath } from './fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'model-gate-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function withModel<T>(name: string, use: (model: LoadedModel) => T | Promise<T>): Promise<T> {
  const model = await loadModel({ path: modelPath(name), displayPath: `models/${name}`, role: 'candidate' });
  try {
    return await use(model);
  } finally {
    await model.release();
  }
}

async function loadError(path: string, displayPath = 'models/bad.onnx'): Promise<ModelError> {
  const error: unknown = await loadModel({ path, displayPath, role: 'baseline' }).then(
    () => new Error('loaded'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

describe('loadModel', () => {
  it('reads the signature of a skl2onnx model as declared, and the session outputs after ZipMap removal', async () => {
    await withModel('zipmap-binary.onnx', (model) => {
      expect(model.inputs).toEqual([{ name: 'float_input', type: 'float32', shape: [null, 4] }]);
      expect(model.outputs).toEqual([
        { name: 'output_label', type: 'int64', shape: [null] },
        { name: 'output_probability', type: 'sequence', shape: [] },
      ]);
      expect(model.sessionOutputs).toEqual([
        { name: 'output_label', type: 'int64', shape: [null] },
        { name: 'probabilities', type: 'float32', shape: ['N', 2] },
      ]);
      expect(model.zipMapsRemoved).toEqual([
        { zipMapOutput: 'output_probability', tensor: 'probabilities', classCount: 2 },
      ]);
      expect(model.session.outputNames).toEqual(['output_label', 'probabilities']);
      expect(model.classLabels).toEqual([0, 1]);
      expect(model.classLabelsSource).toBe("ZipMap node 'ZipMap'");
      expect(model.producer).toBe('skl2onnx 1.13');
      expect(model.name).toBe("candidate model 'models/zipmap-binary.onnx'");
    });
  });

  it('reads symbolic dimensions by name from a torch export', async () => {
    await withModel('named-inputs.onnx', (model) => {
      expect(model.inputs).toEqual([
        { name: 'age', type: 'float32', shape: ['batch', 1] },
        { name: 'income', type: 'float32', shape: ['batch', 1] },
        { name: 'tenure', type: 'int64', shape: ['batch', 1] },
      ]);
      expect(model.outputs).toEqual([{ name: 'probabilities', type: 'float32', shape: ['batch', 2] }]);
      expect(model.sessionOutputs).toEqual(model.outputs);
      expect(model.zipMapsRemoved).toEqual([]);
      expect(model.classLabels).toBeNull();
      expect(model.producer).toMatch(/^pytorch /);
    });
  });

  it('hashes and counts the bytes of the file as read', async () => {
    const bytes = readFileSync(modelPath('zipmap-strings.onnx'));
    await withModel('zipmap-strings.onnx', (model) => {
      expect(model.bytes).toBe(bytes.byteLength);
      expect(model.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it('reads string class labels from a ZipMap, in the order of the probability columns', async () => {
    await withModel('zipmap-strings.onnx', (model) => {
      expect(model.classLabels).toEqual(['bronze', 'gold', 'silver']);
      expect(model.sessionOutputs.map((output) => [output.name, output.type, output.shape])).toEqual([
        ['output_label', 'string', [null]],
        ['probabilities', 'float32', ['N', 3]],
      ]);
    });
  });

  it('reads class labels from a TreeEnsembleClassifier when there is no ZipMap', async () => {
    await withModel('tree-no-zipmap.onnx', (model) => {
      expect(model.classLabels).toEqual([0, 1]);
      expect(model.classLabelsSource).toBe("TreeEnsembleClassifier node 'TreeEnsembleClassifier'");
      expect(model.zipMapsRemoved).toEqual([]);
    });
  });

  it('releases a session once, however often release is called', async () => {
    const model = await loadModel({ path: modelPath('binary-proba.onnx') });
    expect(model.displayPath).toBe(modelPath('binary-proba.onnx'));
    expect(model.name).toBe(`model '${modelPath('binary-proba.onnx')}'`);
    await model.release();
    await expect(model.release()).resolves.toBeUndefined();
  });

  it('rejects a text file, naming it', async () => {
    const error = await loadError(modelPath('not-onnx.onnx'), 'models/not-onnx.onnx');
    expect(error.message).toMatch(
      /^baseline model 'models\/not-onnx\.onnx' is not a valid ONNX model: protobuf decoding failed \(.+\); the file is truncated, corrupted or not ONNX$/,
    );
    expect(error.location).toEqual({ file: 'models/not-onnx.onnx' });
  });

  it('rejects a truncated model, naming it', async () => {
    const error = await loadError(modelPath('truncated.onnx'), 'models/truncated.onnx');
    expect(error.message).toContain("baseline model 'models/truncated.onnx' is not a valid ONNX model");
    expect(error.message).toContain('premature EOF');
  });

  it('says what is wrong with files users commonly pass by mistake', async () => {
    const cases: Array<[string, string | Uint8Array, RegExp]> = [
      ['empty.onnx', '', /is not a valid ONNX model: the file is empty$/],
      [
        'lfs.onnx',
        'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n',
        /is a Git LFS pointer, not the model itself: fetch LFS objects first/,
      ],
      [
        'model.pt',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]),
        /is a zip archive \(a PyTorch \.pt checkpoint/,
      ],
      ['model.pkl', new Uint8Array([0x80, 0x04, 0x95, 0, 0]), /looks like a Python pickle/],
    ];
    for (const [name, content, pattern] of cases) {
      const path = join(scratch, name);
      writeFileSync(path, content);
      const error = await loadError(path, name);
      expect(error.message).toMatch(pattern);
      expect(error.message).toContain(`baseline model '${name}'`);
    }
  });

  it('names a missing file', async () => {
    const error = await loadError(join(scratch, 'missing.onnx'), 'models/missing.onnx');
    expect(error.message).toBe("Cannot read baseline model 'models/missing.onnx': the file does not exist");
  });

  it('wraps an onnxruntime load failure in a ModelError that names the file', async () => {
    // A valid protobuf whose graph uses an operator onnxruntime does not have.
    const { create, toBinary } = await import('@bufbuild/protobuf');
    const { ModelProtoSchema, TensorProto_DataType } = await import('onnx-buf');
    const tensor = (name: string) => ({
      name,
      type: {
        value: {
          case: 'tensorType' as const,
          value: { elemType: TensorProto_DataType.FLOAT, shape: { dim: [] } },
        },
      },
    });
    const model = create(ModelProtoSchema, {
      irVersion: 8n,
      opsetImport: [{ domain: '', version: 15n }],
      graph: {
        name: 'g',
        node: [{ opType: 'NoSuchOperator', input: ['x'], output: ['y'] }],
        input: [tensor('x')],
        output: [tensor('y')],
      },
    });
    const path = join(scratch, 'unknown-op.onnx');
    writeFileSync(path, toBinary(ModelProtoSchema, model));
    const error = await loadError(path, 'unknown-op.onnx');
    expect(error.message).toMatch(
      /^baseline model 'unknown-op\.onnx' could not be loaded by onnxruntime 1\.\d+\.\d+: /,
    );
    expect(error.message).toContain('NoSuchOperator');
  });
});
