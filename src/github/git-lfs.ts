/**
 * Git LFS: recognising a pointer file and downloading the object it points to through the LFS batch API
 * (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md), authenticated as actions/checkout does
 * (HTTP Basic, user `x-access-token`, the token as password). The object's SHA-256 and size are checked.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface LfsPointer {
  oid: string;
  size: number;
}

/** Pointer files are small text files; anything larger is content. */
export const LFS_POINTER_MAX_BYTES = 1024;

const POINTER_VERSION = 'version https://git-lfs.github.com/spec/v1';

/** Parses a pointer file's content; null when the bytes are not a pointer. */
export function parseLfsPointer(bytes: Uint8Array): LfsPointer | null {
  if (bytes.length > LFS_POINTER_MAX_BYTES) return null;
  const content = Buffer.from(bytes).toString('utf8');
  if (!content.startsWith(POINTER_VERSION)) return null;
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(content)?.[1];
  const size = /^size (\d+)$/m.exec(content)?.[1];
  if (oid === undefined || size === undefined) return null;
  return { oid, size: Number(size) };
}

/** Reads the start of a file and parses it as a pointer; null when it is not one. */
export async function readLfsPointer(path: string): Promise<LfsPointer | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(LFS_POINTER_MAX_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return parseLfsPointer(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

interface BatchResponse {
  objects?: Array<{
    oid: string;
    size: number;
    actions?: { download?: { href: string; header?: Record<string, string> } };
    error?: { code: number; message: string };
  }>;
}

export interface LfsDownloadRequest {
  /** GITHUB_SERVER_URL, e.g. https://github.com */
  serverUrl: string;
  owner: string;
  repo: string;
  token: string;
  pointer: LfsPointer;
  destination: string;
  fetch?: typeof fetch;
}

/** Downloads an LFS object to `destination`; throws an Error saying what failed. */
export async function downloadLfsObject(request: LfsDownloadRequest): Promise<void> {
  const fetchFunction = request.fetch ?? fetch;
  const endpoint = `${request.serverUrl}/${request.owner}/${request.repo}.git/info/lfs/objects/batch`;
  const batch = await fetchFunction(endpoint, {
    method: 'POST',
    headers: {
      accept: 'application/vnd.git-lfs+json',
      'content-type': 'application/vnd.git-lfs+json',
      authorization: `Basic ${Buffer.from(`x-access-token:${request.token}`).toString('base64')}`,
    },
    body: JSON.stringify({
      operation: 'download',
      transfers: ['basic'],
      objects: [{ oid: request.pointer.oid, size: request.pointer.size }],
    }),
  });
  if (!batch.ok) throw new Error(`Git LFS batch API answered ${batch.status} ${batch.statusText}`);
  const answer = (await batch.json()) as BatchResponse;
  const object = answer.objects?.find((entry) => entry.oid === request.pointer.oid);
  if (object?.error) throw new Error(`Git LFS: object ${request.pointer.oid}: ${object.error.message}`);
  const download = object?.actions?.download;
  if (!download) throw new Error(`Git LFS: no download link for object ${request.pointer.oid}`);

  const response = await fetchFunction(download.href, { headers: download.header ?? {} });
  if (!response.ok || response.body === null) {
    throw new Error(`Git LFS download answered ${response.status} ${response.statusText}`);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(
    Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
    measure,
    createWriteStream(request.destination),
  );
  const digest = hash.digest('hex');
  if (digest !== request.pointer.oid || bytes !== request.pointer.size) {
    throw new Error(
      `Git LFS: the downloaded object does not match its pointer (sha256 ${digest}, ${bytes} bytes; expected ${request.pointer.oid}, ${request.pointer.size} bytes)`,
    );
  }
}
