/**
 * The policy in force for one evaluation: the file named by --config (or `.github/model-gate.yml` under the
 * working directory when it exists, or the built-in defaults), merged with the command-line / action overrides
 * (DESIGN.md section 3.3: flags win over the file).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { mergePolicy, type OverrideNames, type PolicyOverrides } from '../gate/merge-policy.js';
import { parsePolicy } from '../gate/parse-policy.js';
import { defaultPolicy } from '../gate/policy-defaults.js';
import type { Policy } from '../gate/policy-schema.js';
import { resolveLocalFile } from '../sources/resolve-local-file.js';

export interface PolicyLocation {
  /** The file the user named, if any. */
  config: string | undefined;
  /** How messages name that option: '--config', or the action's input name. */
  configOption: string;
  /** Used when present and no file is named. */
  defaultPath: string;
  cwd: string;
}

/** The options that override the policy file, taken from the CLI's or the action's options. */
export function policyOverrides(options: {
  alpha?: string | number;
  correction?: string;
  inconclusive?: string;
  seed?: string | number;
  data?: string;
  label?: string;
  features?: readonly string[];
  slices?: readonly string[];
  candidate?: string;
  baseline?: string | null;
}): PolicyOverrides {
  return {
    alpha: options.alpha,
    correction: options.correction,
    inconclusive: options.inconclusive,
    seed: options.seed,
    data: options.data,
    label: options.label,
    features: options.features,
    slices: options.slices,
    candidate: options.candidate,
    baseline: options.baseline ?? undefined,
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function loadPolicy(
  location: PolicyLocation,
  overrides: PolicyOverrides,
  optionNames: Partial<OverrideNames> = {},
): Promise<Policy> {
  let reference = location.config;
  if (reference === undefined && (await isFile(join(location.cwd, location.defaultPath)))) {
    reference = location.defaultPath;
  }
  let filePolicy = defaultPolicy();
  if (reference !== undefined) {
    const file = await resolveLocalFile(reference, location.configOption, location.cwd);
    filePolicy = parsePolicy(await readFile(file.absolutePath, 'utf8'), file.displayPath);
  }
  return mergePolicy(filePolicy, overrides, optionNames);
}
