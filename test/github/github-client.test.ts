import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { describeApiFailure } from '../../src/github/api-failure.js';
import { createGitHubClient } from '../../src/github/github-client.js';
import { FAKE_TOKEN, FakeGitHub, OWNER, REPO } from '../e2e-action/fake-github.js';
import { recordingLogger } from './helpers.js';

describe('createGitHubClient', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });

  const listComments = (logger = recordingLogger()) =>
    createGitHubClient(FAKE_TOKEN, fake.url, logger).rest.issues.listComments({
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
    });

  it('retries a 5xx with back-off', async () => {
    fake.injectedFailures.push({ method: 'GET', path: /comments$/, status: 502, times: 1 });
    const response = await listComments();
    expect(response.status).toBe(200);
    expect(fake.requests.map((request) => request.status)).toEqual([502, 200]);
  });

  it('waits out a secondary rate limit and says so', async () => {
    fake.injectedFailures.push({
      method: 'GET',
      path: /comments$/,
      status: 403,
      times: 1,
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      headers: { 'retry-after': '1' },
    });
    const logger = recordingLogger();
    const response = await listComments(logger);
    expect(response.status).toBe(200);
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warning: GitHub secondary rate limit hit on GET .*; retrying in 1 s$/),
    ]);
  });

  it('does not retry a permission error, and the message names the permission', async () => {
    fake.injectedFailures.push({
      method: 'GET',
      path: /comments$/,
      status: 403,
      times: 1,
      message: 'Resource not accessible by integration',
    });
    const error = await listComments().catch((caught: unknown) => caught);
    expect(fake.requests).toHaveLength(1);
    const failure = describeApiFailure(error, 'read the comments', 'pull-requests: read');
    expect(failure.isPermission).toBe(true);
    expect(failure.message).toMatch(
      /^Could not read the comments: 403 Resource not accessible by integration.*'pull-requests: read'/,
    );
  });
});

describe('describeApiFailure', () => {
  it.each([
    [{ status: 401, message: 'Bad credentials' }, true, /token was rejected \(401 Bad credentials\)/],
    [{ status: 404, message: 'Not Found' }, true, /404 Not Found.*'checks: write'/],
    [{ status: 403, message: 'API rate limit exceeded' }, false, /GitHub rate limit/],
    [{ status: 500, message: 'boom' }, false, /^Could not do it: 500 boom$/],
    [new TypeError('fetch failed'), false, /^Could not do it: fetch failed$/],
  ])('%o', (error, isPermission, message) => {
    const failure = describeApiFailure(
      error instanceof Error ? error : Object.assign(new Error(error.message), { status: error.status }),
      'do it',
      'checks: write',
    );
    expect(failure.isPermission).toBe(isPermission);
    expect(failure.message).toMatch(message);
  });
});
