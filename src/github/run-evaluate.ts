/**
 * `mode: evaluate`: read the policy with the inputs over it (so every mistake surfaces before any API call),
 * find the baseline (the input or the policy's, else the candidate's path at the base commit), skip the
 * evaluation when the model is unchanged, otherwise run the engine; then publish the outcome and fail the step
 * when the gate fails.
 */
import { access, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { ConfigurationError } from '../errors.js';
import { loadPolicy, policyOverrides } from '../evaluation/load-policy.js';
import type { Policy } from '../gate/policy-schema.js';
import type { Logger } from '../logger.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { ActionInputs } from './action-inputs.js';
import {
  DEFAULT_POLICY_FILE,
  OPTION_NAMES,
  artifactNameOf,
  reportDirectoryOf,
  type ActionPorts,
  type EngineOptions,
} from './action-ports.js';
import { findDefaultBaseline } from './baseline-lookup.js';
import { isFork, runUrl, type EventContext } from './event-context.js';
import { fileDigest } from './file-digest.js';
import {
  outcomeFromReport,
  unchangedOutcome,
  type GateOutcome,
  type UnchangedReport,
} from './gate-outcome.js';
import { readLfsPointer } from './git-lfs.js';
import type { GitHubClient } from './github-client.js';
import { prepareOnnxRuntime } from './onnx-runtime-setup.js';
import { publishResults } from './publish-results.js';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The engine's options from the inputs: only what was given, so the policy file fills in the rest. */
function engineOptions(inputs: ActionInputs, cwd: string, config: string | undefined): EngineOptions {
  const options: EngineOptions = {
    cwd,
    task: inputs.task,
    optionNames: OPTION_NAMES,
    configOption: 'config',
    referenceOption: 'reference',
  };
  if (config !== undefined) options.config = config;
  if (inputs.candidateModel !== null) options.candidate = inputs.candidateModel;
  if (inputs.data !== null) options.data = inputs.data;
  if (inputs.label !== null) options.label = inputs.label;
  if (inputs.features !== null) options.features = inputs.features;
  if (inputs.slices !== null) options.slices = inputs.slices;
  if (inputs.idColumn !== null) options.idColumn = inputs.idColumn;
  if (inputs.reference !== null) options.reference = inputs.reference;
  if (inputs.seed !== null) options.seed = inputs.seed;
  if (inputs.alpha !== null) options.alpha = inputs.alpha;
  if (inputs.inconclusive !== null) options.inconclusive = inputs.inconclusive;
  if (inputs.correction !== null) options.correction = inputs.correction;
  if (inputs.batchSize !== null) options.batchSize = inputs.batchSize;
  return options;
}

/** The policy in force, exactly as the engine will merge it; throws on any bad value or policy key. */
async function policyInForce(inputs: ActionInputs, options: EngineOptions): Promise<Policy> {
  return loadPolicy(
    { config: options.config, configOption: 'config', defaultPath: DEFAULT_POLICY_FILE, cwd: options.cwd },
    policyOverrides({ ...options, baseline: inputs.baselineModel }),
    OPTION_NAMES,
  );
}

async function requireCandidate(candidate: string, cwd: string): Promise<string> {
  const path = resolve(cwd, candidate);
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new ConfigurationError(
      `The candidate model '${candidate}' does not exist (input 'candidate-model' or models.candidate; paths are relative to ${cwd})`,
    );
  }
  if (!isFile) throw new ConfigurationError(`The candidate model '${candidate}' is not a file`);
  if ((await readLfsPointer(path)) !== null) {
    throw new ConfigurationError(
      `The candidate model '${candidate}' is a Git LFS pointer, not the model: check out with 'lfs: true' (actions/checkout)`,
    );
  }
  return path;
}

interface BaselineChoice {
  /** Absolute path, or null when there is no baseline yet. */
  path: string | null;
  /** How the report should name it when the engine read a temporary copy. */
  displayPath: string | null;
  absentReason: string | null;
}

/** The baseline: given (input or policy), or the candidate's path at the base commit, or none yet. */
async function chooseBaseline(
  given: string | undefined,
  candidate: { input: string; path: string },
  context: EventContext,
  ports: ActionPorts,
  inputs: ActionInputs,
  client: GitHubClient,
  logger: Logger,
): Promise<BaselineChoice> {
  if (given !== undefined) return { path: resolve(ports.cwd, given), displayPath: null, absentReason: null };
  const baseSha = context.pullRequest?.baseSha ?? context.pushBefore;
  if (baseSha === null || baseSha === undefined) {
    return {
      path: null,
      displayPath: null,
      absentReason: `the '${context.eventName}' event has no base commit to read the baseline from (set 'baseline-model')`,
    };
  }
  const lookup = await findDefaultBaseline({
    candidatePath: candidate.path,
    candidateInput: candidate.input,
    workspace: context.workspace || ports.cwd,
    baseSha,
    owner: context.owner,
    repo: context.repo,
    serverUrl: context.serverUrl,
    token: inputs.token,
    client,
    destinationDirectory: join(reportDirectoryOf(ports.env, inputs.gateName), 'baseline'),
    logger,
  });
  if (lookup.kind === 'absent') return { path: null, displayPath: null, absentReason: lookup.reason };
  logger.info(`Baseline: ${lookup.displayPath} (from the ${lookup.source}).`);
  return { path: lookup.path, displayPath: lookup.displayPath, absentReason: null };
}

export async function runEvaluateMode(
  inputs: ActionInputs,
  context: EventContext,
  ports: ActionPorts,
  client: GitHubClient,
  logger: Logger,
): Promise<void> {
  let config = inputs.config ?? undefined;
  if (config === undefined && (await exists(resolve(ports.cwd, DEFAULT_POLICY_FILE)))) {
    config = DEFAULT_POLICY_FILE;
    logger.info(`Using the policy file ${DEFAULT_POLICY_FILE}.`);
  }
  const options = engineOptions(inputs, ports.cwd, config);
  const policy = await policyInForce(inputs, options);
  const candidate = policy.models.candidate;
  if (candidate === undefined) {
    throw new ConfigurationError("Missing input 'candidate-model' (or models.candidate in the policy file)");
  }
  if (policy.data.path === undefined) {
    throw new ConfigurationError("Missing input 'data' (or data.path in the policy file)");
  }
  const candidatePath = await requireCandidate(candidate, ports.cwd);
  const baseline = await chooseBaseline(
    policy.models.baseline,
    { input: candidate, path: candidatePath },
    context,
    ports,
    inputs,
    client,
    logger,
  );

  let outcome: GateOutcome;
  const candidateDigest = await fileDigest(candidatePath);
  const baselineDigest =
    baseline.path !== null && (await exists(baseline.path)) ? await fileDigest(baseline.path) : null;
  if (baselineDigest !== null && baselineDigest.sha256 === candidateDigest.sha256) {
    const report: UnchangedReport = {
      schemaVersion: 1,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: new Date().toISOString(),
      verdict: 'pass',
      reasons: ['The candidate is byte-identical to the baseline: nothing to evaluate.'],
      unchanged: true,
      models: {
        candidate: { path: candidate, ...candidateDigest },
        baseline: { path: baseline.displayPath ?? policy.models.baseline ?? '', ...baselineDigest },
      },
    };
    logger.info('The candidate is byte-identical to the baseline: no evaluation needed.');
    outcome = unchangedOutcome(report);
  } else {
    await prepareOnnxRuntime({
      actionDirectory: ports.actionDirectory,
      platform: ports.platform,
      arch: ports.arch,
      version: ports.onnxRuntimeVersion,
      env: ports.env,
      logger,
    });
    const evaluate = await ports.loadEvaluate();
    const report = await evaluate({ ...options, candidate, baseline: baseline.path }, { logger });
    // The engine saw a temporary file; readers should see which commit the baseline came from.
    if (baseline.displayPath !== null && report.models?.baseline)
      report.models.baseline.path = baseline.displayPath;
    outcome = outcomeFromReport(report, ports.renderMarkdown(report), baseline.absentReason);
  }

  const pullRequest = context.pullRequest;
  if (pullRequest !== null && isFork(pullRequest)) {
    logger.info(
      `Pull request from the fork ${pullRequest.headRepositoryFullName}: its token is usually read-only, so the comment and check run may be refused.`,
    );
  }
  const decision = await publishResults({
    outcome,
    inputs,
    owner: context.owner,
    repo: context.repo,
    runUrl: runUrl(context),
    pullRequest:
      pullRequest === null ? null : { number: pullRequest.number, labelsAtEvent: pullRequest.labels },
    headSha: pullRequest?.headSha ?? (context.sha || null),
    client,
    core: ports.core,
    logger,
    reportDirectory: reportDirectoryOf(ports.env, inputs.gateName),
    artifacts: inputs.uploadArtifact ? ports.artifacts : null,
    artifactName: artifactNameOf(inputs.gateName),
  });
  if (decision.failsStep) {
    ports.core.error(`The gate '${inputs.gateName}' failed. ${decision.title.replace(/^\S+\s/, '')}`, {
      title: `${inputs.gateName}: regression`,
    });
    ports.core.markFailed();
  }
}
