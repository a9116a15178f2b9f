/**
 * Runs `run` in-process with fakes: a recording ActionCore, an in-memory artifact store, a fake engine, the
 * fake GitHub API, and a real git workspace. The bundle tests (test/e2e-action) run the real thing end to end;
 * these cover the decisions quickly.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ActionCore, AnnotationProperties } from '../../src/github/action-core.js';
import type { EngineOptions } from '../../src/github/action-ports.js';
import type { ArtifactLocation, ReportArtifactStore } from '../../src/github/report-artifact.js';
import { run } from '../../src/github/run.js';
import type { Report } from '../../src/report/types.js';
import { actionInputs } from '../e2e-action/action-defaults.js';
import { FAKE_TOKEN, FakeGitHub, OWNER, REPO } from '../e2e-action/fake-github.js';
import {
  createRepository,
  eventNameOf,
  loadEvent,
  type EventName,
  type EventPayload,
  type FileChanges,
} from '../e2e-action/workspace.js';
import { clientFor } from './helpers.js';
import { makeReport } from './report-factory.js';

export interface RecordingCore extends ActionCore {
  outputs: Record<string, string>;
  annotations: Array<{ level: 'warning' | 'error'; message: string; properties?: AnnotationProperties }>;
  logs: string[];
  summary: string;
  secrets: string[];
  failed: boolean;
}

export function recordingCore(inputs: Record<string, string>): RecordingCore {
  const core: RecordingCore = {
    outputs: {},
    annotations: [],
    logs: [],
    summary: '',
    secrets: [],
    failed: false,
    getInput: (name) => (inputs[name] ?? '').trim(),
    setSecret: (secret) => core.secrets.push(secret),
    setOutput: (name, value) => {
      core.outputs[name] = value;
    },
    debug: (message) => core.logs.push(`debug: ${message}`),
    info: (message) => core.logs.push(message),
    warning: (message, properties) => core.annotations.push({ level: 'warning', message, properties }),
    error: (message, properties) => core.annotations.push({ level: 'error', message, properties }),
    markFailed: () => {
      core.failed = true;
    },
    appendSummary: async (markdown) => {
      core.summary += markdown;
    },
  };
  return core;
}

/** Artifacts kept in memory, by run id and name, as the files' contents. */
export class MemoryArtifactStore implements ReportArtifactStore {
  readonly stored = new Map<string, Map<string, Buffer>>();
  uploadRunId = 1001;
  enabled = true;
  canUpload(): boolean {
    return this.enabled;
  }
  async upload(name: string, files: string[], rootDirectory: string): Promise<{ id: number | null }> {
    const contents = new Map<string, Buffer>();
    for (const file of files) contents.set(file.slice(rootDirectory.length + 1), readFileSync(file));
    this.stored.set(`${this.uploadRunId}/${name}`, contents);
    return { id: this.stored.size };
  }
  async download(name: string, from: ArtifactLocation, destination: string): Promise<'found' | 'absent'> {
    const contents = this.stored.get(`${from.runId}/${name}`);
    if (!contents) return 'absent';
    mkdirSync(destination, { recursive: true });
    for (const [file, content] of contents) writeFileSync(join(destination, file), content);
    return 'found';
  }
}

export interface Scenario {
  with?: Record<string, string>;
  event?: EventName;
  patchEvent?: (payload: EventPayload) => void;
  /** The engine's answer (default: a passing report); a function sees the options. */
  report?: Report | ((options: EngineOptions) => Report | Promise<Report>);
}

export interface Outcome {
  core: RecordingCore;
  evaluateCalls: EngineOptions[];
}

export class Harness {
  readonly root = mkdtempSync(join(tmpdir(), 'model-gate-run-'));
  readonly workspace = join(this.root, 'workspace');
  readonly runnerTemp = join(this.root, 'runner-temp');
  readonly artifacts = new MemoryArtifactStore();
  /** SHAs of the repository's commits: [base, head]. */
  shas: string[] = [];

  private constructor(readonly fake: FakeGitHub) {
    mkdirSync(this.runnerTemp, { recursive: true });
  }

  static async create(): Promise<Harness> {
    return new Harness(await FakeGitHub.start());
  }

  /** The workspace as a repository: `base` committed first, `head` on top (the pull request's head). */
  repository(base: FileChanges, head: FileChanges): void {
    this.shas = createRepository(this.workspace, [base, head]);
  }

  async run(scenario: Scenario = {}): Promise<Outcome> {
    const eventName = scenario.event ?? 'pull_request';
    const payload = loadEvent(eventName);
    if (payload.pull_request && this.shas.length === 2) {
      payload.pull_request.base.sha = this.shas[0];
      payload.pull_request.head.sha = this.shas[1];
    }
    scenario.patchEvent?.(payload);
    const eventPath = join(this.root, `event-${Date.now()}-${Math.random()}.json`);
    writeFileSync(eventPath, JSON.stringify(payload));
    mkdirSync(this.workspace, { recursive: true });

    const workflowRunId = eventName === 'workflow_run' ? String(payload.workflow_run.id) : '';
    const core = recordingCore(actionInputs(scenario.with ?? {}, workflowRunId));
    const evaluateCalls: EngineOptions[] = [];
    const answer = scenario.report ?? makeReport();
    await run({
      core,
      env: {
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        GITHUB_EVENT_NAME: eventNameOf(eventName),
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_API_URL: this.fake.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_SHA: '5'.repeat(40),
        GITHUB_RUN_ID: '2002',
        GITHUB_WORKSPACE: this.workspace,
        GITHUB_WORKFLOW_REF: `${OWNER}/${REPO}/.github/workflows/model-gate.yml@refs/pull/7/merge`,
        RUNNER_TEMP: this.runnerTemp,
      },
      cwd: this.workspace,
      actionDirectory: join(this.root, 'no-dist'),
      platform: 'linux',
      arch: 'x64',
      onnxRuntimeVersion: '1.30.0',
      loadEvaluate: async () => async (options) => {
        evaluateCalls.push(options);
        return typeof answer === 'function' ? answer(options) : structuredClone(answer);
      },
      renderMarkdown: (report) =>
        `## Verdict: ${report.verdict}\n\n${report.reasons.join('\n')}\n\nbaseline ${report.models.baseline?.path ?? 'none'}\n`,
      artifacts: this.artifacts,
      createClient: () => clientFor(this.fake),
    });
    return { core, evaluateCalls };
  }

  /** Files under the runner's temporary folder, relative to it. */
  runnerTempFiles(): string[] {
    return readdirSync(this.runnerTemp, { recursive: true, encoding: 'utf8' }).sort();
  }

  async close(): Promise<void> {
    await this.fake.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export { FAKE_TOKEN };
