/**
 * The policy file's schema (DESIGN.md section 3.3; reference: docs/policy.md) and the types of a parsed
 * policy. Every mapping is strict (an unknown key is an error, never ignored); every leaf is checked by the
 * parsers of policy-values.ts, which the command-line overrides share. Turning zod's issues into messages
 * that name the file, line and key is parse-policy.ts's job.
 *
 * ```yaml
 * version: 1                 # optional; the only version so far
 * data: { path, label, features, slices }
 * models: { candidate, baseline }
 * gate:
 *   alpha: 0.05
 *   correction: holm         # holm | none
 *   inconclusive: warn       # warn | fail | pass
 *   seed: 1
 *   default_rules: true      # start from the task's default rules (policy-defaults.ts)
 *   rules:                   # metric -> rule, for whatever task the models turn out to be
 *     accuracy: { tolerance: 0.005, blocking: true }
 *     log_loss: "2%"         # shorthand for { tolerance: "2%" }
 *     mape: false            # do not evaluate
 *     regression:            # rules that apply only to that task
 *       mae: { tolerance: "2%" }
 * ```
 */
import * as z from 'zod';
import { METRIC_NAMES, type Task } from '../report/types.js';
import {
  parseAlpha,
  parseChoice,
  parseColumnName,
  parseReference,
  parseMinimumSize,
  parsePsiMax,
  parseWarmup,
  parseSeed,
  parseTolerance,
  parseVersion,
  type Parsed,
  type Tolerance,
} from './policy-values.js';

export const TASKS: readonly Task[] = ['binary', 'multiclass', 'regression'];
export const CORRECTIONS = ['holm', 'none'] as const;
export const INCONCLUSIVE_ACTIONS = ['warn', 'fail', 'pass'] as const;
export type Correction = (typeof CORRECTIONS)[number];
export type InconclusiveAction = (typeof INCONCLUSIVE_ACTIONS)[number];

/** Every metric of every task, in display order, each once. */
export const ALL_METRICS: readonly string[] = [...new Set(TASKS.flatMap((task) => METRIC_NAMES[task]))];

/** Other spellings of metric names, for "did you mean" (keys are lower case with '_' for '-' and ' '). */
export const METRIC_ALIASES: Readonly<Record<string, string>> = {
  acc: 'accuracy',
  auc: 'roc_auc',
  rocauc: 'roc_auc',
  auroc: 'roc_auc',
  logloss: 'log_loss',
  cross_entropy: 'log_loss',
  brier: 'brier_score',
  f1: 'f1_macro',
  precision: 'precision_macro',
  recall: 'recall_macro',
  r2_score: 'r2',
  mean_absolute_error: 'mae',
  mean_squared_error: 'mse',
  root_mean_squared_error: 'rmse',
};

/** One rule as the file states it; what the file leaves out comes from the task's defaults. */
export interface RuleSetting {
  /** false: the metric is not evaluated (`accuracy: false`). */
  readonly enabled: boolean;
  readonly tolerance?: Tolerance;
  /** false: the comparison is reported but never fails the gate. */
  readonly blocking?: boolean;
}

export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** Where the policy came from: its display path and the line of every key path it contains. */
export interface PolicySource {
  /** The file as the user named it; null for the built-in defaults. */
  readonly path: string | null;
  /** Key path (`gate.rules.accuracy.tolerance`, `data.features[1]`) -> 1-based line of its key or item. */
  readonly lines: ReadonlyMap<string, number>;
}

/** A parsed policy with every default applied, except the rules, which depend on the task. */
export interface Policy {
  readonly data: {
    readonly path?: string;
    readonly label: string;
    /** Absent: every column except the label and slice columns (DESIGN.md section 3.1). */
    readonly features?: readonly string[];
    readonly slices: readonly string[];
  };
  readonly models: { readonly candidate?: string; readonly baseline?: string };
  readonly gate: {
    readonly alpha: number;
    readonly correction: Correction;
    readonly inconclusive: InconclusiveAction;
    readonly seed: number;
    /** Start from the task's default rules (true) or from none (false). */
    readonly defaultRules: boolean;
    /** gate.rules.<metric>: for whatever task the models turn out to be. */
    readonly rules: RuleSettings;
    /** gate.rules.<task>.<metric>: only for that task; they win over `rules`. */
    readonly taskRules: Readonly<Partial<Record<Task, RuleSettings>>>;
    /**
     * gate.slices: slices smaller than minSize are neither tested nor shown; slice rules are the global rules
     * with these on top (same syntax as gate.rules).
     */
    /**
     * gate.drift: PSI limits (with --reference); none by default: drift is reported, never gated. A feature
     * set to null is not gated.
     */
    readonly drift: {
      readonly allFeatures?: PsiRuleSetting;
      readonly features: Readonly<Record<string, PsiRuleSetting | null>>;
      readonly prediction?: PsiRuleSetting;
    };
    /** gate.latency: timed batches skipped first, and rules on latency (none by default: report-only). */
    readonly latency: {
      readonly warmup: number;
      readonly rules: Readonly<Partial<Record<(typeof LATENCY_RULE_KEYS)[number], LatencyRuleSetting>>>;
    };
    readonly slices: {
      readonly minSize: number;
      readonly rules: RuleSettings;
      readonly taskRules: Readonly<Partial<Record<Task, RuleSettings>>>;
    };
  };
  readonly source: PolicySource;
}

/** A transform that checks its input with one of the shared value parsers; a problem becomes an issue. */
function checkedWith<T>(parse: (value: unknown) => Parsed<T>) {
  return (value: unknown, context: z.core.$RefinementCtx): T => {
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    const { rule, got, hint } = parsed.problem;
    context.addIssue({ code: 'custom', message: `${rule}, got ${got}${hint}`, input: value });
    return z.NEVER;
  };
}

/** A leaf value checked by one of the shared value parsers. */
function leaf<T>(parse: (value: unknown) => Parsed<T>) {
  return z.unknown().transform(checkedWith(parse));
}

/** A strict mapping; an empty section (`gate:` with nothing under it) counts as an empty mapping. */
function section<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.preprocess((value) => (value === null ? {} : value), z.strictObject(shape));
}

const RULE_FORMS =
  'expected a rule like { tolerance: 0.005, blocking: true }, a tolerance (0.005 or "2%"), true or false';

function ruleSchema(metric: string): z.ZodType<RuleSetting> {
  const checkTolerance = checkedWith((value) => parseTolerance(value, metric));
  return z.union(
    [
      z.boolean().transform((enabled): RuleSetting => ({ enabled })),
      z
        .strictObject({
          tolerance: z.unknown().transform(checkTolerance).optional(),
          blocking: z.boolean().optional(),
        })
        .transform((rule): RuleSetting => ({ enabled: true, ...rule })),
      z
        // Every number (NaN and infinities too, so they get the tolerance's message) or text.
        .union([
          z.number(),
          z.nan(),
          z.literal([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]),
          z.string(),
        ])
        .transform(checkTolerance)
        .transform((value): RuleSetting => ({ enabled: true, tolerance: value })),
    ],
    { error: RULE_FORMS },
  );
}

function ruleSetSchema(metrics: readonly string[]) {
  return section(Object.fromEntries(metrics.map((metric) => [metric, ruleSchema(metric).optional()])));
}

const rulesSchema = section({
  ...Object.fromEntries(ALL_METRICS.map((metric) => [metric, ruleSchema(metric).optional()])),
  ...Object.fromEntries(TASKS.map((task) => [task, ruleSetSchema(METRIC_NAMES[task]).optional()])),
}).transform((entries) => {
  const rules: Record<string, RuleSetting> = {};
  const taskRules: Partial<Record<Task, RuleSettings>> = {};
  for (const [key, value] of Object.entries(entries)) {
    const task = TASKS.find((name) => name === key);
    if (value === undefined) continue;
    if (task !== undefined && !isRuleSetting(value)) taskRules[task] = withoutGaps(value);
    else if (isRuleSetting(value)) rules[key] = value;
  }
  return { rules, taskRules };
});

function isRuleSetting(value: object): value is RuleSetting {
  return 'enabled' in value && typeof value.enabled === 'boolean';
}

function withoutGaps(settings: Readonly<Record<string, RuleSetting | undefined>>): RuleSettings {
  const result: Record<string, RuleSetting> = {};
  for (const [metric, setting] of Object.entries(settings))
    if (setting !== undefined) result[metric] = setting;
  return result;
}

const columnList = z.array(leaf(parseColumnName));

/** The latency statistics a rule can name (gate/latency-comparisons.ts LATENCY_STATISTICS; a test keeps them equal). */
export const LATENCY_RULE_KEYS = ['p50', 'p95', 'p99', 'geomean'] as const;

export interface LatencyRuleSetting {
  readonly tolerance: Tolerance;
  readonly blocking: boolean;
}

export interface PsiRuleSetting {
  readonly max: number;
  readonly blocking: boolean;
}

const psiRuleSchema = z
  .strictObject({ psi_max: leaf(parsePsiMax), blocking: z.boolean().optional() })
  .transform((rule): PsiRuleSetting => ({ max: rule.psi_max, blocking: rule.blocking ?? false }));

const checkLatencyTolerance = checkedWith((value) => parseTolerance(value));
const latencyRuleSchema = z.union(
  [
    z
      .strictObject({
        tolerance: z.unknown().transform(checkLatencyTolerance),
        blocking: z.boolean().optional(),
      })
      .transform((rule): LatencyRuleSetting => ({
        tolerance: rule.tolerance,
        blocking: rule.blocking ?? false,
      })),
    z
      .union([z.number(), z.string()])
      .transform(checkLatencyTolerance)
      .transform((tolerance): LatencyRuleSetting => ({ tolerance, blocking: false })),
  ],
  { error: 'expected a rule like { tolerance: "20%", blocking: false } or a tolerance ("20%")' },
);

export const policySchema = section({
  version: leaf(parseVersion).optional(),
  data: section({
    path: leaf(parseReference).optional(),
    label: leaf(parseColumnName).optional(),
    features: columnList.optional(),
    slices: columnList.optional(),
  })
    .superRefine((data, context) => {
      checkColumnList(data.features, 'features', context);
      checkColumnList(data.slices, 'slices', context);
      const label = data.label ?? 'label'; // POLICY_DEFAULTS.label (not imported: the defaults import this file)
      const index = data.features?.indexOf(label) ?? -1;
      if (index >= 0) {
        context.addIssue({
          code: 'custom',
          path: ['features', index],
          message: `${JSON.stringify(label)} is the label column; a model must not see its label`,
        });
      }
    })
    .optional(),
  models: section({
    candidate: leaf(parseReference).optional(),
    baseline: leaf(parseReference).optional(),
  }).optional(),
  gate: section({
    alpha: leaf(parseAlpha).optional(),
    correction: leaf((value) => parseChoice(value, CORRECTIONS)).optional(),
    inconclusive: leaf((value) => parseChoice(value, INCONCLUSIVE_ACTIONS)).optional(),
    seed: leaf(parseSeed).optional(),
    default_rules: z.boolean().optional(),
    rules: rulesSchema.optional(),
    slices: section({
      min_size: leaf(parseMinimumSize).optional(),
      rules: rulesSchema.optional(),
    }).optional(),
    drift: section({
      psi_max: leaf(parsePsiMax).optional(),
      blocking: z.boolean().optional(),
      features: z.record(z.string(), z.union([z.literal(false), psiRuleSchema])).optional(),
      prediction: psiRuleSchema.optional(),
    }).optional(),
    latency: section({
      warmup: leaf(parseWarmup).optional(),
      rules: section(
        Object.fromEntries(LATENCY_RULE_KEYS.map((key) => [key, latencyRuleSchema.optional()])),
      ).optional(),
    }).optional(),
  }).optional(),
});

/** What the file says, before defaults: the schema's output. */
export type PolicyFileContents = z.output<typeof policySchema>;

function checkColumnList(
  columns: readonly string[] | undefined,
  key: 'features' | 'slices',
  context: z.core.$RefinementCtx,
): void {
  if (columns === undefined) return;
  if (key === 'features' && columns.length === 0) {
    context.addIssue({
      code: 'custom',
      path: [key],
      message:
        'must list at least one column (leave the key out to use every column but the label and slices)',
    });
  }
  columns.forEach((column, index) => {
    const first = columns.indexOf(column);
    if (first < index) {
      context.addIssue({
        code: 'custom',
        path: [key, index],
        message: `${JSON.stringify(column)} is listed twice (first as data.${key}[${first}])`,
      });
    }
  });
}

/** A key path as the messages and `PolicySource.lines` spell it: `gate.rules.accuracy`, `data.features[1]`. */
export function formatKeyPath(segments: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
