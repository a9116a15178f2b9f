/**
 * The override label: when it is on the pull request, a failing gate becomes an accepted pass that names who
 * added the label and when. Who and when come from the issue's events (GET /repos/{o}/{r}/issues/{n}/events,
 * every page): the last `labeled` event for that label, provided no `unlabeled` event came after it.
 */
import { describeError } from '../errors.js';
import type { GitHubClient } from './github-client.js';

export interface OverrideAcceptance {
  label: string;
  /** Login of who added the label; null when the events could not be read. */
  login: string | null;
  /** ISO time the label was added; null when unknown. */
  at: string | null;
}

interface IssueEvent {
  event: string;
  created_at: string;
  actor: { login: string } | null;
  label?: { name: string };
}

/**
 * Returns the acceptance when the label is currently on the pull request, else null.
 * `labelsAtEvent` (from the payload) is the fallback when the events cannot be read.
 */
export async function findOverride(
  client: GitHubClient,
  target: { owner: string; repo: string; issueNumber: number },
  label: string,
  labelsAtEvent: readonly string[],
  onNotice: (message: string) => void,
): Promise<OverrideAcceptance | null> {
  let last: IssueEvent | null = null;
  try {
    for await (const page of client.paginate.iterator(client.rest.issues.listEvents, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
    })) {
      for (const event of page.data as IssueEvent[]) {
        if ((event.event === 'labeled' || event.event === 'unlabeled') && event.label?.name === label)
          last = event;
      }
    }
  } catch (error) {
    if (!labelsAtEvent.includes(label)) return null;
    onNotice(
      `The label '${label}' is on the pull request, but its events could not be read to say who added it (${describeError(error)}); the job needs 'issues: read' or 'pull-requests: read'.`,
    );
    return { label, login: null, at: null };
  }
  if (last === null || last.event !== 'labeled') return null;
  return { label, login: last.actor?.login ?? null, at: last.created_at };
}
