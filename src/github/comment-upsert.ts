/**
 * One comment per pull request and gate: found by a hidden marker `<!-- model-gate:NAME -->` among the comments
 * written by our own identity, updated in place when found, created otherwise. Every page of comments is read
 * (100 per page), so a long thread never makes a duplicate. A comment by anyone else is never edited, even when
 * it carries the marker (someone quoting our comment, or another bot).
 */
import type { GitHubClient } from './github-client.js';

export interface CommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export interface UpsertResult {
  commentId: number;
  url: string;
  action: 'created' | 'updated';
}

export function commentMarker(gateName: string): string {
  return `<!-- model-gate:${gateName} -->`;
}

interface ListedComment {
  id: number;
  body?: string | null;
  user: { login: string } | null;
}

/** All comments of the issue carrying the gate's marker, oldest first, with their authors. */
export async function findMarkedComments(
  client: GitHubClient,
  target: CommentTarget,
  gateName: string,
): Promise<ListedComment[]> {
  const marker = commentMarker(gateName);
  const marked: ListedComment[] = [];
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    per_page: 100,
  })) {
    for (const comment of page.data) {
      if (comment.body?.includes(marker)) marked.push(comment);
    }
  }
  return marked;
}

/**
 * Creates or updates the gate's comment. `body` must start with the marker (see `commentMarker`).
 * `resolveIdentity` is called only when a marked comment exists, so a first run spends no call on it.
 */
export async function upsertComment(
  client: GitHubClient,
  target: CommentTarget,
  gateName: string,
  body: string,
  resolveIdentity: () => Promise<string>,
  onNotice: (message: string) => void,
): Promise<UpsertResult> {
  const marked = await findMarkedComments(client, target, gateName);
  if (marked.length > 0) {
    const identity = await resolveIdentity();
    const own = marked.filter((comment) => comment.user?.login === identity);
    const foreign = marked.length - own.length;
    if (foreign > 0) {
      onNotice(
        `${foreign} comment(s) carry the marker of gate '${gateName}' but were written by someone other than ${identity}: left alone.`,
      );
    }
    const [existing] = own;
    if (existing) {
      if (own.length > 1)
        onNotice(`${own.length} comments of gate '${gateName}' exist; updating the oldest.`);
      const { data } = await client.rest.issues.updateComment({
        owner: target.owner,
        repo: target.repo,
        comment_id: existing.id,
        body,
      });
      return { commentId: data.id, url: data.html_url, action: 'updated' };
    }
  }
  const { data } = await client.rest.issues.createComment({
    owner: target.owner,
    repo: target.repo,
    issue_number: target.issueNumber,
    body,
  });
  return { commentId: data.id, url: data.html_url, action: 'created' };
}
