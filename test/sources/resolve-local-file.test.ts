import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { ConfigurationError } from '../../src/errors.js';
import { resolveLocalFile } from '../../src/sources/resolve-local-file.js';

const dir = mkdtempSync(join(tmpdir(), 'model-gate-sources-'));
writeFileSync(join(dir, 'model.onnx'), 'bytes');
mkdirSync(join(dir, 'folder'));

describe('resolveLocalFile', () => {
  it('resolves a relative path against the working directory', async () => {
    const file = await resolveLocalFile('model.onnx', '--candidate', dir);
    expect(file).toEqual({ displayPath: 'model.onnx', absolutePath: join(dir, 'model.onnx'), bytes: 5 });
  });

  it('names the option, the path and where it looked for a missing file', async () => {
    const error = await resolveLocalFile('models/missing.onnx', '--baseline', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      `--baseline 'models/missing.onnx': file not found (looked for ${join(dir, 'models/missing.onnx')})`,
    );
    expect((error as ConfigurationError).location).toEqual({ file: 'models/missing.onnx' });
  });

  it('rejects a directory, an empty value and remote locations with a clear message', async () => {
    await expect(resolveLocalFile('folder', '--data', dir)).rejects.toThrow(
      "--data 'folder': expected a file, found a directory or special file",
    );
    await expect(resolveLocalFile(' ', '--data', dir)).rejects.toThrow(
      '--data: expected a file path, got an empty value',
    );
    await expect(resolveLocalFile('s3://bucket/holdout.csv', '--data', dir)).rejects.toThrow(
      "--data 's3://bucket/holdout.csv': s3:// locations are not supported yet",
    );
  });
});
