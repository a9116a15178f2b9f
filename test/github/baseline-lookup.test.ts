import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { findDefaultBaseline, type BaselineRequest } from '../../src/github/baseline-lookup.js';
import { ConfigurationError } from '../../src/errors.js';
import { parseLfsPointer } from '../../src/github/git-lfs.js';
import { FAKE_TOKEN, FakeGitHub, OWNER, REPO } from '../e2e-action/fake-github.js';
import { clientFor, recordingLogger } from './helpers.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();
}

/** A repository with the base commit holding `models/model.onnx` = `baseBytes` (or nothing), then a head commit. */
function makeRepository(root: string, baseBytes: Buffer | null): { baseSha: string } {
  git(root, 'init', '-q', '-b', 'main');
  mkdirSync(join(root, 'models'), { recursive: true });
  writeFileSync(join(root, 'README.md'), 'base\n');
  if (baseBytes !== null) writeFileSync(join(root, 'models', 'model.onnx'), baseBytes);
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  const baseSha = git(root, 'rev-parse', 'HEAD');
  writeFileSync(join(root, 'models', 'model.onnx'), Buffer.from('candidate bytes'));
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'head');
  return { baseSha };
}

describe('findDefaultBaseline', () => {
  let fake: FakeGitHub;
  let root: string;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    root = mkdtempSync(join(tmpdir(), 'model-gate-baseline-'));
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  });

  function request(overrides: Partial<BaselineRequest>): BaselineRequest {
    return {
      candidatePath: join(root, 'workspace', 'models', 'model.onnx'),
      candidateInput: 'models/model.onnx',
      workspace: join(root, 'workspace'),
      baseSha: 'f'.repeat(40),
      owner: OWNER,
      repo: REPO,
      serverUrl: fake.url,
      token: FAKE_TOKEN,
      client: clientFor(fake),
      destinationDirectory: join(root, 'out'),
      logger: recordingLogger(),
      ...overrides,
    };
  }

  it('reads the file at the base commit from the local git history, without the API', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(workspace);
    const { baseSha } = makeRepository(workspace, Buffer.from('baseline bytes'));
    const result = await findDefaultBaseline(request({ baseSha }));
    expect(result).toMatchObject({
      kind: 'found',
      source: 'git history',
      displayPath: `models/model.onnx@${baseSha.slice(0, 7)}`,
    });
    if (result.kind === 'found') expect(readFileSync(result.path, 'utf8')).toBe('baseline bytes');
    expect(fake.requests).toEqual([]);
  });

  it('reports no baseline when the path does not exist at the base commit', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(workspace);
    const { baseSha } = makeRepository(workspace, null);
    const result = await findDefaultBaseline(request({ baseSha }));
    expect(result).toEqual({
      kind: 'absent',
      reason: `'models/model.onnx' does not exist at the base commit ${baseSha.slice(0, 7)}`,
    });
  });

  it('falls back to the contents API when the base commit is not in the history (fetch-depth 1)', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'models'), { recursive: true });
    writeFileSync(join(workspace, 'models', 'model.onnx'), 'candidate');
    const baseSha = 'a'.repeat(40);
    fake.files.set(`${baseSha}:models/model.onnx`, Buffer.from([0, 1, 2, 255, 254]));
    const logger = recordingLogger();
    const result = await findDefaultBaseline(request({ baseSha, logger }));
    expect(result).toMatchObject({ kind: 'found', source: 'GitHub API' });
    if (result.kind === 'found') expect([...readFileSync(result.path)]).toEqual([0, 1, 2, 255, 254]);
    const call = fake.requests.find((entry) => entry.operation === 'repos/get-content');
    expect(call?.query).toEqual({ ref: baseSha });
    expect(logger.lines.join('\n')).toMatch(/not in the local history/);
  });

  it('reports no baseline when the contents API answers 404', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'models'), { recursive: true });
    writeFileSync(join(workspace, 'models', 'model.onnx'), 'candidate');
    const result = await findDefaultBaseline(request({}));
    expect(result.kind).toBe('absent');
  });

  it('follows a Git LFS pointer through the batch API and checks the object', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'models'), { recursive: true });
    writeFileSync(join(workspace, 'models', 'model.onnx'), 'candidate');
    const model = Buffer.from('the real baseline model, stored in LFS');
    const pointer = fake.addLfsObject(model);
    expect(parseLfsPointer(Buffer.from(pointer))).toMatchObject({ size: model.length });
    fake.files.set(`${'f'.repeat(40)}:models/model.onnx`, Buffer.from(pointer));
    const result = await findDefaultBaseline(request({}));
    expect(result).toMatchObject({ kind: 'found', source: 'GitHub API + Git LFS' });
    if (result.kind === 'found') expect(readFileSync(result.path)).toEqual(model);
    const batch = fake.requests.find((entry) => entry.path.endsWith('/info/lfs/objects/batch'));
    expect(batch?.path).toBe(`/${OWNER}/${REPO}.git/info/lfs/objects/batch`);
  });

  it('says what failed when the LFS object is missing', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'models'), { recursive: true });
    writeFileSync(join(workspace, 'models', 'model.onnx'), 'candidate');
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${'0'.repeat(64)}\nsize 12\n`;
    fake.files.set(`${'f'.repeat(40)}:models/model.onnx`, Buffer.from(pointer));
    await expect(findDefaultBaseline(request({}))).rejects.toThrow(
      /Cannot download the baseline 'models\/model.onnx@fffffff' from Git LFS: .*Object does not exist/,
    );
  });

  it('names the permission when the contents API refuses', async () => {
    const workspace = join(root, 'workspace');
    mkdirSync(join(workspace, 'models'), { recursive: true });
    writeFileSync(join(workspace, 'models', 'model.onnx'), 'candidate');
    fake.injectedFailures.push({ method: 'GET', path: /contents/, status: 403, times: 1 });
    const error = await findDefaultBaseline(request({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/contents: read/);
    expect((error as Error).message).not.toContain(FAKE_TOKEN);
  });

  it('refuses a candidate outside the checkout', async () => {
    await expect(
      findDefaultBaseline(
        request({ candidatePath: join(root, 'elsewhere.onnx'), candidateInput: '../elsewhere.onnx' }),
      ),
    ).rejects.toThrow(/outside the repository checkout.*set 'baseline-model'/);
  });
});
