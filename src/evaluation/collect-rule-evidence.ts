/**
 * From the streamed evidence to what the gate decides on: for every resolved rule, the tolerance in metric
 * units (resolveTolerance), the paired comparison at the interval level that matches one-sided tests at
 * alpha (intervalConfidence(alpha) = 1 - 2 alpha), and the rule's metric values.
 *
 * Shared by the orchestrator's report step and the calibration simulation (simulate-gate.ts), so the
 * simulation measures the decision the product makes, not a copy of it. The caller passes the result to
 * decideGate (Holm across the rules, outcomes, verdict).
 */
import type { RuleEvidence } from '../gate/decide-gate.js';
import type { Tolerance } from '../gate/policy-values.js';
import { resolveTolerance } from '../gate/resolve-tolerance.js';
import { intervalConfidence, undefinedInference } from '../stats/comparison-inference.js';
import type { ComparisonEvidence, EvidenceContext } from './comparison-evidence.js';

/** The parts of a resolved rule (validate-rules-for-task.ts) the decision needs. */
export interface GateRule {
  readonly metric: string;
  readonly tolerance: Tolerance;
  readonly blocking: boolean;
  readonly higherIsBetter: boolean;
}

export interface CollectRuleEvidenceInput {
  rules: readonly GateRule[];
  /** Metric values of each model (MetricsResult.metrics), null where undefined. */
  metrics: {
    candidate: Readonly<Record<string, number | null>>;
    baseline: Readonly<Record<string, number | null>>;
  };
  evidence: ComparisonEvidence;
  context: EvidenceContext;
  /** The gate's one-sided level; intervals are two-sided at 1 - 2 alpha. */
  alpha: number;
  /** Seed of the resampling methods (the report's seed). */
  seed: number;
  /** Rows evaluated (reported when a comparison is undefined). */
  n: number;
  /** Bootstrap resamples; default: the methods' own default (10,000). The simulation passes fewer. */
  resamples?: number;
}

export function collectRuleEvidence(input: CollectRuleEvidenceInput): RuleEvidence[] {
  const { evidence, context, n, seed } = input;
  const confidence = intervalConfidence(input.alpha);
  return input.rules.map((rule) => {
    const baseline = input.metrics.baseline[rule.metric] ?? null;
    const candidate = input.metrics.candidate[rule.metric] ?? null;
    const resolvedTolerance = resolveTolerance(rule, baseline);
    const inference =
      resolvedTolerance === null
        ? undefinedInference(
            'none',
            { confidence, margin: 0 },
            n,
            'the tolerance is relative to a baseline value that is undefined',
          )
        : evidence.infer(
            rule.metric,
            {
              confidence,
              margin: resolvedTolerance,
              seed,
              ...(input.resamples !== undefined ? { resamples: input.resamples } : {}),
            },
            context,
          );
    return {
      metric: rule.metric,
      blocking: rule.blocking,
      higherIsBetter: rule.higherIsBetter,
      tolerance: rule.tolerance,
      resolvedTolerance,
      baseline,
      candidate,
      inference,
    };
  });
}
