/** Shared helpers of the action's tests: a client for the fake GitHub and a logger that keeps lines. */
import { getOctokit } from '@actions/github';

import type { GitHubClient } from '../../src/github/github-client.js';
import type { Logger } from '../../src/logger.js';
import { FAKE_TOKEN, type FakeGitHub } from '../e2e-action/fake-github.js';

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function recordingLogger(): RecordingLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warning: (message) => lines.push(`warning: ${message}`),
    progress: () => {},
  };
}

/**
 * A plain client for the fake (no retry or throttling plugins: the throttling plugin spaces writes one second
 * apart across the whole process, which would make these tests slow; github-client.test.ts tests the plugins).
 */
export function clientFor(fake: FakeGitHub): GitHubClient {
  return getOctokit(FAKE_TOKEN, { baseUrl: fake.url });
}
