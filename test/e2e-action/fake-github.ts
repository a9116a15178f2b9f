/**
 * A fake GitHub for the action's tests: a node:http server on 127.0.0.1 (random port) standing in for the REST
 * API (GITHUB_API_URL), GraphQL, Git LFS, and the Actions artifact service (ACTIONS_RESULTS_URL: Twirp JSON plus
 * an Azure-blob-like store). Every REST request is validated against GitHub's OpenAPI description
 * (./openapi.ts) and every JSON answer against the response schema; failures are collected in `violations`,
 * which a test asserts empty. State is plain data the tests seed and inspect.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { matchOperation, sampleWith, type MatchedOperation } from './openapi.js';

export const FAKE_TOKEN = 'ghs_fakeTokenForModelGateTests0123456789';
export const OWNER = 'acme';
export const REPO = 'models';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** operationId for REST routes; 'graphql', 'twirp:<Method>', 'blob', 'lfs' otherwise. */
  operation: string;
  status: number;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status?: string;
  conclusion?: string;
  details_url?: string;
  output?: { title?: string; summary?: string };
}

export interface FakeIssueEvent {
  event: 'labeled' | 'unlabeled';
  label: string;
  login: string;
  createdAt: string;
}

export interface FakePull {
  number: number;
  headSha: string;
  headLabel: string;
  state: 'open' | 'closed';
  labels: string[];
}

export interface FakeArtifact {
  id: number;
  name: string;
  runId: number;
  blobKey: string;
  finalized: boolean;
}

type Plain = Record<string, unknown>;

function user(login: string, id: number): Plain {
  const isBot = login.endsWith('[bot]');
  return sampleWith('simple-user', {
    login,
    id,
    node_id: `U_${id}`,
    type: isBot ? 'Bot' : 'User',
    html_url: `https://github.com/${isBot ? 'apps/' : ''}${login.replace('[bot]', '')}`,
  });
}

function sha256(buffer: Buffer): string {
  return createHash('sha256').update(buffer).digest('hex');
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly comments: FakeComment[] = [];
  readonly checkRuns: FakeCheckRun[] = [];
  readonly issueEvents = new Map<number, FakeIssueEvent[]>();
  /** `${ref}:${path}` -> content, for the contents API. */
  readonly files = new Map<string, Buffer>();
  readonly pulls: FakePull[] = [];
  /** oid -> content, for the LFS batch API. */
  readonly lfsObjects = new Map<string, Buffer>();
  readonly artifacts: FakeArtifact[] = [];
  readonly blobs = new Map<string, Buffer>();
  /** Who GraphQL `viewer` says the token is. */
  viewerLogin = 'github-actions[bot]';
  /** Answer 403 "Resource not accessible by integration" to every REST write (a fork's read-only token). */
  forbidWrites = false;
  /** Answer GraphQL with an error (a token that may not ask who it is). */
  forbidGraphql = false;
  /** Run id given to uploaded artifacts. */
  artifactRunId = 1001;
  /** Failures to inject: the next `times` requests matching method and path get `status`. */
  readonly injectedFailures: Array<{
    method: string;
    path: RegExp;
    status: number;
    times: number;
    message?: string;
    headers?: Record<string, string>;
  }> = [];

  private server: Server | null = null;
  private nextId = 1000;
  private readonly blocks = new Map<string, Buffer>();
  url = '';

  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    fake.server = createServer((request, response) => {
      fake.handle(request, response).catch((error: unknown) => {
        fake.violations.push(`fake server error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });
    await new Promise<void>((resolve) => fake.server?.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `http://127.0.0.1:${port}`;
    return fake;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** A runtime token the artifact client accepts (a JWT whose scp claim names a run and a job). */
  static runtimeToken(): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const scp =
      'Actions.ExampleScope Actions.Results:ce7f54c7-61c7-4aae-887f-30da475f5f1a:ca395085-040a-526b-2ce8-bdc85f692774';
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ scp })}.signature`;
  }

  addComment(issueNumber: number, body: string, login: string): FakeComment {
    const comment: FakeComment = {
      id: this.id(),
      issueNumber,
      body,
      login,
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:00Z',
    };
    this.comments.push(comment);
    return comment;
  }

  addLabelEvent(issueNumber: number, event: FakeIssueEvent): void {
    const events = this.issueEvents.get(issueNumber) ?? [];
    events.push(event);
    this.issueEvents.set(issueNumber, events);
  }

  addLfsObject(content: Buffer): string {
    const oid = sha256(content);
    this.lfsObjects.set(oid, content);
    return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`;
  }

  /** REST requests that change something (comments, check runs). */
  writes(): RecordedRequest[] {
    return this.requests.filter(
      (request) =>
        request.operation !== 'graphql' &&
        !request.operation.startsWith('twirp:') &&
        request.operation !== 'blob' &&
        request.operation !== 'lfs' &&
        request.method !== 'GET',
    );
  }

  commentsOn(issueNumber: number): FakeComment[] {
    return this.comments.filter((comment) => comment.issueNumber === issueNumber);
  }

  private id(): number {
    this.nextId += 1;
    return this.nextId;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      operation: 'unknown',
      status: 0,
    };
    this.requests.push(record);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (body === undefined) {
        response.writeHead(status, headers);
        response.end();
      } else if (Buffer.isBuffer(body)) {
        response.writeHead(status, { 'content-type': 'application/octet-stream', ...headers });
        response.end(body);
      } else {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(JSON.stringify(body));
      }
    };

    const injected = this.injectedFailures.find(
      (failure) => failure.method === method && failure.path.test(url.pathname),
    );
    if (injected && injected.times > 0) {
      injected.times -= 1;
      record.operation = 'injected';
      send(
        injected.status,
        { message: injected.message ?? `Injected failure ${injected.status}` },
        injected.headers,
      );
      return;
    }

    if (url.pathname.startsWith('/twirp/')) return this.handleTwirp(request, url, raw, record, send);
    if (url.pathname.startsWith('/_blob/')) return this.handleBlob(method, url, raw, record, send);
    if (url.pathname.startsWith('/_lfs/')) {
      record.operation = 'lfs';
      const content = this.lfsObjects.get(url.pathname.slice('/_lfs/'.length));
      return content ? send(200, content) : send(404, { message: 'Not Found' });
    }
    if (url.pathname.endsWith('.git/info/lfs/objects/batch'))
      return this.handleLfsBatch(request, raw, record, send);

    // REST and GraphQL: the token must be ours.
    const authorization = request.headers.authorization ?? '';
    if (!/^(token|bearer) /i.test(authorization) || authorization.split(' ')[1] !== FAKE_TOKEN) {
      record.operation = 'unauthorized';
      return send(401, { message: 'Bad credentials' });
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
        return send(400, { message: 'Problems parsing JSON' });
      }
    }
    record.body = body;
    if (url.pathname === '/graphql' && method === 'POST') {
      record.operation = 'graphql';
      const query = (body as { query?: string } | undefined)?.query ?? '';
      if (this.forbidGraphql)
        return send(200, { errors: [{ message: 'Resource not accessible by integration' }] });
      if (!/viewer\s*\{\s*login\s*\}/.test(query)) {
        this.violations.push(`graphql: unexpected query ${query}`);
        return send(200, { errors: [{ message: 'unexpected query' }] });
      }
      return send(200, { data: { viewer: { login: this.viewerLogin } } });
    }

    const operation = matchOperation(method, url.pathname, url.searchParams, body);
    if (operation === null) {
      this.violations.push(`${method} ${url.pathname}: not a route of the OpenAPI subset`);
      return send(404, { message: 'Not Found' });
    }
    record.operation = operation.operationId;
    if (operation.problems.length > 0) {
      this.violations.push(
        `${method} ${url.pathname} (${operation.operationId}): ${operation.problems.join('; ')}`,
      );
      return send(422, { message: 'Validation Failed', errors: operation.problems });
    }
    if (this.forbidWrites && method !== 'GET') {
      return send(403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      });
    }
    const answer = this.answer(operation, body, url, request);
    if (answer.body !== undefined && !Buffer.isBuffer(answer.body)) {
      const validator = operation.responseValidator(answer.status);
      if (validator && !validator(answer.body)) {
        this.violations.push(
          `response of ${operation.operationId}: ${(validator.errors ?? []).map((error) => `${error.instancePath} ${error.message}`).join('; ')}`,
        );
      }
    }
    send(answer.status, answer.body, answer.headers);
  }

  private page<T>(items: T[], url: URL): { items: T[]; link: string | null } {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (number: number) => {
      const target = new URL(url);
      target.searchParams.set('page', String(number));
      return target.toString();
    };
    const links: string[] = [];
    if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      link: links.length > 0 ? links.join(', ') : null,
    };
  }

  private commentJson(comment: FakeComment): Plain {
    return sampleWith('issue-comment', {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      body: comment.body,
      user: user(comment.login, comment.login.length),
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: `https://api.github.com/repos/${OWNER}/${REPO}/issues/${comment.issueNumber}`,
      url: `https://api.github.com/repos/${OWNER}/${REPO}/issues/comments/${comment.id}`,
    });
  }

  private answer(
    operation: MatchedOperation,
    body: unknown,
    url: URL,
    request: IncomingMessage,
  ): { status: number; body?: unknown; headers?: Record<string, string> } {
    const parameters = operation.pathParameters;
    const now = new Date().toISOString();
    switch (operation.operationId) {
      case 'issues/list-comments': {
        const all = this.commentsOn(Number(parameters.issue_number));
        const { items, link } = this.page(all, url);
        return {
          status: 200,
          body: items.map((comment) => this.commentJson(comment)),
          headers: link ? { link } : {},
        };
      }
      case 'issues/create-comment': {
        const comment = this.addComment(
          Number(parameters.issue_number),
          (body as { body: string }).body,
          this.viewerLogin,
        );
        comment.createdAt = comment.updatedAt = now;
        return { status: 201, body: this.commentJson(comment) };
      }
      case 'issues/update-comment': {
        const comment = this.comments.find((entry) => entry.id === Number(parameters.comment_id));
        if (!comment) return { status: 404, body: { message: 'Not Found' } };
        if (comment.login !== this.viewerLogin) {
          this.violations.push(
            `edited comment ${comment.id} written by ${comment.login}, not ${this.viewerLogin}`,
          );
          return { status: 403, body: { message: 'Resource not accessible by integration' } };
        }
        comment.body = (body as { body: string }).body;
        comment.updatedAt = now;
        return { status: 200, body: this.commentJson(comment) };
      }
      case 'issues/list-events': {
        const events = (this.issueEvents.get(Number(parameters.issue_number)) ?? []).map((event, index) =>
          sampleWith(`${event.event}-issue-event`, {
            id: index + 1,
            node_id: `LE_${index + 1}`,
            event: event.event,
            actor: user(event.login, 7),
            created_at: event.createdAt,
            label: { name: event.label, color: 'ededed' },
          }),
        );
        const { items, link } = this.page(events, url);
        return { status: 200, body: items, headers: link ? { link } : {} };
      }
      case 'checks/create': {
        const run = { ...(body as Omit<FakeCheckRun, 'id'>), id: this.id() };
        this.checkRuns.push(run);
        return {
          status: 201,
          body: sampleWith('check-run', {
            id: run.id,
            node_id: `CR_${run.id}`,
            head_sha: run.head_sha,
            name: run.name,
            status: run.status ?? 'queued',
            conclusion: run.conclusion ?? 'neutral',
            html_url: `https://github.com/${OWNER}/${REPO}/runs/${run.id}`,
            output: {
              title: run.output?.title ?? null,
              summary: run.output?.summary ?? null,
              text: null,
              annotations_count: 0,
              annotations_url: 'https://api.github.com/annotations',
            },
          }),
        };
      }
      case 'repos/get-content': {
        const content = this.files.get(`${url.searchParams.get('ref') ?? 'HEAD'}:${parameters.path}`);
        if (!content) return { status: 404, body: { message: 'Not Found' } };
        if (/raw/.test(request.headers.accept ?? '')) {
          return { status: 200, body: content, headers: { 'content-type': 'application/vnd.github.raw' } };
        }
        return {
          status: 200,
          body: sampleWith('content-file', {
            type: 'file',
            encoding: 'base64',
            size: content.length,
            name: String(parameters.path).split('/').pop(),
            path: parameters.path,
            content: content.toString('base64'),
            sha: sha256(content).slice(0, 40),
          }),
        };
      }
      case 'pulls/list': {
        const head = url.searchParams.get('head');
        const state = url.searchParams.get('state') ?? 'open';
        const pulls = this.pulls.filter(
          (pull) => (state === 'all' || pull.state === state) && (head === null || pull.headLabel === head),
        );
        return {
          status: 200,
          body: pulls.map((pull) =>
            sampleWith('pull-request-simple', {
              number: pull.number,
              state: pull.state,
              head: { sha: pull.headSha, label: pull.headLabel, ref: pull.headLabel.split(':')[1] ?? 'main' },
              labels: pull.labels.map((name, index) => ({
                id: index + 1,
                node_id: `L_${index}`,
                url: 'https://github.example/l',
                name,
                description: '',
                color: 'ededed',
                default: false,
              })),
            }),
          ),
        };
      }
      case 'actions/list-workflow-run-artifacts': {
        const name = url.searchParams.get('name');
        const artifacts = this.artifacts.filter(
          (artifact) =>
            artifact.finalized &&
            artifact.runId === Number(parameters.run_id) &&
            (name === null || artifact.name === name),
        );
        return {
          status: 200,
          body: {
            total_count: artifacts.length,
            artifacts: artifacts.map((artifact) =>
              sampleWith('artifact', {
                id: artifact.id,
                node_id: `A_${artifact.id}`,
                name: artifact.name,
                size_in_bytes: this.blobs.get(artifact.blobKey)?.length ?? 0,
                expired: false,
                created_at: now,
              }),
            ),
          },
        };
      }
      case 'actions/download-artifact': {
        const artifact = this.artifacts.find((entry) => entry.id === Number(parameters.artifact_id));
        if (!artifact) return { status: 404, body: { message: 'Not Found' } };
        return {
          status: 302,
          headers: { location: `${this.url}/_blob/download/${artifact.blobKey}.zip?sig=fake` },
        };
      }
      default:
        this.violations.push(`no fake answer for ${operation.operationId}`);
        return { status: 501, body: { message: 'not implemented in the fake' } };
    }
  }

  private handleTwirp(
    request: IncomingMessage,
    url: URL,
    raw: Buffer,
    record: RecordedRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const method = url.pathname.split('/').pop() ?? '';
    record.operation = `twirp:${method}`;
    if (request.headers.authorization !== `Bearer ${FakeGitHub.runtimeToken()}`) {
      this.violations.push(`twirp ${method}: missing or wrong runtime token`);
      return send(401, { code: 'unauthenticated', msg: 'bad token' });
    }
    const body = JSON.parse(raw.toString('utf8')) as Plain;
    record.body = body;
    if (method === 'CreateArtifact') {
      const name = String(body.name);
      if (
        this.artifacts.some((artifact) => artifact.name === name && artifact.runId === this.artifactRunId)
      ) {
        return send(409, {
          code: 'already_exists',
          msg: 'an artifact with this name already exists on the workflow run',
        });
      }
      const artifact: FakeArtifact = {
        id: this.id(),
        name,
        runId: this.artifactRunId,
        blobKey: `b${this.id()}`,
        finalized: false,
      };
      this.artifacts.push(artifact);
      return send(200, {
        ok: true,
        signedUploadUrl: `${this.url}/_blob/upload/${artifact.blobKey}?sig=fakesig`,
      });
    }
    if (method === 'FinalizeArtifact') {
      const artifact = this.artifacts.find((entry) => entry.name === body.name && !entry.finalized);
      if (!artifact) return send(404, { code: 'not_found', msg: 'no artifact to finalize' });
      artifact.finalized = true;
      return send(200, { ok: true, artifactId: String(artifact.id) });
    }
    this.violations.push(`twirp: unexpected method ${method}`);
    return send(404, { code: 'bad_route', msg: method });
  }

  private handleBlob(
    method: string,
    url: URL,
    raw: Buffer,
    record: RecordedRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    record.operation = 'blob';
    const [, , kind, name = ''] = url.pathname.split('/');
    const key = name.replace(/\.zip$/, '');
    const azureHeaders = { 'x-ms-request-id': 'fake', 'x-ms-version': '2025-01-05', etag: '"0x1"' };
    if (kind === 'upload' && method === 'PUT') {
      const comp = url.searchParams.get('comp');
      if (comp === 'block') {
        this.blocks.set(`${key}:${url.searchParams.get('blockid')}`, raw);
        return send(201, undefined, azureHeaders);
      }
      if (comp === 'blocklist') {
        const ids = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)<\//g)].map(
          (match) => match[1],
        );
        this.blobs.set(
          key,
          Buffer.concat(ids.map((id) => this.blocks.get(`${key}:${id}`) ?? Buffer.alloc(0))),
        );
        return send(201, undefined, azureHeaders);
      }
      this.blobs.set(key, raw);
      return send(201, undefined, azureHeaders);
    }
    if (kind === 'download' && method === 'GET') {
      const content = this.blobs.get(key);
      if (!content) return send(404);
      return send(200, content, { 'content-type': 'application/zip' });
    }
    this.violations.push(`blob: unexpected ${method} ${url.pathname}`);
    return send(400);
  }

  private handleLfsBatch(
    request: IncomingMessage,
    raw: Buffer,
    record: RecordedRequest,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    record.operation = 'lfs';
    const expected = `Basic ${Buffer.from(`x-access-token:${FAKE_TOKEN}`).toString('base64')}`;
    if (request.headers.authorization !== expected) return send(401, { message: 'Credentials needed' });
    const body = JSON.parse(raw.toString('utf8')) as {
      operation: string;
      objects: Array<{ oid: string; size: number }>;
    };
    record.body = body;
    const objects = body.objects.map((object) =>
      this.lfsObjects.has(object.oid)
        ? {
            ...object,
            actions: {
              download: { href: `${this.url}/_lfs/${object.oid}`, header: { authorization: 'RemoteAuth x' } },
            },
          }
        : { ...object, error: { code: 404, message: 'Object does not exist' } },
    );
    return send(200, { transfer: 'basic', objects }, { 'content-type': 'application/vnd.git-lfs+json' });
  }
}
