/**
 * Makes the ONNX runtime's native binding loadable before the engine is imported. dist/ ships the binaries for
 * linux x64 and arm64 (the hosted Ubuntu runners); on any other runner (macOS, Windows) the action installs
 * onnxruntime-node at the exact version it was built with, with npm (present on every hosted runner), and points
 * the bundle's loader at it through MODEL_GATE_ONNXRUNTIME_BINDING (see scripts/build-dist.mjs).
 * Running from the sources (tests, @github/local-action), onnxruntime-node loads from node_modules as usual.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigurationError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Read by the bundle's onnxruntime-node loader (scripts/build-dist.mjs); a user may set it to their own build. */
export const BINDING_ENVIRONMENT_VARIABLE = 'MODEL_GATE_ONNXRUNTIME_BINDING';

export type RuntimeSource = 'bundled' | 'development' | 'installed' | 'environment';

export interface RuntimeSetupRequest {
  /** The folder of dist/index.js. */
  actionDirectory: string;
  platform: string;
  arch: string;
  /** onnxruntime-node's version, pinned at build time. */
  version: string;
  /** Read for RUNNER_TOOL_CACHE / RUNNER_TEMP; MODEL_GATE_ONNXRUNTIME_BINDING is set on it. */
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Installs `spec` into `directory` (default: npm). */
  install?: (directory: string, spec: string) => Promise<void>;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function bindingPath(root: string, platform: string, arch: string): string {
  return join(root, 'bin', 'napi-v6', platform, arch, 'onnxruntime_binding.node');
}

/** `npm install` without scripts: onnxruntime-node's postinstall only fetches optional GPU libraries. */
export function npmInstall(directory: string, spec: string): Promise<void> {
  const args = ['install', '--prefix', directory, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'];
  const isWindows = process.platform === 'win32';
  return new Promise((resolve, reject) => {
    let stderr = '';
    // npm is npm.cmd on Windows, which only a shell runs; the arguments are ours, the path is quoted.
    const child = isWindows
      ? spawn(`npm ${args.map((arg) => (arg === directory ? `"${arg}"` : arg)).join(' ')} ${spec}`, {
          shell: true,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
        })
      : spawn('npm', [...args, spec], {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
        });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`npm install ${spec} exited with ${code}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

export async function prepareOnnxRuntime(request: RuntimeSetupRequest): Promise<RuntimeSource> {
  const { platform, arch, version, env, logger } = request;
  if (env[BINDING_ENVIRONMENT_VARIABLE]) {
    logger.info(
      `Loading the ONNX runtime binding from ${BINDING_ENVIRONMENT_VARIABLE}=${env[BINDING_ENVIRONMENT_VARIABLE]}`,
    );
    return 'environment';
  }
  if (!(await exists(join(request.actionDirectory, 'bin', 'napi-v6')))) return 'development';
  if (await exists(bindingPath(request.actionDirectory, platform, arch))) return 'bundled';

  const cacheRoot = env.RUNNER_TOOL_CACHE || env.RUNNER_TEMP || tmpdir();
  const directory = join(cacheRoot, 'model-gate-onnxruntime', version);
  const packageRoot = join(directory, 'node_modules', 'onnxruntime-node');
  const complete = join(directory, '.complete');
  const spec = `onnxruntime-node@${version}`;
  if (await exists(complete)) {
    logger.info(`Using ${spec} for ${platform}/${arch} from ${directory} (installed by an earlier run).`);
  } else {
    logger.info(
      `The action bundles the ONNX runtime for linux x64 and arm64 only; this runner is ${platform}/${arch}. ` +
        `Installing ${spec} with npm into ${directory} ...`,
    );
    await mkdir(directory, { recursive: true });
    try {
      await (request.install ?? npmInstall)(directory, spec);
    } catch (error) {
      throw new ConfigurationError(
        `Cannot install ${spec} for this ${platform}/${arch} runner (${describeError(error)}). Run the job on ubuntu-latest, or make npm reach the registry.`,
      );
    }
    await writeFile(complete, `${spec}\n`);
  }
  const binding = bindingPath(packageRoot, platform, arch);
  if (!(await exists(binding))) {
    throw new ConfigurationError(
      `${spec} has no prebuilt binary for ${platform}/${arch} (it ships linux x64/arm64, darwin arm64, win32 x64/arm64). Run the job on ubuntu-latest.`,
    );
  }
  env[BINDING_ENVIRONMENT_VARIABLE] = binding;
  logger.info(`Loading the ONNX runtime from ${binding}.`);
  return 'installed';
}
