import { describe, expect, it } from 'vitest';

import { ConfigurationError } from '../../src/errors.js';
import { isFork, readEventContext, runUrl } from '../../src/github/event-context.js';
import { loadEvent, type EventName } from '../e2e-action/workspace.js';

function contextOf(name: EventName, env: Record<string, string> = {}) {
  const payload = JSON.stringify(loadEvent(name));
  return readEventContext(
    {
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_EVENT_NAME: name.startsWith('pull_request') ? 'pull_request' : name,
      GITHUB_EVENT_PATH: '/event.json',
      GITHUB_RUN_ID: '2002',
      GITHUB_WORKFLOW_REF: 'acme/models/.github/workflows/gate.yml@refs/pull/7/merge',
      ...env,
    },
    () => payload,
  );
}

describe('readEventContext', () => {
  it('reads a pull request: head (not the merge commit), base, labels, fork or not', () => {
    const context = contextOf('pull_request-labeled');
    expect(context.pullRequest).toEqual({
      number: 7,
      headSha: '1'.repeat(40),
      baseSha: '2'.repeat(40),
      headRepositoryFullName: 'acme/models',
      baseRepositoryFullName: 'acme/models',
      labels: ['model-gate/accept-regression'],
    });
    expect(isFork(context.pullRequest!)).toBe(false);
    expect(isFork(contextOf('pull_request-fork').pullRequest!)).toBe(true);
    expect(context.workflowFile).toBe('.github/workflows/gate.yml');
    expect(context.apiUrl).toBe('https://api.github.com');
    expect(runUrl(context)).toBe('https://github.com/acme/models/actions/runs/2002');
  });

  it('reads a workflow_run: the run, its head and where the head branch lives', () => {
    expect(contextOf('workflow_run').workflowRun).toEqual({
      id: 1001,
      event: 'pull_request',
      headSha: '3'.repeat(40),
      headBranch: 'better-model',
      headOwner: 'mallory',
      pullRequests: [],
    });
  });

  it("reads a push's previous commit", () => {
    expect(contextOf('push').pushBefore).toBe('2'.repeat(40));
  });

  it('honours GITHUB_API_URL and GITHUB_SERVER_URL (GHES), without a trailing slash', () => {
    const context = contextOf('push', {
      GITHUB_API_URL: 'https://ghe.example/api/v3/',
      GITHUB_SERVER_URL: 'https://ghe.example/',
    });
    expect(context.apiUrl).toBe('https://ghe.example/api/v3');
    expect(context.graphqlUrl).toBe('https://ghe.example/api/v3/graphql');
    expect(context.serverUrl).toBe('https://ghe.example');
  });

  it('explains a context that is not GitHub Actions', () => {
    expect(() => readEventContext({}, () => '{}')).toThrow(ConfigurationError);
    expect(() =>
      readEventContext({ GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_PATH: '/x' }, () => 'not json'),
    ).toThrow("The event payload GITHUB_EVENT_PATH='/x' is not valid JSON");
  });
});
