/**
 * The setup every bundle test file shares: dist/ built once per file from the current sources into an empty
 * folder, a fresh fake GitHub and workspace per test, and the check that no request broke GitHub's schema.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

import { FakeGitHub } from './fake-github.js';
import { buildActionIntoEmptyFolder, runBundle, type BundleResult, type BundleRun } from './run-bundle.js';
import { createRepository, fixturePath, writeFiles, type FileChanges } from './workspace.js';

export const MODEL = 'models/churn.onnx';
export const DATA = 'data/holdout.csv';
export const inputs = { 'candidate-model': MODEL, data: DATA };

const fixture = (path: string) => readFileSync(fixturePath(path));
/** A small torch MLP (binary, probabilities), 0.79 accuracy on the holdout set. */
export const goodModel = fixture('models/binary-proba.onnx');
/** The same network exporting logits: other bytes, the same predictions. */
export const sameSkillModel = fixture('models/binary-logits.onnx');
/** goodModel without two of its four features: 0.565 accuracy, a clear regression. */
export const degradedModel = fixture('github/models/degraded.onnx');
export const holdout = fixture('data/binary.csv');

export interface BundleSuite {
  readonly fake: FakeGitHub;
  readonly workspace: string;
  /** [base, head] of the repository made by `repository`. */
  readonly shas: string[];
  /** The workspace as a repository: the holdout set and `base` at the base commit, `head` on top. */
  repository(base: FileChanges, head: FileChanges): void;
  /**
   * The workspace as a fetch-depth 1 checkout without history (no .git): `files` and the holdout set, with
   * `base` served by the fake's contents API at the base commit.
   */
  shallowCheckout(files: FileChanges, base: Record<string, Buffer>): void;
  /** Runs dist/index.js on a pull_request event whose base and head are the repository's commits. */
  run(options: Partial<BundleRun> & Pick<BundleRun, 'with'>): Promise<BundleResult>;
}

export function bundleSuite(): BundleSuite {
  let actionDirectory = '';
  let root = '';
  const state = { fake: null as unknown as FakeGitHub, workspace: '', shas: [] as string[] };

  beforeAll(async () => {
    actionDirectory = await buildActionIntoEmptyFolder();
  }, 60_000);
  afterAll(() => {
    rmSync(actionDirectory, { recursive: true, force: true });
  });
  beforeEach(async () => {
    state.fake = await FakeGitHub.start();
    root = mkdtempSync(join(tmpdir(), 'model-gate-e2e-'));
    state.workspace = join(root, 'workspace');
    state.shas = [];
  });
  afterEach(async () => {
    expect(state.fake.violations).toEqual([]);
    await state.fake.close();
    rmSync(root, { recursive: true, force: true });
  });

  return {
    get fake() {
      return state.fake;
    },
    get workspace() {
      return state.workspace;
    },
    get shas() {
      return state.shas;
    },
    repository(base, head) {
      state.shas = createRepository(state.workspace, [{ [DATA]: holdout, ...base }, head]);
    },
    shallowCheckout(files, base) {
      writeFiles(state.workspace, { [DATA]: holdout, ...files });
      state.shas = ['2'.repeat(40), '1'.repeat(40)];
      for (const [path, content] of Object.entries(base))
        state.fake.files.set(`${state.shas[0]}:${path}`, content);
    },
    run(options) {
      return runBundle({
        actionDirectory,
        fake: state.fake,
        workspace: state.workspace,
        event: 'pull_request',
        patchEvent: (payload) => {
          if (payload.pull_request && state.shas.length === 2) {
            payload.pull_request.base.sha = state.shas[0];
            payload.pull_request.head.sha = state.shas[1];
          }
        },
        ...options,
      });
    },
  };
}
