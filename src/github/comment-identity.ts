/**
 * Who "we" are, so that only our own comments are ever edited. A GITHUB_TOKEN or a GitHub App installation
 * token cannot call REST `GET /user` (403 "Resource not accessible by integration"), but GraphQL `viewer`
 * answers every kind of token: `github-actions[bot]` for the GITHUB_TOKEN, `<app-slug>[bot]` for an app, the
 * user's login for a personal token. The `comment-author` input overrides it.
 */
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GitHubClient } from './github-client.js';

/** The login the GITHUB_TOKEN writes comments as. */
export const GITHUB_ACTIONS_LOGIN = 'github-actions[bot]';

export async function resolveCommentIdentity(
  client: GitHubClient,
  configured: string | null,
  logger: Logger,
): Promise<string> {
  if (configured !== null) return configured;
  try {
    const response = await client.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    if (typeof response.viewer?.login === 'string' && response.viewer.login !== '')
      return response.viewer.login;
  } catch (error) {
    logger.warning(
      `Could not ask GitHub who the token belongs to (${describeError(error)}); assuming ${GITHUB_ACTIONS_LOGIN}. Set the 'comment-author' input if the token is another identity.`,
    );
  }
  return GITHUB_ACTIONS_LOGIN;
}
