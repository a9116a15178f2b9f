/**
 * `mode: publish`, the second stage for pull requests from forks: in a `workflow_run` workflow (which runs with
 * the base repository's token and never checks out the fork's code), download the report artifact of the
 * triggering run and publish its comment and check run. Nothing from the artifact is executed, and nothing in it
 * decides where to write: the pull request and the commit come from the trusted `workflow_run` event; the
 * verdict and the Markdown are rebuilt from report.json.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { ConfigurationError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Report } from '../report/types.js';
import type { ActionInputs } from './action-inputs.js';
import { artifactNameOf, reportDirectoryOf, type ActionPorts } from './action-ports.js';
import { describeApiFailure, isApiError } from './api-failure.js';
import { runUrl, type EventContext, type WorkflowRunContext } from './event-context.js';
import {
  outcomeFromReport,
  unchangedOutcome,
  type GateOutcome,
  type UnchangedReport,
} from './gate-outcome.js';
import type { GitHubClient } from './github-client.js';
import { OUTPUTS, publishResults } from './publish-results.js';

const NOTE_LIMIT = 500;

async function readJson(path: string, description: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigurationError(
      `The report artifact's ${description} cannot be read: ${describeError(error)}`,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isUnchangedReport(
  value: Record<string, unknown>,
): value is Record<string, unknown> & UnchangedReport {
  const models = value.models;
  if (value.unchanged !== true || !isRecord(models)) return false;
  return [models.candidate, models.baseline].every(
    (model) =>
      isRecord(model) &&
      typeof model.path === 'string' &&
      typeof model.sha256 === 'string' &&
      typeof model.bytes === 'number',
  );
}

/** Rebuilds the outcome from the artifact's files; the fork's run could have written anything in them. */
async function outcomeFromArtifact(directory: string, ports: ActionPorts): Promise<GateOutcome> {
  const report = await readJson(join(directory, 'report.json'), 'report.json');
  const metadata = await readJson(join(directory, 'model-gate.json'), 'model-gate.json').catch(() => ({}));
  if (!isRecord(report) || (report.verdict !== 'pass' && report.verdict !== 'fail')) {
    throw new ConfigurationError("The report artifact's report.json is not a model-gate report (no verdict)");
  }
  if (isUnchangedReport(report)) return unchangedOutcome(report);
  let markdown: string;
  try {
    markdown = ports.renderMarkdown(report as unknown as Report);
  } catch (error) {
    throw new ConfigurationError(
      `The report artifact's report.json cannot be rendered (${describeError(error)}): was it written by the same version of model-gate?`,
    );
  }
  const noBaseline =
    isRecord(metadata) && metadata.kind === 'no-baseline'
      ? typeof metadata.note === 'string'
        ? metadata.note.slice(0, NOTE_LIMIT)
        : 'the evaluating run found none'
      : null;
  const outcome = outcomeFromReport(report as unknown as Report, markdown, null);
  if (noBaseline === null) return outcome;
  return { ...outcome, kind: 'no-baseline', inconclusive: false, note: noBaseline };
}

interface RunPullRequest {
  number: number;
  labels: string[];
}

/**
 * The pull request the triggering run belongs to. GitHub lists it in `workflow_run.pull_requests` for branches
 * of the same repository only; for a fork, the open pull request whose head is `<fork owner>:<branch>` at the
 * run's head commit.
 */
async function findRunPullRequest(
  client: GitHubClient,
  context: EventContext,
  run: WorkflowRunContext,
): Promise<RunPullRequest | null> {
  const listed = run.pullRequests.find((entry) => entry.headSha === null || entry.headSha === run.headSha);
  if (listed) return { number: listed.number, labels: [] };
  if (run.headOwner === null || run.headBranch === null) return null;
  const { data } = await client.rest.pulls.list({
    owner: context.owner,
    repo: context.repo,
    state: 'open',
    head: `${run.headOwner}:${run.headBranch}`,
    per_page: 100,
  });
  const match = data.find((pull) => pull.head.sha === run.headSha);
  return match ? { number: match.number, labels: match.labels.map((label) => label.name) } : null;
}

export async function runPublishMode(
  inputs: ActionInputs,
  context: EventContext,
  ports: ActionPorts,
  client: GitHubClient,
  logger: Logger,
): Promise<void> {
  const run = context.workflowRun;
  if (run === null) {
    throw new ConfigurationError(
      `Input 'mode' is 'publish' but the event is '${context.eventName}': publish runs in a workflow triggered by 'workflow_run' (see docs/action.md, "Pull requests from forks")`,
    );
  }
  const runId = inputs.runId ?? run.id;
  const artifactName = artifactNameOf(inputs.gateName);
  const directory = join(reportDirectoryOf(ports.env, inputs.gateName), `run-${runId}`);
  let found: 'found' | 'absent';
  try {
    found = await ports.artifacts.download(
      artifactName,
      { runId, owner: context.owner, repo: context.repo, token: inputs.token },
      directory,
    );
  } catch (error) {
    if (!isApiError(error)) throw error;
    throw new ConfigurationError(
      describeApiFailure(error, `find the artifact '${artifactName}' of run ${runId}`, 'actions: read')
        .message,
    );
  }
  if (found === 'absent') {
    logger.warning(
      `Run ${runId} has no artifact '${artifactName}': its model-gate step did not get as far as a report (see that run's log). Nothing to publish.`,
    );
    ports.core.setOutput(OUTPUTS.verdict, '');
    return;
  }
  const outcome = await outcomeFromArtifact(directory, ports);
  ports.core.setOutput(OUTPUTS.reportJson, join(directory, 'report.json'));
  ports.core.setOutput(OUTPUTS.reportMarkdown, join(directory, 'report.md'));

  let pullRequest: RunPullRequest | null = null;
  if (run.event === 'pull_request' || run.event === 'pull_request_target' || run.pullRequests.length > 0) {
    try {
      pullRequest = await findRunPullRequest(client, context, run);
    } catch (error) {
      if (!isApiError(error)) throw error;
      logger.warning(
        describeApiFailure(error, 'find the pull request of the run', 'pull-requests: read').message,
      );
    }
    if (pullRequest === null)
      logger.warning(`No open pull request has the head commit ${run.headSha}: no comment.`);
  }
  const triggeringRunUrl = `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${runId}`;
  logger.info(
    `Publishing the report of run ${runId} (${triggeringRunUrl}); this run is ${runUrl(context) ?? 'local'}.`,
  );
  const decision = await publishResults({
    outcome,
    inputs,
    owner: context.owner,
    repo: context.repo,
    runUrl: triggeringRunUrl,
    pullRequest:
      pullRequest === null ? null : { number: pullRequest.number, labelsAtEvent: pullRequest.labels },
    headSha: run.headSha,
    client,
    core: ports.core,
    logger,
    reportDirectory: null,
    artifacts: null,
    artifactName,
  });
  if (decision.failsStep) {
    ports.core.error(`The gate '${inputs.gateName}' failed. ${decision.title.replace(/^\S+\s/, '')}`, {
      title: `${inputs.gateName}: regression`,
    });
    ports.core.markFailed();
  }
}
