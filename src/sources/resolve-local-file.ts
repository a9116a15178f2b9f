/**
 * sources/: turn a reference the user wrote into a local file. Today: local paths, resolved against the
 * working directory. Later: git revisions, artifacts, URLs, s3:// gs:// az:// (DESIGN.md section 2).
 * Knows nothing about what the file contains.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';

import { ConfigurationError } from '../errors.js';

export interface LocalFile {
  /** The reference as the user wrote it: used in every message and in the report. */
  displayPath: string;
  /** Absolute path on this machine. */
  absolutePath: string;
  bytes: number;
}

const REMOTE_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Resolve `reference` (given for `what`, e.g. "--candidate") against `cwd` and check that it is a readable
 * regular file. Throws a ConfigurationError that names the option, the path and what is wrong.
 */
export async function resolveLocalFile(reference: string, what: string, cwd: string): Promise<LocalFile> {
  if (reference.trim() === '') {
    throw new ConfigurationError(`${what}: expected a file path, got an empty value`);
  }
  const scheme = REMOTE_SCHEME.exec(reference)?.[1];
  if (scheme !== undefined) {
    throw new ConfigurationError(
      `${what} '${reference}': ${scheme}:// locations are not supported yet; download the file first and pass a local path`,
      { file: reference },
    );
  }
  const absolutePath = isAbsolute(reference) ? reference : resolve(cwd, reference);
  let info;
  try {
    info = await stat(absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `file not found (looked for ${absolutePath})`
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot be read (${code ?? 'unknown error'})`;
    throw new ConfigurationError(`${what} '${reference}': ${reason}`, { file: reference });
  }
  if (!info.isFile()) {
    throw new ConfigurationError(
      `${what} '${reference}': expected a file, found a directory or special file`,
      {
        file: reference,
      },
    );
  }
  try {
    await access(absolutePath, constants.R_OK);
  } catch {
    throw new ConfigurationError(`${what} '${reference}': permission denied (the file is not readable)`, {
      file: reference,
    });
  }
  return { displayPath: reference, absolutePath, bytes: info.size };
}
