/**
 * The action's ports (STYLE.md section 1): everything `run` needs from the outside world, passed in by
 * src/action.ts (the real toolkit, engine and artifact client) or by tests (fakes). Also the paths both modes
 * agree on.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { OverrideNames } from '../gate/merge-policy.js';
import type { Logger } from '../logger.js';
import type { Report } from '../report/types.js';
import type { ActionCore } from './action-core.js';
import { gateSlug } from './action-inputs.js';
import type { GitHubClient } from './github-client.js';
import type { ReportArtifactStore } from './report-artifact.js';

/**
 * What the engine (src/evaluate.ts) is called with. An absent value is "not given": the policy file's value
 * (or the built-in default) applies.
 */
export interface EngineOptions {
  cwd: string;
  config?: string;
  candidate?: string;
  /** null: no baseline yet; the report holds the candidate alone and passes. */
  baseline?: string | null;
  data?: string;
  label?: string;
  task: 'auto' | 'binary' | 'multiclass' | 'regression';
  features?: string[];
  slices?: string[];
  idColumn?: string;
  reference?: string;
  seed?: string;
  alpha?: string;
  inconclusive?: string;
  correction?: string;
  batchSize?: number;
  /** How the engine's messages name each option: the action's input names. */
  optionNames?: Partial<OverrideNames>;
  configOption?: string;
  referenceOption?: string;
}

export type EvaluateFunction = (options: EngineOptions, ports: { logger: Logger }) => Promise<Report>;

export interface ActionPorts {
  core: ActionCore;
  env: Record<string, string | undefined>;
  /** The working directory (the runner starts the action in GITHUB_WORKSPACE). */
  cwd: string;
  /** The folder of dist/index.js (where the bundled ONNX runtime binaries are). */
  actionDirectory: string;
  platform: string;
  arch: string;
  /** onnxruntime-node's version, to install the same one on runners the bundle does not cover. */
  onnxRuntimeVersion: string;
  /** Imports the engine; called only when a model must be evaluated (it loads the ONNX runtime). */
  loadEvaluate: () => Promise<EvaluateFunction>;
  renderMarkdown: (report: Report) => string;
  artifacts: ReportArtifactStore;
  /** Builds the API client (default: Octokit with retries and throttling). */
  createClient?: (token: string, baseUrl: string, logger: Logger) => GitHubClient;
}

/** The policy file used when the `config` input is empty (DESIGN.md section 3.3). */
export const DEFAULT_POLICY_FILE = '.github/model-gate.yml';

/** The engine's and the policy's messages name the action's inputs, not the CLI's flags. */
export const OPTION_NAMES: OverrideNames = {
  alpha: 'alpha',
  correction: 'correction',
  inconclusive: 'inconclusive',
  seed: 'seed',
  data: 'data',
  label: 'label',
  features: 'features',
  slices: 'slices',
  candidate: 'candidate-model',
  baseline: 'baseline-model',
};

export function reportDirectoryOf(env: Record<string, string | undefined>, gateName: string): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'model-gate', gateSlug(gateName));
}

export function artifactNameOf(gateName: string): string {
  return `${gateSlug(gateName)}-report`;
}
