/**
 * Turns a failed GitHub API call into a message a user can act on: which call, which permission the job is
 * probably missing, and what to do on a pull request from a fork. Never quotes the token.
 */
import { describeError } from '../errors.js';

export interface ApiFailure {
  /** HTTP status, when the error came from the API. */
  status: number | null;
  /** 401 / 403 / 404 on a call the token should be able to make: a permission problem, not a bug. */
  isPermission: boolean;
  message: string;
}

/** The status of an Octokit RequestError (or anything shaped like one), else null. */
export function statusOf(error: unknown): number | null {
  if (error !== null && typeof error === 'object' && 'status' in error) {
    const status = (error as { status: unknown }).status;
    if (typeof status === 'number') return status;
  }
  return null;
}

/** Whether the error is an HTTP error from the API (as opposed to a bug in our code). */
export function isApiError(error: unknown): boolean {
  return statusOf(error) !== null;
}

/**
 * @param action what the call tried to do, e.g. "comment on pull request #12"
 * @param permission the job permission it needs, e.g. "pull-requests: write"
 */
export function describeApiFailure(error: unknown, action: string, permission: string): ApiFailure {
  const status = statusOf(error);
  const detail = describeError(error);
  const forks =
    'A pull request from a fork gets a read-only token: the report is in the job summary and the artifact; ' +
    'publish it with mode: publish in a workflow_run workflow (see model-gate\'s docs/action.md, "Pull requests from forks").';
  if (status === 401) {
    return {
      status,
      isPermission: true,
      message: `Could not ${action}: the token was rejected (401 Bad credentials). Check the 'github-token' input.`,
    };
  }
  if (status === 403 && /rate limit/i.test(detail)) {
    return { status, isPermission: false, message: `Could not ${action}: GitHub rate limit (${detail}).` };
  }
  if (status === 403) {
    return {
      status,
      isPermission: true,
      message: `Could not ${action}: 403 ${detail}. The job needs the permission '${permission}' (add it under 'permissions:' in the workflow). ${forks}`,
    };
  }
  if (status === 404) {
    return {
      status,
      isPermission: true,
      message: `Could not ${action}: 404 Not Found. GitHub answers 404 when the token cannot see the resource: the job needs the permission '${permission}'.`,
    };
  }
  return {
    status,
    isPermission: false,
    message: `Could not ${action}: ${status === null ? '' : `${status} `}${detail}`,
  };
}
