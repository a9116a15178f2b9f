/**
 * Reads a file as it was at a commit from the local git history (`git cat-file blob <sha>:<path>`), streamed to
 * a file so a large model never sits in memory. A checkout with fetch-depth 1 does not hold the base commit:
 * the caller then asks the GitHub API instead.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export type GitBlobResult =
  /** Written to the destination. */
  | 'found'
  /** The commit is in the history but the path is not in it. */
  | 'absent'
  /** No git, no repository, or the commit is not in the local history. */
  | 'unavailable';

interface GitOutcome {
  code: number | null;
  stdout: string;
}

function git(args: string[], cwd: string): Promise<GitOutcome> {
  return new Promise((resolve) => {
    let stdout = '';
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', () => resolve({ code: null, stdout: '' }));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

/** The repository's top-level folder containing `directory`, or null when it is not in a git work tree. */
export async function gitTopLevel(directory: string): Promise<string | null> {
  const outcome = await git(['rev-parse', '--show-toplevel'], directory);
  return outcome.code === 0 ? outcome.stdout.trim() : null;
}

/**
 * Writes `<sha>:<repositoryPath>` to `destination`.
 * @param repositoryPath path from the repository's top level, with forward slashes
 */
export async function readGitBlob(
  topLevel: string,
  sha: string,
  repositoryPath: string,
  destination: string,
): Promise<GitBlobResult> {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return 'unavailable';
  const commit = await git(['cat-file', '-e', `${sha}^{commit}`], topLevel);
  if (commit.code !== 0) return 'unavailable';
  const object = `${sha}:${repositoryPath}`;
  const exists = await git(['cat-file', '-e', object], topLevel);
  if (exists.code !== 0) return 'absent';

  const child = spawn('git', ['cat-file', 'blob', object], {
    cwd: topLevel,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await pipeline(child.stdout, createWriteStream(destination));
  const code = await exited;
  return code === 0 ? 'found' : 'unavailable';
}
