import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { commentMarker, findMarkedComments, upsertComment } from '../../src/github/comment-upsert.js';
import { FakeGitHub, OWNER, REPO } from '../e2e-action/fake-github.js';
import { clientFor } from './helpers.js';

const target = { owner: OWNER, repo: REPO, issueNumber: 7 };
const ourselves = async () => 'github-actions[bot]';

describe('upsertComment', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
  });
  afterEach(async () => {
    expect(fake.violations).toEqual([]);
    await fake.close();
  });

  it('creates the comment on the first run and updates it in place on the next', async () => {
    const client = clientFor(fake);
    const notices: string[] = [];
    const first = await upsertComment(
      client,
      target,
      'model-gate',
      `${commentMarker('model-gate')}\none`,
      ourselves,
      (m) => notices.push(m),
    );
    expect(first.action).toBe('created');
    const second = await upsertComment(
      client,
      target,
      'model-gate',
      `${commentMarker('model-gate')}\ntwo`,
      ourselves,
      (m) => notices.push(m),
    );
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId });
    expect(fake.commentsOn(7)).toHaveLength(1);
    expect(fake.commentsOn(7)[0]?.body).toContain('two');
    expect(notices).toEqual([]);
  });

  it('reads every page of a long thread (100 per page) before deciding to create', async () => {
    for (let index = 0; index < 230; index += 1) fake.addComment(7, `chatter ${index}`, 'someone');
    fake.addComment(7, `${commentMarker('model-gate')}\nold report`, 'github-actions[bot]');
    const client = clientFor(fake);
    const result = await upsertComment(
      client,
      target,
      'model-gate',
      `${commentMarker('model-gate')}\nnew`,
      ourselves,
      () => {},
    );
    expect(result.action).toBe('updated');
    const listCalls = fake.requests.filter((request) => request.operation === 'issues/list-comments');
    expect(listCalls.map((request) => request.query.per_page)).toEqual(['100', '100', '100']);
    expect(fake.commentsOn(7)).toHaveLength(231);
  });

  it('never edits a comment someone else wrote, even with the marker', async () => {
    const quoted = fake.addComment(7, `> ${commentMarker('model-gate')}\n> quoting the bot`, 'alice');
    const notices: string[] = [];
    let identityCalls = 0;
    const result = await upsertComment(
      clientFor(fake),
      target,
      'model-gate',
      `${commentMarker('model-gate')}\nreport`,
      async () => {
        identityCalls += 1;
        return 'github-actions[bot]';
      },
      (m) => notices.push(m),
    );
    expect(result.action).toBe('created');
    expect(fake.comments.find((comment) => comment.id === quoted.id)?.body).toContain('quoting the bot');
    expect(identityCalls).toBe(1);
    expect(notices.join('\n')).toMatch(/1 comment\(s\) carry the marker .* left alone/);
  });

  it('keeps one comment per gate name', async () => {
    const client = clientFor(fake);
    await upsertComment(client, target, 'accuracy', `${commentMarker('accuracy')}\na`, ourselves, () => {});
    await upsertComment(client, target, 'latency', `${commentMarker('latency')}\nb`, ourselves, () => {});
    await upsertComment(client, target, 'accuracy', `${commentMarker('accuracy')}\nc`, ourselves, () => {});
    expect(fake.commentsOn(7).map((comment) => comment.body)).toEqual([
      `${commentMarker('accuracy')}\nc`,
      `${commentMarker('latency')}\nb`,
    ]);
    // A gate whose name is a prefix of another's does not match it.
    expect(await findMarkedComments(client, target, 'accurac')).toEqual([]);
  });

  it('resolves the identity only when a marked comment exists', async () => {
    let identityCalls = 0;
    await upsertComment(
      clientFor(fake),
      target,
      'model-gate',
      `${commentMarker('model-gate')}\nx`,
      async () => {
        identityCalls += 1;
        return 'github-actions[bot]';
      },
      () => {},
    );
    expect(identityCalls).toBe(0);
  });
});
