/** Workspaces for the action's tests: a git repository built commit by commit, and event payload files. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

export type FileChanges = Record<string, Buffer | string | null>;

export function writeFiles(root: string, files: FileChanges): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    if (content === null) {
      rmSync(target, { force: true });
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
}

/** Initialises a repository in `root` with one commit per entry of `commits`; returns their SHAs. */
export function createRepository(root: string, commits: FileChanges[]): string[] {
  mkdirSync(root, { recursive: true });
  git(root, 'init', '-q', '-b', 'main');
  return commits.map((files, index) => {
    writeFiles(root, files);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--allow-empty', '-m', `commit ${index}`);
    return git(root, 'rev-parse', 'HEAD');
  });
}

export type EventName =
  'pull_request' | 'pull_request-fork' | 'pull_request-labeled' | 'workflow_run' | 'push';

/** A payload is JSON that tests patch freely (a SHA here, a label there): typing it would only add casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventPayload = Record<string, any>;

/** A copy of a committed event payload (test/fixtures/github/events), to adjust before writing. */
export function loadEvent(name: EventName): EventPayload {
  const path = fileURLToPath(new URL(`../fixtures/github/events/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as EventPayload;
}

/** The GITHUB_EVENT_NAME the runner sets for a payload fixture. */
export function eventNameOf(name: EventName): string {
  return name.startsWith('pull_request') ? 'pull_request' : name;
}

export function fixturePath(relativePath: string): string {
  return fileURLToPath(new URL(`../fixtures/${relativePath}`, import.meta.url));
}
