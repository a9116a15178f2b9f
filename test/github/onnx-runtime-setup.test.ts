import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BINDING_ENVIRONMENT_VARIABLE, prepareOnnxRuntime } from '../../src/github/onnx-runtime-setup.js';
import { recordingLogger } from './helpers.js';

describe('prepareOnnxRuntime', () => {
  let root: string;
  let actionDirectory: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'model-gate-ort-'));
    actionDirectory = join(root, 'dist');
    mkdirSync(join(actionDirectory, 'bin', 'napi-v6', 'linux', 'x64'), { recursive: true });
    writeFileSync(join(actionDirectory, 'bin', 'napi-v6', 'linux', 'x64', 'onnxruntime_binding.node'), '');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  const request = (
    platform: string,
    arch: string,
    env: Record<string, string | undefined>,
    install?: (d: string, s: string) => Promise<void>,
  ) => ({
    actionDirectory,
    platform,
    arch,
    version: '1.30.0',
    env,
    logger: recordingLogger(),
    ...(install ? { install } : {}),
  });

  it('uses the bundled binary on linux x64', async () => {
    const env = {};
    expect(await prepareOnnxRuntime(request('linux', 'x64', env))).toBe('bundled');
    expect(env).toEqual({});
  });

  it('does nothing when running from the sources (no dist/bin)', async () => {
    expect(await prepareOnnxRuntime({ ...request('darwin', 'arm64', {}), actionDirectory: root })).toBe(
      'development',
    );
  });

  it('installs the pinned version with npm on another runner, once, and points the loader at it', async () => {
    const env: Record<string, string | undefined> = { RUNNER_TOOL_CACHE: join(root, 'cache') };
    const installs: string[] = [];
    const install = async (directory: string, spec: string) => {
      installs.push(spec);
      const binary = join(directory, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'darwin', 'arm64');
      mkdirSync(binary, { recursive: true });
      writeFileSync(join(binary, 'onnxruntime_binding.node'), '');
    };
    const first = request('darwin', 'arm64', env, install);
    expect(await prepareOnnxRuntime(first)).toBe('installed');
    expect(installs).toEqual(['onnxruntime-node@1.30.0']);
    expect(env[BINDING_ENVIRONMENT_VARIABLE]).toBe(
      join(
        root,
        'cache',
        'model-gate-onnxruntime',
        '1.30.0',
        'node_modules',
        'onnxruntime-node',
        'bin',
        'napi-v6',
        'darwin',
        'arm64',
        'onnxruntime_binding.node',
      ),
    );
    expect(first.logger.lines[0]).toMatch(
      /bundles the ONNX runtime for linux x64 and arm64 only; this runner is darwin\/arm64\. Installing onnxruntime-node@1\.30\.0 with npm/,
    );

    delete env[BINDING_ENVIRONMENT_VARIABLE];
    expect(await prepareOnnxRuntime(request('darwin', 'arm64', env, install))).toBe('installed');
    expect(installs).toHaveLength(1);
  });

  it('says when the pinned version has no binary for the runner', async () => {
    await expect(
      prepareOnnxRuntime(request('darwin', 'x64', { RUNNER_TEMP: root }, async () => {})),
    ).rejects.toThrow('onnxruntime-node@1.30.0 has no prebuilt binary for darwin/x64');
  });

  it('says when npm fails', async () => {
    const failing = async () => {
      throw new Error('npm ERR! network');
    };
    await expect(prepareOnnxRuntime(request('win32', 'x64', { RUNNER_TEMP: root }, failing))).rejects.toThrow(
      /Cannot install onnxruntime-node@1\.30\.0 for this win32\/x64 runner \(npm ERR! network\)/,
    );
  });

  it('respects a binding the user points to', async () => {
    expect(
      await prepareOnnxRuntime(
        request('freebsd', 'x64', { [BINDING_ENVIRONMENT_VARIABLE]: '/opt/ort.node' }),
      ),
    ).toBe('environment');
  });
});
