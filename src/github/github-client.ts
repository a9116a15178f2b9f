/**
 * The Octokit client: @actions/github's, plus retries with back-off on 5xx (@octokit/plugin-retry) and
 * rate-limit handling (@octokit/plugin-throttling, which also spaces writes a second apart as GitHub asks).
 * The base URL is passed explicitly: @actions/github reads GITHUB_API_URL once, when it loads.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

import type { Logger } from '../logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** Retries of a request hit by a rate limit; beyond this the error surfaces with its own message. */
const RATE_LIMIT_RETRIES = 2;
/** A rate limit that resets later than this is not waited for: the job would sit idle. */
const LONGEST_WAIT_SECONDS = 120;

export function createGitHubClient(token: string, baseUrl: string, logger: Logger): GitHubClient {
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method?: string; url?: string },
      _octokit: unknown,
      retryCount: number,
    ) => {
      const request = `${options.method ?? 'GET'} ${options.url ?? ''}`;
      if (retryCount < RATE_LIMIT_RETRIES && retryAfter <= LONGEST_WAIT_SECONDS) {
        logger.warning(`GitHub ${kind} hit on ${request}; retrying in ${retryAfter} s`);
        return true;
      }
      logger.warning(`GitHub ${kind} hit on ${request}; giving up (resets in ${retryAfter} s)`);
      return false;
    };
  return getOctokit(
    token,
    {
      baseUrl,
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
      retry: { retries: 3 },
    },
    retry,
    throttling,
  );
}
