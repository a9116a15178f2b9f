/**
 * The defaults of the policy (DESIGN.md section 3.3): what a team gets with no policy file, or with keys
 * left out. They are meant to be adoptable without editing; docs/policy.md and
 * examples/policy/model-gate.yml repeat them with the same reasons.
 *
 * Gate settings:
 * - alpha 0.05: the conventional error rate. A rule fails only when "worse by more than the tolerance" is
 *   shown at this level, after correction.
 * - correction holm: Holm's step-down adjustment (Holm 1979) across every rule (and, once slices exist,
 *   every slice), so more rules do not mean more false alarms; it is uniformly more powerful than
 *   Bonferroni and needs no assumption about how the tests depend on each other.
 * - inconclusive warn: a blocking rule that can neither show non-inferiority nor a regression (the holdout
 *   set is too small for the tolerance) warns but passes; `fail` is strict non-inferiority.
 * - seed 1: any fixed number; the same inputs and seed give the same report.
 *
 * Rules: every metric of the task is evaluated and reported; a few block the merge. Absolute tolerances
 * (metric units) for scores bounded by 1, where "half a point" means the same at any level; relative ones
 * (share of the baseline value) for losses and errors, whose scale depends on the data.
 */
import type { Task } from '../report/types.js';
import type { Policy } from './policy-schema.js';
import type { Tolerance } from './policy-values.js';

export interface DefaultRule {
  readonly tolerance: Tolerance;
  readonly blocking: boolean;
}

const points = (value: number): Tolerance => ({ kind: 'absolute', value });
const percent = (value: number): Tolerance => ({ kind: 'relative', percent: value });

/** The rules binary and multiclass models share. */
const CLASSIFICATION_RULES = {
  // Half a point of accuracy: below what users notice, above rounding; McNemar's test is sharp here.
  accuracy: { tolerance: points(0.005), blocking: true },
  // Threshold-dependent scores: teams often tune the threshold later; reported, not blocking.
  balanced_accuracy: { tolerance: points(0.01), blocking: false },
  precision_macro: { tolerance: points(0.01), blocking: false },
  recall_macro: { tolerance: points(0.01), blocking: false },
  f1_macro: { tolerance: points(0.01), blocking: false },
  // Probability quality; its scale depends on the base rate, hence relative.
  log_loss: { tolerance: percent(2), blocking: true },
} as const;

export const POLICY_DEFAULTS = {
  label: 'label',
  alpha: 0.05,
  correction: 'holm',
  inconclusive: 'warn',
  seed: 1,
  defaultRules: true,
  // A slice needs enough rows for its comparison to mean anything, and a tiny slice can reveal individual
  // rows: 30 is the usual floor for a normal approximation and for small-cell suppression.
  sliceMinSize: 30,
  // The first batches pay for memory allocation and kernel selection; they are not timed.
  latencyWarmup: 2,
  rules: {
    binary: {
      ...CLASSIFICATION_RULES,
      // Ranking quality at every threshold, with DeLong's paired test.
      roc_auc: { tolerance: points(0.005), blocking: true },
      // Calibration and sharpness together; relative for the same reason as log loss.
      brier_score: { tolerance: percent(2), blocking: true },
    },
    multiclass: {
      ...CLASSIFICATION_RULES,
      // One-vs-rest macro AUC weighs a rare class as much as a common one, so a handful of examples can
      // swing it, and its interval comes from the bootstrap: reported, not blocking.
      roc_auc: { tolerance: points(0.005), blocking: false },
    },
    regression: {
      // Typical error: a 2% rise blocks.
      mae: { tolerance: percent(2), blocking: true },
      // MSE is RMSE squared: 4% is the same limit as RMSE's 2%; reported only, so it is not counted twice.
      mse: { tolerance: percent(4), blocking: false },
      // Large errors weigh more: a 2% rise blocks.
      rmse: { tolerance: percent(2), blocking: true },
      // On a fixed holdout set R2 = 1 - MSE / variance(labels): it moves with MSE and adds no evidence.
      r2: { tolerance: points(0.005), blocking: false },
      // Unstable when labels are near zero.
      mape: { tolerance: percent(5), blocking: false },
    },
  } satisfies Record<Task, Record<string, DefaultRule>>,
} as const;

/** The policy without a file: every default, no data or model paths. */
export function defaultPolicy(): Policy {
  return {
    data: { label: POLICY_DEFAULTS.label, slices: [] },
    models: {},
    gate: {
      alpha: POLICY_DEFAULTS.alpha,
      correction: POLICY_DEFAULTS.correction,
      inconclusive: POLICY_DEFAULTS.inconclusive,
      seed: POLICY_DEFAULTS.seed,
      defaultRules: POLICY_DEFAULTS.defaultRules,
      rules: {},
      taskRules: {},
      drift: { features: {} },
      latency: { warmup: POLICY_DEFAULTS.latencyWarmup, rules: {} },
      slices: { minSize: POLICY_DEFAULTS.sliceMinSize, rules: {}, taskRules: {} },
    },
    source: { path: null, lines: new Map() },
  };
}
