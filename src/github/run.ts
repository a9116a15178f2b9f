/**
 * The action, from inputs to published verdict. `src/action.ts` calls `run` with the real ports (the toolkit,
 * the engine loader, the artifact client); tests call it with fakes. Errors end here: a user error becomes an
 * annotation on the file and line at fault and fails the step without any write to the API; anything else is
 * an internal error.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

import { describeError, isUserError } from '../errors.js';
import { TOOL_NAME } from '../version.js';
import { createActionLogger } from './action-core.js';
import { INPUTS, readActionInputs } from './action-inputs.js';
import { reportDirectoryOf, type ActionPorts } from './action-ports.js';
import { readEventContext, type EventContext } from './event-context.js';
import { createGitHubClient } from './github-client.js';
import { runEvaluateMode } from './run-evaluate.js';
import { runPublishMode } from './run-publish.js';

export type { ActionPorts, EngineOptions, EvaluateFunction } from './action-ports.js';

/** The annotation's file: repository-relative, forward slashes. */
function annotationFile(
  file: string | undefined,
  ports: ActionPorts,
  context: EventContext | null,
): string | undefined {
  if (file === undefined || file === '') return context?.workflowFile ?? undefined;
  const root = context?.workspace || ports.cwd;
  const absolute = resolve(ports.cwd, file);
  const relativePath = relative(root, absolute);
  if (relativePath.startsWith('..') || isAbsolute(relativePath)) return file;
  return relativePath.split(sep).join('/');
}

async function reportFailure(
  error: unknown,
  ports: ActionPorts,
  context: EventContext | null,
): Promise<void> {
  const { core } = ports;
  let summary: string;
  if (isUserError(error)) {
    const file = annotationFile(error.location.file, ports, context);
    core.error(error.message, {
      title: `${TOOL_NAME}: ${error.kind} error`,
      ...(file === undefined ? {} : { file }),
      ...(error.location.line === undefined ? {} : { startLine: error.location.line }),
    });
    summary = `## ❌ ${TOOL_NAME} could not run\n\n${error.message}\n`;
  } else {
    core.error(`${TOOL_NAME} internal error: ${describeError(error)}. Please report this as a bug.`, {
      title: `${TOOL_NAME}: internal error`,
    });
    if (error instanceof Error && error.stack) core.debug(error.stack);
    summary = `## ❌ ${TOOL_NAME} internal error\n\n${describeError(error)}\n`;
  }
  core.markFailed();
  try {
    await core.appendSummary(summary);
  } catch (summaryError) {
    core.debug(`Could not write the job summary: ${describeError(summaryError)}`);
  }
}

export async function run(ports: ActionPorts): Promise<void> {
  const { core } = ports;
  // Masked before anything else can print it.
  const token = core.getInput(INPUTS.githubToken);
  if (token !== '') core.setSecret(token);
  const logger = createActionLogger(core);
  let context: EventContext | null = null;
  try {
    context = readEventContext(ports.env, (path) => readFileSync(path, 'utf8'));
    const inputs = readActionInputs((name) => core.getInput(name));
    const client = (ports.createClient ?? createGitHubClient)(inputs.token, context.apiUrl, logger);
    await mkdir(reportDirectoryOf(ports.env, inputs.gateName), { recursive: true });
    if (inputs.mode === 'publish') {
      await runPublishMode(inputs, context, ports, client, logger);
    } else {
      await runEvaluateMode(inputs, context, ports, client, logger);
    }
  } catch (error) {
    await reportFailure(error, ports, context);
  }
}
