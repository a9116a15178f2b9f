/**
 * dist/ is committed (the runner runs it as is): it must be what scripts/build-dist.mjs makes from the current
 * sources and lockfile, byte for byte. Fails with the list of stale files; fix with `npm run build:dist`.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

describe('dist/', () => {
  it('matches the sources (npm run build:dist)', async () => {
    const result = await promisify(execFile)(process.execPath, ['scripts/build-dist.mjs', '--check'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('dist/ matches the sources.\n');
  });
});
