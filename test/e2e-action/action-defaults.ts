/**
 * The inputs the runner passes: every input of action.yml with its default applied (the runner always sends
 * them all), then the workflow's `with:` values. Shared by the in-process tests and the bundle tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

import { FAKE_TOKEN } from './fake-github.js';

interface ActionManifest {
  inputs: Record<string, { default?: string; description: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

export const actionManifest = parse(
  readFileSync(fileURLToPath(new URL('../../action.yml', import.meta.url)), 'utf8'),
) as ActionManifest;

/** Input values by name, as the runner computes them: expressions evaluated against the test's context. */
export function actionInputs(withValues: Record<string, string>, workflowRunId = ''): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(actionManifest.inputs)) {
    const value = input.default ?? '';
    inputs[name] = value
      .replace('${{ github.token }}', FAKE_TOKEN)
      .replace('${{ github.event.workflow_run.id }}', workflowRunId);
  }
  for (const [name, value] of Object.entries(withValues)) {
    if (!(name in inputs)) throw new Error(`'${name}' is not an input of action.yml`);
    inputs[name] = value;
  }
  return inputs;
}

/** The same inputs as the runner's environment variables: INPUT_<NAME>, upper case, hyphens kept. */
export function inputEnvironment(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
}
