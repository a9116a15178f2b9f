/**
 * Publishes a gate outcome everywhere it belongs: report files and the workflow artifact, the job summary, the
 * pull request comment, the check run, and the step's outputs. Writes to the API that GitHub refuses (a fork's
 * read-only token, a missing permission) become warnings that say what to do: the step's colour is the gate's,
 * never the publisher's.
 */
import { renderHtml } from '../report/render-html.js';
import type { Report } from '../report/types.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ActionCore } from './action-core.js';
import type { ActionInputs } from './action-inputs.js';
import { describeApiFailure, isApiError } from './api-failure.js';
import { publishCheckRun } from './check-run.js';
import { resolveCommentIdentity } from './comment-identity.js';
import { commentMarker, upsertComment } from './comment-upsert.js';
import {
  composeReportMarkdown,
  decideGate,
  truncationPointer,
  type GateDecision,
  type GateOutcome,
  type PublicationContext,
} from './gate-outcome.js';
import type { GitHubClient } from './github-client.js';
import { COMMENT_LIMIT, JOB_SUMMARY_LIMIT, capMarkdown } from './markdown-limit.js';
import { findOverride, type OverrideAcceptance } from './override-label.js';
import type { ReportArtifactStore } from './report-artifact.js';

export const OUTPUTS = {
  verdict: 'verdict',
  reportJson: 'report-json',
  reportMarkdown: 'report-markdown',
  commentId: 'comment-id',
  checkRunId: 'check-run-id',
  summary: 'summary',
  acceptedBy: 'accepted-by',
} as const;

/** Written next to report.json so that `mode: publish` can rebuild the same comment. */
export interface PublicationMetadata {
  schemaVersion: 1;
  gateName: string;
  kind: GateOutcome['kind'];
  note: string | null;
  pullRequest: number | null;
  headSha: string | null;
}

export interface PublishRequest {
  outcome: GateOutcome;
  inputs: ActionInputs;
  owner: string;
  repo: string;
  runUrl: string | null;
  pullRequest: { number: number; labelsAtEvent: readonly string[] } | null;
  /** The commit the check run goes on. */
  headSha: string | null;
  client: GitHubClient;
  core: ActionCore;
  logger: Logger;
  /** Where report.json / report.md / model-gate.json are written; null when they exist already (publish). */
  reportDirectory: string | null;
  /** Uploads the report directory as `artifactName`; null: no upload (publish mode, or upload-artifact: false). */
  artifacts: ReportArtifactStore | null;
  artifactName: string;
}

export const FORK_ADVICE =
  'To publish the comment and check run of pull requests from forks, add a workflow_run workflow that runs this action with mode: publish (docs/action.md, "Pull requests from forks").';

/** A report of an evaluation (not the short "model unchanged" document). */
function isEvaluationReport(value: unknown): value is Report {
  return (
    typeof value === 'object' && value !== null && 'metrics' in value && 'tests' in value && 'task' in value
  );
}

async function writeReportFiles(
  request: PublishRequest,
  directory: string,
  markdown: string,
): Promise<{ jsonPath: string; markdownPath: string; files: string[] }> {
  await mkdir(directory, { recursive: true });
  const jsonPath = join(directory, 'report.json');
  const markdownPath = join(directory, 'report.md');
  const metadataPath = join(directory, 'model-gate.json');
  const metadata: PublicationMetadata = {
    schemaVersion: 1,
    gateName: request.inputs.gateName,
    kind: request.outcome.kind,
    note: request.outcome.note,
    pullRequest: request.pullRequest?.number ?? null,
    headSha: request.headSha,
  };
  await writeFile(jsonPath, `${JSON.stringify(request.outcome.reportJson, null, 2)}\n`);
  await writeFile(markdownPath, markdown);
  await writeFile(metadataPath, `${JSON.stringify(metadata, null, 2)}\n`);
  const files = [jsonPath, markdownPath, metadataPath];
  // The self-contained HTML report (charts, more detail) goes with the artifact when there is a full report.
  const report = request.outcome.reportJson;
  if (isEvaluationReport(report)) {
    const htmlPath = join(directory, 'report.html');
    await writeFile(htmlPath, renderHtml(report, report.charts));
    files.push(htmlPath);
  }
  return { jsonPath, markdownPath, files };
}

export async function publishResults(request: PublishRequest): Promise<GateDecision> {
  const { inputs, client, core, logger, outcome } = request;
  const target = { owner: request.owner, repo: request.repo };
  const refused: string[] = [];

  let acceptance: OverrideAcceptance | null = null;
  if (outcome.verdict === 'fail' && inputs.overrideLabel !== null && request.pullRequest !== null) {
    acceptance = await findOverride(
      client,
      { ...target, issueNumber: request.pullRequest.number },
      inputs.overrideLabel,
      request.pullRequest.labelsAtEvent,
      (message) => logger.warning(message),
    );
  }
  const decision = decideGate(outcome, acceptance, inputs.failOn);
  const willUpload = request.artifacts !== null && request.artifacts.canUpload();
  const publication: PublicationContext = {
    gateName: inputs.gateName,
    runUrl: request.runUrl,
    headSha: request.headSha,
    artifactName: willUpload || request.reportDirectory === null ? request.artifactName : null,
  };
  const markdown = composeReportMarkdown(outcome, decision, publication);
  const pointer = truncationPointer(publication);

  if (request.reportDirectory !== null) {
    const written = await writeReportFiles(request, request.reportDirectory, markdown);
    core.setOutput(OUTPUTS.reportJson, written.jsonPath);
    core.setOutput(OUTPUTS.reportMarkdown, written.markdownPath);
    if (request.artifacts !== null) {
      if (!willUpload) {
        logger.info(
          'Not uploading the report artifact: ACTIONS_RUNTIME_TOKEN is not set (not running in Actions?).',
        );
      } else {
        try {
          await request.artifacts.upload(request.artifactName, written.files, request.reportDirectory);
          logger.info(`Uploaded the report as the artifact '${request.artifactName}'.`);
        } catch (error) {
          logger.warning(
            `Could not upload the report artifact '${request.artifactName}': ${describeError(error)}`,
          );
        }
      }
    }
  }

  try {
    await core.appendSummary(capMarkdown(markdown, JOB_SUMMARY_LIMIT, pointer));
  } catch (error) {
    // Outside Actions there is no GITHUB_STEP_SUMMARY; the comment and check run still matter.
    logger.warning(`Could not write the job summary: ${describeError(error)}`);
  }

  if (inputs.comment && request.pullRequest !== null) {
    const issueNumber = request.pullRequest.number;
    const body = capMarkdown(`${commentMarker(inputs.gateName)}\n${markdown}`, COMMENT_LIMIT, pointer);
    try {
      const result = await upsertComment(
        client,
        { ...target, issueNumber },
        inputs.gateName,
        body,
        () => resolveCommentIdentity(client, inputs.commentAuthor, logger),
        (message) => logger.info(message),
      );
      core.setOutput(OUTPUTS.commentId, String(result.commentId));
      logger.info(`${result.action === 'created' ? 'Created' : 'Updated'} the comment ${result.url}`);
    } catch (error) {
      if (!isApiError(error)) throw error;
      const failure = describeApiFailure(
        error,
        `comment on pull request #${issueNumber}`,
        'pull-requests: write',
      );
      if (failure.isPermission) refused.push('comment');
      logger.warning(failure.message);
    }
  } else if (inputs.comment) {
    logger.info('Not a pull request: no comment to write.');
  }

  if (inputs.checkRun && request.headSha !== null) {
    try {
      const result = await publishCheckRun(client, {
        ...target,
        name: inputs.gateName,
        headSha: request.headSha,
        conclusion: decision.conclusion,
        title: decision.title,
        summary: markdown,
        detailsUrl: request.runUrl,
        truncationPointer: pointer,
      });
      core.setOutput(OUTPUTS.checkRunId, String(result.checkRunId));
      logger.info(`Published the check run '${inputs.gateName}' (${decision.conclusion}) ${result.url}`);
    } catch (error) {
      if (!isApiError(error)) throw error;
      const failure = describeApiFailure(error, `create the check run '${inputs.gateName}'`, 'checks: write');
      if (failure.isPermission) refused.push('check run');
      logger.warning(failure.message);
    }
  }
  if (refused.length > 0) {
    logger.info(
      `GitHub refused the ${refused.join(' and ')}; the report is in this job's summary${
        willUpload ? ` and in the artifact '${request.artifactName}'` : ''
      }. ${FORK_ADVICE}`,
    );
  }

  core.setOutput(OUTPUTS.verdict, decision.verdictOutput);
  core.setOutput(OUTPUTS.summary, decision.title.replace(/^\S+\s/, ''));
  if (decision.acceptance?.login) core.setOutput(OUTPUTS.acceptedBy, decision.acceptance.login);
  logger.info(decision.title);
  return decision;
}
