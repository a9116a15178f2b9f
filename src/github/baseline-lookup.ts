/**
 * The default baseline: the candidate's path as it was at the pull request's base commit. Read from the local
 * git history when the checkout holds that commit, otherwise through the contents API (which also serves a
 * fetch-depth 1 checkout); a Git LFS pointer found either way is followed through the LFS batch API.
 * No file at the base commit means there is no baseline yet, which is not an error.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import { ConfigurationError, describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { describeApiFailure, statusOf } from './api-failure.js';
import { downloadLfsObject, readLfsPointer } from './git-lfs.js';
import { gitTopLevel, readGitBlob } from './git-history.js';
import type { GitHubClient } from './github-client.js';

export type BaselineLookup =
  | {
      kind: 'found';
      /** Absolute path of the downloaded file. */
      path: string;
      /** How it was obtained, for the log and the report ("git history", "GitHub API", "... + Git LFS"). */
      source: string;
      /** The baseline as a reader should see it: `<path>@<short sha>`. */
      displayPath: string;
    }
  | { kind: 'absent'; reason: string };

export interface BaselineRequest {
  /** Absolute path of the candidate model in the checkout. */
  candidatePath: string;
  /** The candidate's path as the user wrote it, for messages. */
  candidateInput: string;
  /** GITHUB_WORKSPACE: the repository root when there is no local git. */
  workspace: string;
  baseSha: string;
  owner: string;
  repo: string;
  serverUrl: string;
  token: string;
  client: GitHubClient;
  /** Folder the baseline is written to (created when missing). */
  destinationDirectory: string;
  logger: Logger;
}

function toRepositoryPath(root: string, path: string, input: string): string {
  const relativePath = relative(root, path);
  if (relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath)) {
    throw new ConfigurationError(
      `Input 'candidate-model' ('${input}') is outside the repository checkout ('${root}'): the default baseline (the same path at the base commit) cannot be found; set 'baseline-model'`,
    );
  }
  return relativePath.split(sep).join('/');
}

async function downloadThroughApi(
  request: BaselineRequest,
  repositoryPath: string,
  destination: string,
): Promise<'found' | 'absent'> {
  try {
    const response = await request.client.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: request.owner,
      repo: request.repo,
      path: repositoryPath,
      ref: request.baseSha,
      mediaType: { format: 'raw' },
      request: { parseSuccessResponseBody: false },
    });
    const body = response.data as unknown as WebReadableStream<Uint8Array> | null;
    if (body === null) throw new Error('empty response');
    await pipeline(Readable.fromWeb(body), createWriteStream(destination));
    return 'found';
  } catch (error) {
    if (statusOf(error) === 404) return 'absent';
    const failure = describeApiFailure(
      error,
      `read '${repositoryPath}' at the base commit ${request.baseSha.slice(0, 7)}`,
      'contents: read',
    );
    throw new ConfigurationError(
      `${failure.message} Set 'baseline-model', or check out with fetch-depth: 0 so the base commit is in the local history.`,
    );
  }
}

export async function findDefaultBaseline(request: BaselineRequest): Promise<BaselineLookup> {
  const shortSha = request.baseSha.slice(0, 7);
  const topLevel = await gitTopLevel(dirname(request.candidatePath));
  const repositoryPath = toRepositoryPath(
    topLevel ?? request.workspace,
    request.candidatePath,
    request.candidateInput,
  );
  const displayPath = `${repositoryPath}@${shortSha}`;
  await mkdir(request.destinationDirectory, { recursive: true });
  const destination = join(request.destinationDirectory, basename(request.candidatePath));
  await rm(destination, { force: true });

  let source: string;
  const fromGit =
    topLevel === null
      ? 'unavailable'
      : await readGitBlob(topLevel, request.baseSha, repositoryPath, destination);
  if (fromGit === 'absent') {
    return { kind: 'absent', reason: `'${repositoryPath}' does not exist at the base commit ${shortSha}` };
  }
  if (fromGit === 'found') {
    source = 'git history';
  } else {
    request.logger.info(
      `The base commit ${shortSha} is not in the local history (fetch-depth 1?): reading '${repositoryPath}' through the GitHub API.`,
    );
    if ((await downloadThroughApi(request, repositoryPath, destination)) === 'absent') {
      return { kind: 'absent', reason: `'${repositoryPath}' does not exist at the base commit ${shortSha}` };
    }
    source = 'GitHub API';
  }

  const pointer = await readLfsPointer(destination);
  if (pointer !== null) {
    request.logger.info(
      `'${displayPath}' is a Git LFS pointer: downloading object ${pointer.oid.slice(0, 12)}.`,
    );
    try {
      await downloadLfsObject({
        serverUrl: request.serverUrl,
        owner: request.owner,
        repo: request.repo,
        token: request.token,
        pointer,
        destination,
      });
    } catch (error) {
      throw new ConfigurationError(
        `Cannot download the baseline '${displayPath}' from Git LFS: ${describeError(error)}. Set 'baseline-model' to a model file in the checkout.`,
      );
    }
    source += ' + Git LFS';
  }
  return { kind: 'found', path: destination, source, displayPath };
}
