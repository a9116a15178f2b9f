/**
 * The workflow's context, read from the runner's environment and the event payload file: which repository,
 * which pull request (head and base commits, fork or not), which run. Read explicitly, not through
 * @actions/github's `context`, which snapshots the environment when the module loads.
 */
import { ConfigurationError } from '../errors.js';

export interface PullRequestContext {
  number: number;
  /** The commit a check run must go on to show on the pull request (GITHUB_SHA is the merge commit). */
  headSha: string;
  baseSha: string;
  headRepositoryFullName: string | null;
  baseRepositoryFullName: string | null;
  /** Labels at the time of the event. */
  labels: string[];
}

export interface WorkflowRunContext {
  id: number;
  /** The event that started the triggering run ('pull_request', 'push', ...). */
  event: string;
  headSha: string;
  headBranch: string | null;
  /** The owner of the repository the head branch lives in (a fork's owner for a fork's pull request). */
  headOwner: string | null;
  /** Pull requests GitHub associated with the run; empty for pull requests from forks. */
  pullRequests: Array<{ number: number; headSha: string | null }>;
}

export interface EventContext {
  eventName: string;
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  graphqlUrl: string;
  /** GITHUB_SHA: on pull_request events the temporary merge commit. */
  sha: string;
  runId: number | null;
  workspace: string;
  /** The workflow file, repository-relative (from GITHUB_WORKFLOW_REF), for annotations on inputs. */
  workflowFile: string | null;
  pullRequest: PullRequestContext | null;
  /** push events: the commit before the push, unless the push created the branch. */
  pushBefore: string | null;
  workflowRun: WorkflowRunContext | null;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

const ZERO_SHA = /^0+$/;

function readPullRequest(payload: Json): PullRequestContext | null {
  const pullRequest = object(payload.pull_request);
  if (!pullRequest) return null;
  const head = object(pullRequest.head);
  const base = object(pullRequest.base);
  const number = integer(pullRequest.number) ?? integer(payload.number);
  const headSha = text(head?.sha);
  const baseSha = text(base?.sha);
  if (number === null || headSha === null || baseSha === null) return null;
  const labels = Array.isArray(pullRequest.labels)
    ? pullRequest.labels.flatMap((label) => {
        const name = text(object(label)?.name);
        return name === null ? [] : [name];
      })
    : [];
  return {
    number,
    headSha,
    baseSha,
    headRepositoryFullName: text(object(head?.repo)?.full_name),
    baseRepositoryFullName: text(object(base?.repo)?.full_name),
    labels,
  };
}

function readWorkflowRun(payload: Json): WorkflowRunContext | null {
  const run = object(payload.workflow_run);
  if (!run) return null;
  const id = integer(run.id);
  const headSha = text(run.head_sha);
  if (id === null || headSha === null) return null;
  const pullRequests = Array.isArray(run.pull_requests)
    ? run.pull_requests.flatMap((entry) => {
        const number = integer(object(entry)?.number);
        return number === null ? [] : [{ number, headSha: text(object(object(entry)?.head)?.sha) }];
      })
    : [];
  return {
    id,
    event: text(run.event) ?? '',
    headSha,
    headBranch: text(run.head_branch),
    headOwner: text(object(object(run.head_repository)?.owner)?.login),
    pullRequests,
  };
}

/** `owner/repo/.github/workflows/x.yml@refs/...` -> `.github/workflows/x.yml` */
function workflowFileOf(workflowRef: string | undefined, repository: string): string | null {
  if (!workflowRef) return null;
  const withoutRef = workflowRef.replace(/@.*$/, '');
  return withoutRef.startsWith(`${repository}/`) ? withoutRef.slice(repository.length + 1) : null;
}

/**
 * Reads the context. `readText` reads the payload file (injected so tests need no files).
 * A missing repository or payload is the runner's job; its absence means the action runs outside Actions.
 */
export function readEventContext(
  env: Record<string, string | undefined>,
  readText: (path: string) => string,
): EventContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigurationError(
      `Invalid GITHUB_REPOSITORY '${repository}': expected 'owner/name' (is this running inside GitHub Actions?)`,
    );
  }
  let payload: Json = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let content: string;
    try {
      content = readText(eventPath);
    } catch {
      throw new ConfigurationError(`Cannot read the event payload GITHUB_EVENT_PATH='${eventPath}'`);
    }
    try {
      payload = object(JSON.parse(content)) ?? {};
    } catch {
      throw new ConfigurationError(`The event payload GITHUB_EVENT_PATH='${eventPath}' is not valid JSON`);
    }
  }
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const runId = Number(env.GITHUB_RUN_ID);
  const before = text(payload.before);
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, ''),
    apiUrl,
    graphqlUrl: (env.GITHUB_GRAPHQL_URL || `${apiUrl}/graphql`).replace(/\/+$/, ''),
    sha: env.GITHUB_SHA ?? '',
    runId: Number.isSafeInteger(runId) && runId > 0 ? runId : null,
    workspace: env.GITHUB_WORKSPACE ?? '',
    workflowFile: workflowFileOf(env.GITHUB_WORKFLOW_REF, repository),
    pullRequest: readPullRequest(payload),
    pushBefore: env.GITHUB_EVENT_NAME === 'push' && before !== null && !ZERO_SHA.test(before) ? before : null,
    workflowRun: readWorkflowRun(payload),
  };
}

/** Whether the pull request comes from another repository (its token is read-only by default). */
export function isFork(pullRequest: PullRequestContext): boolean {
  return (
    pullRequest.headRepositoryFullName !== null &&
    pullRequest.baseRepositoryFullName !== null &&
    pullRequest.headRepositoryFullName !== pullRequest.baseRepositoryFullName
  );
}

/** The link to this workflow run, for comments and check runs. */
export function runUrl(context: EventContext): string | null {
  return context.runId === null
    ? null
    : `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`;
}
