/**
 * Calibration of the statistical gate by simulation (DESIGN.md section 5, "Calibrated"): synthetic paired
 * predictions from a known generating process go through the same accumulators, paired outcomes, comparison
 * evidence, tolerance resolution and decideGate (Holm, outcomes, verdict) as a real evaluation, and the
 * rates are compared with what the method promises:
 *   - when the candidate is exactly as good as the baseline, or worse by exactly a rule's tolerance (the
 *     boundary of H0: delta >= -d), the gate fails at most alpha of the time (at the boundary, about alpha);
 *   - the two-sided (1 - 2 alpha) intervals cover the true delta (1 - 2 alpha) of the time;
 *   - a candidate worse by d + k x MDE (the minimum detectable effect at 80% power the report shows) is
 *     caught about 80% of the time at k = 1 and at least 80% of the time at k = 2.
 * Used by test/evaluation/calibration.test.ts (small, seeded) and scripts/calibration.mjs (large run).
 * Pure and seeded: the same options give the same result; nothing here does I/O.
 *
 * Generating processes ("truth" is computed from them, not estimated):
 * - binary: label y ~ Bernoulli(pi). Each model m sees a latent score z_m = a_m s + e_m with s = +1 for
 *   y = 1 and -1 for y = 0, e_m ~ N(0, 1), and the two models' noise correlated rho (0: independent errors).
 *   The model outputs its calibrated posterior p_m = P(y = 1 | z_m) = sigmoid(logit(pi) + 2 a_m z_m) as
 *   float32 [1 - p, p] (like an ONNX classifier), and predicts class 1 when p > 1 - p. Population values:
 *   with threshold t = -logit(pi) / (2 a), TPR = Phi(a - t), TNR = Phi(a + t); accuracy, balanced accuracy,
 *   macro precision / recall / F1 from the population confusion shares; ROC AUC = Phi(sqrt(2) a) (binormal);
 *   log loss and Brier score by Simpson quadrature over z. Equal separations give equal metrics in
 *   expectation whatever rho.
 * - regression: y ~ N(mu, sigma_y^2); predictions yhat_m = y - e_m with errors e_m ~ N(0, sigma_m^2),
 *   independent of y, correlated rho between the models; predictions float32. Population values:
 *   MAE = sigma sqrt(2 / pi), MSE = sigma^2, RMSE = sigma, R2 = 1 - sigma^2 / sigma_y^2. MAPE has no finite
 *   population value here (E 1/|y| diverges for a normal y), so its truth is null.
 * "True delta" is the population (large-sample) value of metric(candidate) - metric(baseline), oriented so
 * positive is better; ratio metrics (F1, RMSE, R2) have O(1/n) finite-sample bias, far below their
 * standard error at the sizes simulated.
 * Relative tolerances ("2%") are resolved per simulation from the observed baseline value, as in a real run;
 * `trueTolerance` is the same rule applied to the population baseline value, which is where the boundary
 * scenarios are placed.
 *
 * The decision path is the orchestrator's: each simulated holdout set goes through a Segment (the class
 * src/evaluate.ts uses for the whole set and for each slice: both models' accumulators, the paired outcomes,
 * the comparison evidence, DeLong and the paired tests), Segment.ruleEvidence / collectRuleEvidence
 * (tolerances, the paired method per metric, intervals at 1 - 2 alpha), then decideGate (Holm across the
 * rules, outcomes, verdict). What is not simulated: slices, latency rules and the multiclass task.
 */
import { decideGate, type GateDecision, type RuleEvidence } from '../gate/decide-gate.js';
import { defaultPolicy } from '../gate/policy-defaults.js';
import type { Correction } from '../gate/policy-schema.js';
import type { Tolerance } from '../gate/policy-values.js';
import { resolveTolerance } from '../gate/resolve-tolerance.js';
import { validateRulesForTask } from '../gate/validate-rules-for-task.js';
import { HIGHER_IS_BETTER, METRIC_NAMES, type Outcome } from '../report/types.js';
import { intervalConfidence } from '../stats/comparison-inference.js';
import { standardNormalCdf } from '../stats/distributions.js';
import { createRandomSource, type RandomSource } from '../stats/random-source.js';
import { collectRuleEvidence, type GateRule } from './collect-rule-evidence.js';
import { ComparisonEvidence } from './comparison-evidence.js';
import type { ModelRows } from './paired-outcomes.js';
import { Segment } from './segment.js';

/** Binary classification: two calibrated binormal models (see the file comment). */
export interface BinaryScenario {
  task: 'binary';
  /** pi, the share of rows with label 1, in (0, 1). */
  positiveRate: number;
  /** a > 0 for the baseline: its latent score is N(+a, 1) on positives and N(-a, 1) on negatives. */
  baselineSeparation: number;
  /** a > 0 for the candidate. */
  candidateSeparation: number;
  /** rho in [0, 1): correlation of the two models' latent noise (default 0, independent errors). */
  noiseCorrelation?: number;
}

/** Regression: predictions = label - error, errors normal and independent of the label. */
export interface RegressionScenario {
  task: 'regression';
  labelMean: number;
  labelStandardDeviation: number;
  baselineErrorStandardDeviation: number;
  candidateErrorStandardDeviation: number;
  /** rho in [0, 1): correlation of the two models' errors (default 0). */
  errorCorrelation?: number;
}

export type SimulationScenario = BinaryScenario | RegressionScenario;

/** A rule as a policy states it; blocking defaults to true, the direction comes from the metric. */
export interface SimulationRule {
  metric: string;
  tolerance: Tolerance;
  blocking?: boolean;
}

export interface SimulateGateOptions {
  scenario: SimulationScenario;
  /** Holdout rows per simulated evaluation. */
  rows: number;
  /** Simulated evaluations. */
  simulations: number;
  /** The gate's one-sided alpha; intervals are two-sided at 1 - 2 alpha (alpha = 0.025: 95% intervals). */
  alpha: number;
  /** Seed of the data; each simulation's gate seed (bootstraps) is drawn from it. */
  seed: number;
  /** The rules; default: the task's default rules (POLICY_DEFAULTS), as with no policy file. */
  rules?: readonly SimulationRule[];
  /** Default 'holm', as the product. */
  correction?: Correction;
  /** Bootstrap resamples per comparison; default the product's 10,000 (simulations pass fewer for speed). */
  resamples?: number;
  /** Rows per batch fed to the accumulators (default 8192, the product's). */
  batchSize?: number;
}

export interface RuleSimulationSummary {
  metric: string;
  blocking: boolean;
  /** Population delta (oriented: positive = candidate better); null when the metric has no population value. */
  trueDelta: number | null;
  /** The rule's tolerance at the population baseline value (metric units). */
  trueTolerance: number | null;
  /** Share of simulations whose outcome was each of the four. */
  outcomes: Record<Outcome, number>;
  /** outcomes.regressed: how often the rule was found worse by more than its tolerance (after correction). */
  regressedRate: number;
  /** Share of the defined intervals that contain trueDelta; null when trueDelta is null or no interval. */
  coverage: number | null;
  /** Simulations with a defined interval. */
  definedIntervals: number;
  /** Means over the simulations where each is defined. */
  meanEstimate: number | null;
  meanStandardError: number | null;
  /** The minimum detectable effect at 80% power the report shows (decideGate), averaged. */
  meanMinimumDetectableEffect: number | null;
}

export interface GateSimulationResult {
  simulations: number;
  rows: number;
  alpha: number;
  /** Two-sided level of the intervals, 1 - 2 alpha. */
  confidence: number;
  correction: Correction;
  /** Share of simulations whose verdict was fail. */
  failRate: number;
  rules: RuleSimulationSummary[];
}

const OUTCOMES: readonly Outcome[] = ['improved', 'non-inferior', 'inconclusive', 'regressed'];
/** Random stream of the synthetic data (streams 0 and 1 belong to the bootstraps). */
const DATA_STREAM = 7;
const DEFAULT_BATCH_SIZE = 8192;

// ---------------------------------------------------------------------------------------------------------
// Population values

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** -ln(logistic(x)), without overflow. */
function negativeLogLogistic(x: number): number {
  return x >= 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
}

/** E g(Z) for Z ~ N(mean, 1), composite Simpson on mean +- 12 with step 0.005 (error far below 1e-9). */
function normalExpectation(mean: number, g: (z: number) => number): number {
  const halfWidth = 12;
  const intervals = 4800;
  const step = (2 * halfWidth) / intervals;
  let total = 0;
  for (let index = 0; index <= intervals; index += 1) {
    const z = mean - halfWidth + index * step;
    const weight = index === 0 || index === intervals ? 1 : index % 2 === 1 ? 4 : 2;
    const offset = z - mean;
    total += weight * g(z) * Math.exp(-0.5 * offset * offset);
  }
  return (total * step) / 3 / Math.sqrt(2 * Math.PI);
}

function checkBinaryScenario(scenario: BinaryScenario): void {
  const { positiveRate, baselineSeparation, candidateSeparation } = scenario;
  const rho = scenario.noiseCorrelation ?? 0;
  if (!(positiveRate > 0 && positiveRate < 1)) {
    throw new RangeError(`positiveRate must be in (0, 1), got ${String(positiveRate)}`);
  }
  for (const [name, value] of [
    ['baselineSeparation', baselineSeparation],
    ['candidateSeparation', candidateSeparation],
  ] as const) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
    }
  }
  if (!(rho >= 0 && rho < 1)) throw new RangeError(`noiseCorrelation must be in [0, 1), got ${String(rho)}`);
}

function checkRegressionScenario(scenario: RegressionScenario): void {
  const rho = scenario.errorCorrelation ?? 0;
  for (const [name, value] of [
    ['labelStandardDeviation', scenario.labelStandardDeviation],
    ['baselineErrorStandardDeviation', scenario.baselineErrorStandardDeviation],
    ['candidateErrorStandardDeviation', scenario.candidateErrorStandardDeviation],
  ] as const) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
    }
  }
  if (!Number.isFinite(scenario.labelMean)) {
    throw new RangeError(`labelMean must be finite, got ${String(scenario.labelMean)}`);
  }
  if (!(rho >= 0 && rho < 1)) throw new RangeError(`errorCorrelation must be in [0, 1), got ${String(rho)}`);
}

/** Population metrics of one calibrated binormal model with separation a at base rate pi. */
function binaryModelMetrics(positiveRate: number, separation: number): Record<string, number> {
  const pi = positiveRate;
  const a = separation;
  const prior = Math.log(pi / (1 - pi));
  const threshold = -prior / (2 * a);
  const truePositiveRate = standardNormalCdf(a - threshold);
  const trueNegativeRate = standardNormalCdf(a + threshold);
  const truePositive = pi * truePositiveRate;
  const falseNegative = pi * (1 - truePositiveRate);
  const trueNegative = (1 - pi) * trueNegativeRate;
  const falsePositive = (1 - pi) * (1 - trueNegativeRate);
  const precisionPositive = truePositive / (truePositive + falsePositive);
  const precisionNegative = trueNegative / (trueNegative + falseNegative);
  const f1Positive = (2 * truePositive) / (2 * truePositive + falsePositive + falseNegative);
  const f1Negative = (2 * trueNegative) / (2 * trueNegative + falsePositive + falseNegative);
  const logit = (z: number) => prior + 2 * a * z;
  const logLoss =
    pi * normalExpectation(a, (z) => negativeLogLogistic(logit(z))) +
    (1 - pi) * normalExpectation(-a, (z) => negativeLogLogistic(-logit(z)));
  const brier =
    pi * normalExpectation(a, (z) => (1 - logistic(logit(z))) ** 2) +
    (1 - pi) * normalExpectation(-a, (z) => logistic(logit(z)) ** 2);
  return {
    accuracy: truePositive + trueNegative,
    balanced_accuracy: (truePositiveRate + trueNegativeRate) / 2,
    precision_macro: (precisionPositive + precisionNegative) / 2,
    recall_macro: (truePositiveRate + trueNegativeRate) / 2,
    f1_macro: (f1Positive + f1Negative) / 2,
    log_loss: logLoss,
    roc_auc: standardNormalCdf(Math.SQRT2 * a),
    brier_score: brier,
  };
}

function regressionModelMetrics(labelStandardDeviation: number, errorStandardDeviation: number) {
  const sigma = errorStandardDeviation;
  return {
    mae: sigma * Math.sqrt(2 / Math.PI),
    mse: sigma * sigma,
    rmse: sigma,
    r2: 1 - (sigma * sigma) / (labelStandardDeviation * labelStandardDeviation),
  } as Record<string, number>;
}

/** Population metric values of both models (a metric with no population value is absent). */
export function populationMetrics(scenario: SimulationScenario): {
  candidate: Record<string, number>;
  baseline: Record<string, number>;
} {
  if (scenario.task === 'binary') {
    checkBinaryScenario(scenario);
    return {
      candidate: binaryModelMetrics(scenario.positiveRate, scenario.candidateSeparation),
      baseline: binaryModelMetrics(scenario.positiveRate, scenario.baselineSeparation),
    };
  }
  checkRegressionScenario(scenario);
  return {
    candidate: regressionModelMetrics(
      scenario.labelStandardDeviation,
      scenario.candidateErrorStandardDeviation,
    ),
    baseline: regressionModelMetrics(
      scenario.labelStandardDeviation,
      scenario.baselineErrorStandardDeviation,
    ),
  };
}

function orientedDelta(metric: string, candidate: number, baseline: number): number {
  return (HIGHER_IS_BETTER[metric] ?? true) ? candidate - baseline : baseline - candidate;
}

/** Population delta of one metric, oriented (positive = candidate better); null when it has no value. */
export function populationDelta(scenario: SimulationScenario, metric: string): number | null {
  const values = populationMetrics(scenario);
  const candidate = values.candidate[metric];
  const baseline = values.baseline[metric];
  if (candidate === undefined || baseline === undefined) return null;
  return orientedDelta(metric, candidate, baseline);
}

/** The rule's tolerance in metric units at the population baseline value. */
export function populationTolerance(
  scenario: SimulationScenario,
  metric: string,
  tolerance: Tolerance,
): number | null {
  const baseline = populationMetrics(scenario).baseline[metric];
  return resolveTolerance({ tolerance }, baseline ?? null);
}

/**
 * The scenario with the candidate changed (its separation, or its error standard deviation) so that the
 * population delta of `metric` is `delta` (oriented; negative = candidate worse). Bisection to 1e-13.
 * @throws RangeError when no candidate reaches that delta
 */
export function scenarioWithDelta<T extends SimulationScenario>(
  scenario: T,
  metric: string,
  delta: number,
): T {
  if (populationDelta(scenario, metric) === null) {
    throw new RangeError(
      `scenarioWithDelta: '${metric}' has no population value for a ${scenario.task} scenario`,
    );
  }
  // Every metric here improves with the candidate parameter's "quality": separation up, error sd down.
  let worse: number;
  let better: number;
  let make: (parameter: number) => T;
  if (scenario.task === 'binary') {
    worse = 1e-4;
    better = 20;
    make = (parameter) => ({ ...scenario, candidateSeparation: parameter });
  } else {
    worse = scenario.baselineErrorStandardDeviation * 1e4;
    better = scenario.baselineErrorStandardDeviation * 1e-6;
    make = (parameter) => ({ ...scenario, candidateErrorStandardDeviation: parameter });
  }
  const at = (parameter: number) => populationDelta(make(parameter), metric) as number;
  if (!(at(worse) <= delta && delta <= at(better))) {
    throw new RangeError(
      `scenarioWithDelta: no candidate gives a population ${metric} delta of ${String(delta)} ` +
        `(reachable: ${at(worse)} to ${at(better)})`,
    );
  }
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const middle = (worse + better) / 2;
    if (at(middle) < delta) worse = middle;
    else better = middle;
    if (Math.abs(better - worse) <= 1e-13 * Math.max(1, Math.abs(middle))) break;
  }
  const solved = make((worse + better) / 2);
  const reached = populationDelta(solved, metric) as number;
  if (Math.abs(reached - delta) > 1e-9) {
    throw new RangeError(
      `scenarioWithDelta: ${metric} is not monotone here (reached ${reached}, wanted ${delta})`,
    );
  }
  return solved;
}

// ---------------------------------------------------------------------------------------------------------
// Synthetic data

/** Standard normal draws by Box-Muller, both values of each pair used. */
class NormalSampler {
  private spare: number | null = null;
  constructor(private readonly random: RandomSource) {}

  next(): number {
    const spare = this.spare;
    if (spare !== null) {
      this.spare = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.random.nextDouble()));
    const angle = 2 * Math.PI * this.random.nextDouble();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

interface BinaryBatch {
  trueIndex: Int32Array;
  candidate: ModelRows & { probabilities: Float32Array };
  baseline: ModelRows & { probabilities: Float32Array };
}

function binaryBatch(
  scenario: BinaryScenario,
  random: RandomSource,
  normal: NormalSampler,
  rowCount: number,
): BinaryBatch {
  const rho = scenario.noiseCorrelation ?? 0;
  const independent = Math.sqrt(1 - rho * rho);
  const prior = Math.log(scenario.positiveRate / (1 - scenario.positiveRate));
  const trueIndex = new Int32Array(rowCount);
  const candidate = { predicted: new Int32Array(rowCount), probabilities: new Float32Array(2 * rowCount) };
  const baseline = { predicted: new Int32Array(rowCount), probabilities: new Float32Array(2 * rowCount) };
  const fill = (rows: typeof candidate, row: number, separation: number, z: number) => {
    const positive = logistic(prior + 2 * separation * z);
    rows.probabilities[2 * row] = 1 - positive;
    rows.probabilities[2 * row + 1] = positive;
    // argmax over the float32 outputs, the first class on a tie (as the predictor reads probabilities).
    rows.predicted[row] =
      (rows.probabilities[2 * row + 1] as number) > (rows.probabilities[2 * row] as number) ? 1 : 0;
  };
  for (let row = 0; row < rowCount; row++) {
    const label = random.nextDouble() < scenario.positiveRate ? 1 : 0;
    trueIndex[row] = label;
    const sign = label === 1 ? 1 : -1;
    const baselineNoise = normal.next();
    const candidateNoise = rho * baselineNoise + independent * normal.next();
    fill(baseline, row, scenario.baselineSeparation, sign * scenario.baselineSeparation + baselineNoise);
    fill(candidate, row, scenario.candidateSeparation, sign * scenario.candidateSeparation + candidateNoise);
  }
  return { trueIndex, candidate, baseline };
}

interface RegressionBatch {
  truth: Float64Array;
  candidate: Float32Array;
  baseline: Float32Array;
}

function regressionBatch(
  scenario: RegressionScenario,
  normal: NormalSampler,
  rowCount: number,
): RegressionBatch {
  const rho = scenario.errorCorrelation ?? 0;
  const independent = Math.sqrt(1 - rho * rho);
  const truth = new Float64Array(rowCount);
  const candidate = new Float32Array(rowCount);
  const baseline = new Float32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const y = scenario.labelMean + scenario.labelStandardDeviation * normal.next();
    const shared = normal.next();
    const baselineError = scenario.baselineErrorStandardDeviation * shared;
    const candidateError =
      scenario.candidateErrorStandardDeviation * (rho * shared + independent * normal.next());
    truth[row] = y;
    baseline[row] = y - baselineError;
    candidate[row] = y - candidateError;
  }
  return { truth, candidate, baseline };
}

// ---------------------------------------------------------------------------------------------------------
// One simulated evaluation, through the orchestrator's Segment (src/evaluation/segment.ts)

/** Metrics compared by a bootstrap, whose resample count the simulation lowers. */
const BOOTSTRAP_METRICS: ReadonlySet<string> = new Set([
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'rmse',
  'r2',
]);

interface RunSettings {
  rows: number;
  batchSize: number;
  rules: readonly GateRule[];
  alpha: number;
  resamples: number | undefined;
}

/**
 * The gate's evidence for one simulated holdout set, as the orchestrator computes it for the whole set:
 * a Segment accumulates both models' metrics, the paired outcomes and the comparison evidence, and
 * Segment.ruleEvidence resolves the tolerances and runs the paired methods. Segment.ruleEvidence always uses
 * the bootstraps' default 10,000 resamples; when the caller asks for fewer and a rule is bootstrapped, the
 * rows also go into a second ComparisonEvidence with the same seed, and collectRuleEvidence (what
 * Segment.ruleEvidence calls) gets it with the resample count: the same computation but for B.
 */
function simulateRun(
  scenario: SimulationScenario,
  settings: RunSettings,
  gateSeed: number,
  random: RandomSource,
  normal: NormalSampler,
): RuleEvidence[] {
  const { rows, batchSize, rules, alpha, resamples } = settings;
  const task = scenario.task;
  const classNames = task === 'binary' ? [0, 1] : [];
  // Both models output probabilities (binary), so the paired loss is log loss, as in a real run.
  const lossKind = task === 'binary' ? 'log' : 'squared';
  const segment = new Segment(task, classNames, lossKind, gateSeed);
  const evidence =
    resamples !== undefined && rules.some((rule) => BOOTSTRAP_METRICS.has(rule.metric))
      ? new ComparisonEvidence(task, classNames.length, gateSeed)
      : null;
  for (let done = 0; done < rows; done += batchSize) {
    const rowCount = Math.min(batchSize, rows - done);
    if (scenario.task === 'binary') {
      const batch = binaryBatch(scenario, random, normal, rowCount);
      segment.addClassification(batch.trueIndex, batch.candidate, batch.baseline, rowCount);
      evidence?.addClassification(batch.trueIndex, batch.candidate, batch.baseline, rowCount);
    } else {
      const batch = regressionBatch(scenario, normal, rowCount);
      segment.addRegression(batch.truth, batch.candidate, batch.baseline, rowCount);
      evidence?.addRegression(batch.truth, batch.candidate, batch.baseline, rowCount);
    }
  }
  if (evidence === null) return segment.ruleEvidence(rules, alpha, gateSeed);
  const result = segment.finish();
  return collectRuleEvidence({
    rules,
    metrics: { candidate: result.metrics.candidate.metrics, baseline: result.metrics.baseline.metrics },
    evidence,
    context: { lossDifferences: result.lossDifferences, logLoss: lossKind === 'log', delong: result.delong },
    alpha,
    seed: gateSeed,
    n: result.n,
    ...(resamples !== undefined ? { resamples } : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------
// The simulation

function resolveRules(
  scenario: SimulationScenario,
  rules: readonly SimulationRule[] | undefined,
): GateRule[] {
  if (rules === undefined) return validateRulesForTask(defaultPolicy(), scenario.task, 'the default policy');
  const metrics = METRIC_NAMES[scenario.task];
  return rules.map((rule) => {
    if (!metrics.includes(rule.metric)) {
      throw new RangeError(`'${rule.metric}' is not a ${scenario.task} metric (${metrics.join(', ')})`);
    }
    return {
      metric: rule.metric,
      tolerance: rule.tolerance,
      blocking: rule.blocking ?? true,
      higherIsBetter: HIGHER_IS_BETTER[rule.metric] ?? true,
    };
  });
}

class RuleTally {
  readonly outcomes: Record<Outcome, number> = {
    improved: 0,
    'non-inferior': 0,
    inconclusive: 0,
    regressed: 0,
  };
  covered = 0;
  intervals = 0;
  private estimateSum = 0;
  private estimates = 0;
  private standardErrorSum = 0;
  private standardErrors = 0;
  private effectSum = 0;
  private effects = 0;

  constructor(private readonly trueDelta: number | null) {}

  add(comparison: GateDecision['comparisons'][number]): void {
    this.outcomes[comparison.outcome] += 1;
    const { ci, delta, standardError } = comparison;
    if (ci !== null) {
      this.intervals += 1;
      if (this.trueDelta !== null && ci[0] <= this.trueDelta && this.trueDelta <= ci[1]) this.covered += 1;
    }
    if (delta !== null) {
      this.estimateSum += delta;
      this.estimates += 1;
    }
    if (standardError !== undefined && standardError !== null) {
      this.standardErrorSum += standardError;
      this.standardErrors += 1;
    }
    const effect = comparison.minimumDetectableEffect;
    if (effect !== undefined && effect !== null) {
      this.effectSum += effect;
      this.effects += 1;
    }
  }

  mean(which: 'estimate' | 'standardError' | 'effect'): number | null {
    const [sum, count] =
      which === 'estimate'
        ? [this.estimateSum, this.estimates]
        : which === 'standardError'
          ? [this.standardErrorSum, this.standardErrors]
          : [this.effectSum, this.effects];
    return count === 0 ? null : sum / count;
  }
}

/**
 * Runs `simulations` synthetic evaluations of `rows` rows through the gate and reports how often it failed,
 * each rule's outcome rates and interval coverage of the population delta.
 */
export function simulateGate(options: SimulateGateOptions): GateSimulationResult {
  const { scenario, rows, simulations, alpha, seed } = options;
  const correction = options.correction ?? 'holm';
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(rows) || rows < 2)
    throw new RangeError(`rows must be an integer >= 2, got ${rows}`);
  if (!Number.isSafeInteger(simulations) || simulations < 1) {
    throw new RangeError(`simulations must be a positive integer, got ${simulations}`);
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const confidence = intervalConfidence(alpha);
  const rules = resolveRules(scenario, options.rules);
  const runSettings: RunSettings = { rows, batchSize, rules, alpha, resamples: options.resamples };
  const truth = populationMetrics(scenario);
  const tallies = rules.map((rule) => {
    const candidate = truth.candidate[rule.metric];
    const baseline = truth.baseline[rule.metric];
    return new RuleTally(
      candidate === undefined || baseline === undefined
        ? null
        : orientedDelta(rule.metric, candidate, baseline),
    );
  });
  const gate = { alpha, correction, inconclusive: 'warn' as const };
  const random = createRandomSource(seed, DATA_STREAM);
  const normal = new NormalSampler(random);
  let failures = 0;

  for (let simulation = 0; simulation < simulations; simulation += 1) {
    // A fresh gate seed per simulation: the calibration must hold whatever seed a user picks.
    const gateSeed = random.nextUint32();
    const ruleEvidence = simulateRun(scenario, runSettings, gateSeed, random, normal);
    const decision = decideGate(gate, ruleEvidence, rows);
    if (decision.verdict === 'fail') failures += 1;
    decision.comparisons.forEach((comparison, index) => (tallies[index] as RuleTally).add(comparison));
  }

  return {
    simulations,
    rows,
    alpha,
    confidence,
    correction,
    failRate: failures / simulations,
    rules: rules.map((rule, index) => {
      const tally = tallies[index] as RuleTally;
      const outcomes = Object.fromEntries(
        OUTCOMES.map((outcome) => [outcome, tally.outcomes[outcome] / simulations]),
      ) as Record<Outcome, number>;
      const trueDelta = populationDelta(scenario, rule.metric);
      return {
        metric: rule.metric,
        blocking: rule.blocking,
        trueDelta,
        trueTolerance: resolveTolerance(rule, truth.baseline[rule.metric] ?? null),
        outcomes,
        regressedRate: outcomes.regressed,
        coverage: trueDelta === null || tally.intervals === 0 ? null : tally.covered / tally.intervals,
        definedIntervals: tally.intervals,
        meanEstimate: tally.mean('estimate'),
        meanStandardError: tally.mean('standardError'),
        meanMinimumDetectableEffect: tally.mean('effect'),
      };
    }),
  };
}
