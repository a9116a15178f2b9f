/**
 * The gate's check run, on the commit the pull request shows (pull_request.head.sha, not the merge commit in
 * GITHUB_SHA). Created completed, with the verdict line as its title and the report as its summary.
 */
import type { GitHubClient } from './github-client.js';
import { CHECK_RUN_SUMMARY_LIMIT, capMarkdown } from './markdown-limit.js';

export type CheckConclusion = 'success' | 'failure' | 'neutral';

export interface CheckRunRequest {
  owner: string;
  repo: string;
  name: string;
  headSha: string;
  conclusion: CheckConclusion;
  title: string;
  summary: string;
  detailsUrl: string | null;
  /** Shown where the summary had to be cut. */
  truncationPointer: string;
}

/** GitHub documents no limit on the title; keep it a line. */
const TITLE_LIMIT = 250;

export async function publishCheckRun(
  client: GitHubClient,
  request: CheckRunRequest,
): Promise<{ checkRunId: number; url: string }> {
  const title =
    request.title.length > TITLE_LIMIT ? `${request.title.slice(0, TITLE_LIMIT - 1)}…` : request.title;
  const { data } = await client.rest.checks.create({
    owner: request.owner,
    repo: request.repo,
    name: request.name,
    head_sha: request.headSha,
    status: 'completed',
    conclusion: request.conclusion,
    completed_at: new Date().toISOString(),
    ...(request.detailsUrl === null ? {} : { details_url: request.detailsUrl }),
    output: {
      title,
      summary: capMarkdown(request.summary, CHECK_RUN_SUMMARY_LIMIT, request.truncationPointer),
    },
  });
  return { checkRunId: data.id, url: data.html_url ?? '' };
}
