import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FAKE_TOKEN, FakeGitHub, OWNER, REPO } from './fake-github.js';
import { subset } from './openapi.js';

describe('the fake GitHub', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    await fake.close();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `token ${FAKE_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("validates request bodies against GitHub's OpenAPI description, as GitHub would", async () => {
    const response = await call('POST', `/repos/${OWNER}/${REPO}/check-runs`, {
      name: 'x',
      head_sha: 'y',
      conclusion: 'passed',
    });
    expect(response.status).toBe(422);
    expect(fake.violations).toEqual([
      expect.stringMatching(/checks\/create\): body\/conclusion must be equal to one of the allowed values/),
    ]);
    expect(fake.checkRuns).toEqual([]);
  });

  it('rejects unknown query parameters and mistyped ones', async () => {
    await call('GET', `/repos/${OWNER}/${REPO}/issues/1/comments?perpage=100`);
    await call('GET', `/repos/${OWNER}/${REPO}/issues/1/comments?page=second`);
    expect(fake.violations).toEqual([
      expect.stringMatching(/must NOT have additional properties.*perpage/),
      expect.stringMatching(/query\/page must be integer/),
    ]);
  });

  it('answers 401 without the token', async () => {
    const response = await fetch(`${fake.url}/repos/${OWNER}/${REPO}/issues/1/comments`);
    expect(response.status).toBe(401);
  });

  it('keeps its own answers valid against the response schemas', async () => {
    fake.addComment(1, 'hello', 'alice');
    fake.addLabelEvent(1, { event: 'labeled', label: 'x', login: 'bob', createdAt: '2024-01-01T00:00:00Z' });
    fake.pulls.push({ number: 1, headSha: 'a', headLabel: 'o:b', state: 'open', labels: ['x'] });
    await call('GET', `/repos/${OWNER}/${REPO}/issues/1/comments`);
    await call('GET', `/repos/${OWNER}/${REPO}/issues/1/events`);
    await call('GET', `/repos/${OWNER}/${REPO}/pulls?state=open&head=o:b`);
    await call('POST', `/repos/${OWNER}/${REPO}/check-runs`, {
      name: 'n',
      head_sha: 'a',
      conclusion: 'success',
      output: { title: 't', summary: 's' },
    });
    expect(fake.violations).toEqual([]);
    expect(fake.requests.map((request) => request.status)).toEqual([200, 200, 200, 201]);
  });

  it('was extracted from a pinned @octokit/openapi', () => {
    expect(subset.source).toMatchObject({
      package: '@octokit/openapi',
      file: 'generated/api.github.com.json',
    });
  });
});
