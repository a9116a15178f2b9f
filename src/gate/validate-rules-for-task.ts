/**
 * The rules of a policy for the task the models turned out to be (known only after they are inspected):
 * checks that every rule in `gate.rules` names a metric of that task, then resolves the rules to evaluate.
 *
 * Resolution, per metric of the task (in METRIC_NAMES order):
 * 1. start from the task's default rule (policy-defaults.ts) when `gate.default_rules` is true;
 * 2. apply `gate.rules.<metric>`, then `gate.rules.<task>.<metric>` (the more specific wins, key by key);
 *    `false` removes the metric; a key a rule leaves out comes from the default rule, except `blocking`:
 *    a rule written in the file blocks unless it says `blocking: false`.
 * Rules under another task's key (`gate.rules.regression` for a binary model) are ignored: that is what
 * they are for.
 */
import { ConfigurationError } from '../errors.js';
import { HIGHER_IS_BETTER, METRIC_NAMES, type Task } from '../report/types.js';
import { POLICY_DEFAULTS, type DefaultRule } from './policy-defaults.js';
import { TASKS, type Policy, type RuleSetting, type RuleSettings } from './policy-schema.js';
import type { Tolerance } from './policy-values.js';

export interface ResolvedRule {
  readonly metric: string;
  readonly tolerance: Tolerance;
  /** false: reported, never fails the gate. */
  readonly blocking: boolean;
  readonly higherIsBetter: boolean;
  /** 'policy' when the policy file set or changed the rule, 'default' otherwise. */
  readonly source: 'default' | 'policy';
  /** Line of the most specific rule in the policy file, or null. */
  readonly line: number | null;
}

export function validateRulesForTask(policy: Policy, task: Task, displayPath: string): ResolvedRule[] {
  const metrics = METRIC_NAMES[task];
  const lines = policy.source.lines;
  const misplaced = Object.keys(policy.gate.rules).filter((metric) => !metrics.includes(metric));
  if (misplaced.length > 0) {
    const messages = misplaced.map((metric) => {
      const keyPath = `gate.rules.${metric}`;
      const owners = TASKS.filter((other) => METRIC_NAMES[other].includes(metric));
      const line = lines.get(keyPath);
      return (
        `${displayPath}${line === undefined ? '' : `:${line}`}: ${keyPath}: ${JSON.stringify(metric)} is not a ` +
        `metric of ${task} models, and the models are ${task}; ${task} metrics: ${metrics.join(', ')}` +
        (owners.length > 0
          ? `; put rules meant for ${owners.join(' or ')} models under gate.rules.${owners[0]}`
          : '')
      );
    });
    const first = misplaced[0] ?? '';
    const firstLine = lines.get(`gate.rules.${first}`);
    throw new ConfigurationError(messages.join('\n'), {
      file: displayPath,
      ...(firstLine === undefined ? {} : { line: firstLine }),
      column: `gate.rules.${first}`,
    });
  }

  const defaults: Readonly<Record<string, DefaultRule>> = POLICY_DEFAULTS.rules[task];
  const taskRules = policy.gate.taskRules[task] ?? {};
  const resolved: ResolvedRule[] = [];
  for (const metric of metrics) {
    const fallback = defaults[metric];
    if (fallback === undefined) continue;
    const common: RuleSetting | undefined = policy.gate.rules[metric];
    const specific: RuleSetting | undefined = taskRules[metric];
    const written = [common, specific].filter((setting) => setting !== undefined);
    const enabled = specific?.enabled ?? common?.enabled ?? policy.gate.defaultRules;
    if (!enabled) continue;
    const line =
      (specific === undefined ? undefined : lines.get(`gate.rules.${task}.${metric}`)) ??
      (common === undefined ? undefined : lines.get(`gate.rules.${metric}`));
    resolved.push({
      metric,
      tolerance: specific?.tolerance ?? common?.tolerance ?? fallback.tolerance,
      blocking: written.length > 0 ? (specific?.blocking ?? common?.blocking ?? true) : fallback.blocking,
      higherIsBetter: HIGHER_IS_BETTER[metric] ?? true,
      source: written.length > 0 ? 'policy' : 'default',
      line: line ?? null,
    });
  }
  if (resolved.length === 0) {
    throw new ConfigurationError(
      `${displayPath}: no rule is left for ${task} models (gate.default_rules is false and no rule in ` +
        `gate.rules applies to them, or all are false); add one, e.g. ${metrics[0] ?? 'accuracy'}: { tolerance: 0.005 }`,
      { file: displayPath },
    );
  }
  return resolved;
}

/**
 * The rules that apply to each slice (gate.slices.rules on top of the global rules, same syntax). A metric
 * of another task under gate.slices.rules is an error naming its own key and line.
 */
export function sliceRulesForTask(policy: Policy, task: Task, displayPath: string): ResolvedRule[] {
  const metrics = METRIC_NAMES[task];
  const { slices } = policy.gate;
  const misplaced = Object.keys(slices.rules).find((metric) => !metrics.includes(metric));
  if (misplaced !== undefined) {
    const keyPath = `gate.slices.rules.${misplaced}`;
    const line = policy.source.lines.get(keyPath);
    throw new ConfigurationError(
      `${displayPath}${line === undefined ? '' : `:${line}`}: ${keyPath}: ${JSON.stringify(misplaced)} is not a ` +
        `metric of ${task} models, and the models are ${task}; ${task} metrics: ${metrics.join(', ')}`,
      { file: displayPath, ...(line === undefined ? {} : { line }), column: keyPath },
    );
  }
  const taskRules: Partial<Record<Task, RuleSettings>> = { ...policy.gate.taskRules };
  taskRules[task] = { ...policy.gate.taskRules[task], ...slices.taskRules[task] };
  const merged: Policy = {
    ...policy,
    gate: { ...policy.gate, rules: { ...policy.gate.rules, ...slices.rules }, taskRules },
  };
  return validateRulesForTask(merged, task, displayPath);
}
