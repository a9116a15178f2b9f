/**
 * The one orchestrator (DESIGN.md section 2): sources -> data -> inference -> metrics -> stats -> gate -> report.
 * The CLI and the action both call `evaluate`; its side effects come in as ports (a logger, a clock).
 *
 * It streams: each batch of rows goes through both models and into per-example accumulators, so memory is
 * bounded by the batch size plus what a metric truly needs (the scores ROC AUC / DeLong rank, and the per-example
 * loss differences the Wilcoxon test ranks).
 */
import { readCsvBatches, readCsvHeader } from './data/csv-reader.js';
import type { CsvReadStats, RowBatch } from './data/csv-reader.js';
import { ConfigurationError, DataError, ModelError } from './errors.js';
import { alignClasses, type ClassAlignment } from './evaluation/align-classes.js';
import { chooseFeatureColumns } from './evaluation/choose-feature-columns.js';
import { chooseTask } from './evaluation/choose-task.js';
import { ComparisonEvidence, NO_PAIRED_METHOD } from './evaluation/comparison-evidence.js';
import { loadPolicy } from './evaluation/load-policy.js';
import { PairedOutcomes } from './evaluation/paired-outcomes.js';
import { decideGate, type RuleEvidence } from './gate/decide-gate.js';
import { CLI_OPTION_NAMES, type OverrideNames } from './gate/merge-policy.js';
import type { Policy } from './gate/policy-schema.js';
import { resolveTolerance } from './gate/resolve-tolerance.js';
import { validateRulesForTask, type ResolvedRule } from './gate/validate-rules-for-task.js';
import type { ClassLabels } from './inference/class-labels.js';
import { createPredictor, type BatchPrediction, type Predictor } from './inference/create-predictor.js';
import { describeOutputs } from './inference/describe-outputs.js';
import { mapFeatures } from './inference/map-features.js';
import { loadModel, type LoadedModel } from './inference/load-model.js';
import type { Logger } from './logger.js';
import { ClassificationAccumulator } from './metrics/classification-accumulator.js';
import type { MetricsResult } from './metrics/metrics-result.js';
import { RegressionAccumulator } from './metrics/regression-accumulator.js';
import type { ModelFacts, PairedTests, Report, Task } from './report/types.js';
import { resolveLocalFile } from './sources/resolve-local-file.js';
import { intervalConfidence, undefinedInference } from './stats/comparison-inference.js';
import { delongTest, type DeLongTestResult } from './stats/delong-test.js';
import { mcnemarTest } from './stats/mcnemar-test.js';
import { pairedTTest } from './stats/paired-t-test.js';
import { wilcoxonTest } from './stats/wilcoxon-test.js';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

export type TaskOption = Task | 'auto';

export interface EvaluateOptions {
  /** Relative paths resolve against it. */
  cwd: string;
  /**
   * The policy file (DESIGN.md 3.3). Default: `.github/model-gate.yml` under cwd when it exists, else the
   * built-in defaults. Every option below overrides the file.
   */
  config?: string;
  /** Model paths as the user wrote them. */
  candidate?: string;
  /**
   * null: there is no baseline yet (a new model). The candidate is evaluated alone, the report says so, and the
   * gate passes. undefined: not given here (the policy file may name it).
   */
  baseline?: string | null;
  /** Holdout CSV path. */
  data?: string;
  /** Label column (default 'label'). */
  label?: string;
  task: TaskOption;
  /** Feature columns in the model's order; default: see chooseFeatureColumns. */
  features?: string[];
  /** Seed for resampling methods (recorded in the report). */
  seed?: number | string;
  alpha?: number | string;
  inconclusive?: string;
  correction?: string;
  /** Rows per batch (default 8192). */
  batchSize?: number;
  /** How messages name each option (the action passes its input names). */
  optionNames?: Partial<OverrideNames>;
  /** How messages name the policy option ('--config' by default). */
  configOption?: string;
}

export interface EvaluatePorts {
  logger: Logger;
  /** Wall clock for createdAt (tests pin it). */
  now?: () => Date;
}

export const DEFAULT_POLICY_PATH = '.github/model-gate.yml';
export const DEFAULT_BATCH_SIZE = 8192;

interface ModelPair<T> {
  candidate: T;
  baseline: T;
}

function describeModel(model: LoadedModel, predictor: Predictor): ModelFacts {
  return {
    path: model.displayPath,
    sha256: model.sha256,
    bytes: model.bytes,
    inputs: model.inputs,
    outputs: model.outputs,
    interpretation: predictor.interpretation(),
  };
}

/** Notes of one model's metrics, each prefixed with the model's role. */
function prefixed(role: string, result: MetricsResult): string[] {
  return result.notes.map((note) => `${role}: ${note}`);
}

function elapsedMs(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export async function evaluate(options: EvaluateOptions, ports: EvaluatePorts): Promise<Report> {
  const started = process.hrtime.bigint();
  const { logger } = ports;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;

  // gate: the policy first, so a mistake in it costs nothing.
  const names = { ...CLI_OPTION_NAMES, ...options.optionNames };
  const policy = await loadPolicy(
    {
      config: options.config,
      configOption: options.configOption ?? '--config',
      defaultPath: DEFAULT_POLICY_PATH,
      cwd: options.cwd,
    },
    {
      alpha: options.alpha,
      correction: options.correction,
      inconclusive: options.inconclusive,
      seed: options.seed,
      data: options.data,
      label: options.label,
      features: options.features,
      candidate: options.candidate,
      baseline: options.baseline ?? undefined,
    },
    options.optionNames,
  );
  const required = (value: string | undefined, option: string, key: string): string => {
    if (value !== undefined) return value;
    throw new ConfigurationError(`Missing ${option} (or '${key}' in the policy file)`);
  };
  const label = policy.data.label;
  // Without a baseline the candidate's outputs stand in for the baseline's inside the run, so one code path
  // serves both cases; the report then shows the candidate alone (no baseline, no tests, no comparisons).
  const candidateOnly = options.baseline === null;

  // sources: every file must exist before anything is loaded.
  const [candidateFile, baselineFile, dataFile] = await Promise.all([
    resolveLocalFile(
      required(policy.models.candidate, names.candidate, 'models.candidate'),
      names.candidate,
      options.cwd,
    ),
    candidateOnly
      ? null
      : resolveLocalFile(
          required(policy.models.baseline, names.baseline, 'models.baseline'),
          names.baseline,
          options.cwd,
        ),
    resolveLocalFile(required(policy.data.path, names.data, 'data.path'), names.data, options.cwd),
  ]);

  // inference: load both models (sessions are released in `finally`).
  const loaded: LoadedModel[] = [];
  try {
    const candidateModel = await loadModel({
      path: candidateFile.absolutePath,
      displayPath: candidateFile.displayPath,
      role: 'candidate',
    });
    loaded.push(candidateModel);
    const baselineModel =
      baselineFile === null
        ? candidateModel
        : await loadModel({
            path: baselineFile.absolutePath,
            displayPath: baselineFile.displayPath,
            role: 'baseline',
          });
    if (baselineModel !== candidateModel) loaded.push(baselineModel);
    const models: ModelPair<LoadedModel> = { candidate: candidateModel, baseline: baselineModel };

    // data: the header decides the feature columns.
    const header = await readCsvHeader(dataFile.absolutePath, dataFile.displayPath);
    const featureColumns = chooseFeatureColumns({
      header,
      label,
      features: policy.data.features,
      models: [models.candidate, models.baseline],
      dataPath: dataFile.displayPath,
    });

    const outputs = {
      candidate: describeOutputs(models.candidate),
      baseline: describeOutputs(models.baseline),
    };
    const labelType = chooseLabelType(models);
    // float32 cells unless a model declares a double or integer input (float32 would round those).
    const featureDtype = [models.candidate, models.baseline].some((model) =>
      mapFeatures(model, featureColumns).feeds.some((feed) => feed.type !== 'float32'),
    )
      ? 'float64'
      : 'float32';

    let readStats: CsvReadStats | undefined;
    const batches = readCsvBatches({
      path: dataFile.absolutePath,
      displayPath: dataFile.displayPath,
      featureColumns,
      labelColumn: label,
      labelType,
      featureDtype,
      batchSize,
      onEnd: (stats) => {
        readStats = stats;
      },
    });
    let readMs = 0;
    const nextBatch = async (): Promise<RowBatch | undefined> => {
      const readStarted = process.hrtime.bigint();
      const result = await batches.next();
      readMs += elapsedMs(readStarted);
      return result.done ? undefined : result.value;
    };

    // The first batch is read before the task is known: an ambiguous model (one float output, or labels with
    // no declared classes) is resolved from the labels (chooseTask).
    const first = await nextBatch();
    if (first === undefined) {
      throw new DataError(`'${dataFile.displayPath}' has a header but no data rows`, {
        file: dataFile.displayPath,
      });
    }
    const task = chooseTask({
      requested: options.task,
      candidate: { name: models.candidate.name, tasks: outputs.candidate.tasks },
      baseline: { name: models.baseline.name, tasks: outputs.baseline.tasks },
      firstLabels: first.labels,
    });
    const rules = validateRulesForTask(policy, task, policy.source.path ?? 'the default policy');
    const candidatePredictor = createPredictor(models.candidate, { task, featureColumns });
    const predictors: ModelPair<Predictor> = {
      candidate: candidatePredictor,
      baseline: candidateOnly
        ? candidatePredictor
        : createPredictor(models.baseline, { task, featureColumns }),
    };

    const run = new EvaluationRun(
      task,
      predictors,
      candidateOnly,
      dataFile.displayPath,
      label,
      policy.gate.seed,
      logger,
    );
    for (let batch: RowBatch | undefined = first; batch !== undefined; batch = await nextBatch()) {
      await run.add(batch);
    }
    logger.progress('');
    if (readStats === undefined) throw new Error('the CSV reader ended without its statistics');
    return run.report({
      policy,
      rules,
      dataPath: dataFile.displayPath,
      models,
      featureColumns,
      readStats,
      timings: {
        totalMs: elapsedMs(started),
        readMs,
        inferenceMs:
          predictors.candidate.timing().runMs + (candidateOnly ? 0 : predictors.baseline.timing().runMs),
      },
      createdAt: (ports.now ?? (() => new Date()))().toISOString(),
    });
  } finally {
    await Promise.all(loaded.map((model) => model.release()));
  }
}

/** String labels when a model names its classes with strings; both models must then agree. */
function chooseLabelType(models: ModelPair<LoadedModel>): 'number' | 'string' {
  const kind = (labels: ClassLabels | null) => (labels === null ? null : typeof labels[0]);
  const candidate = kind(models.candidate.classLabels);
  const baseline = kind(models.baseline.classLabels);
  if (candidate !== null && baseline !== null && candidate !== baseline) {
    throw new ModelError(
      `The models disagree on their class labels: ${models.candidate.name} has ${candidate} labels, ` +
        `${models.baseline.name} has ${baseline} labels`,
      { file: models.baseline.displayPath },
    );
  }
  return candidate === 'string' || baseline === 'string' ? 'string' : 'number';
}

interface ReportInputs {
  policy: Policy;
  rules: ResolvedRule[];
  dataPath: string;
  models: ModelPair<LoadedModel>;
  featureColumns: string[];
  readStats: CsvReadStats;
  timings: Report['timings'];
  createdAt: string;
}

type LossKind = 'log' | 'zero-one' | 'squared';

/**
 * The state of one evaluation: per-model accumulators, the paired per-example outcomes and the comparison
 * evidence. `add` takes one batch through both models; `report` finishes the metrics, tests and gate.
 */
class EvaluationRun {
  private classification: ModelPair<ClassificationAccumulator> | null = null;
  private regression: ModelPair<RegressionAccumulator> | null = null;
  private alignment: ClassAlignment | null = null;
  private evidence: ComparisonEvidence | null = null;
  private readonly paired = new PairedOutcomes();
  private rows = 0;
  private lossKind: LossKind | null = null;
  private readonly startedAt = Date.now();

  constructor(
    private readonly task: Task,
    private readonly predictors: ModelPair<Predictor>,
    private readonly candidateOnly: boolean,
    private readonly dataPath: string,
    private readonly labelColumn: string,
    private readonly seed: number,
    private readonly logger: Logger,
  ) {
    if (task === 'regression') {
      this.regression = { candidate: new RegressionAccumulator(), baseline: new RegressionAccumulator() };
      this.evidence = new ComparisonEvidence(task, 0, seed);
      this.lossKind = 'squared';
    }
  }

  async add(batch: RowBatch): Promise<void> {
    const matrix = { rows: batch.rowCount, values: batch.features };
    const candidate = await this.predictors.candidate.predict(matrix);
    const baseline = this.candidateOnly ? candidate : await this.predictors.baseline.predict(matrix);
    if (this.task === 'regression') this.addRegression(batch, candidate, baseline);
    else this.addClassification(batch, candidate, baseline);
    this.rows += batch.rowCount;
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.logger.progress(
      `evaluated ${this.rows.toLocaleString('en')} rows` +
        (seconds > 0 ? ` (${Math.round(this.rows / seconds).toLocaleString('en')} rows/s)` : ''),
    );
  }

  private addRegression(batch: RowBatch, candidate: BatchPrediction, baseline: BatchPrediction): void {
    const accumulators = this.regression;
    if (accumulators === null || this.evidence === null || !(batch.labels instanceof Float64Array)) {
      throw new Error('regression needs numeric labels and regression accumulators');
    }
    if (candidate.values === null || baseline.values === null) {
      throw new Error('a regression predictor returned no values');
    }
    accumulators.candidate.add(batch.labels, candidate.values, batch.rowCount);
    accumulators.baseline.add(batch.labels, baseline.values, batch.rowCount);
    this.paired.addSquaredErrors(batch.labels, candidate.values, baseline.values, batch.rowCount);
    this.evidence.addRegression(batch.labels, candidate.values, baseline.values, batch.rowCount);
  }

  private addClassification(batch: RowBatch, candidate: BatchPrediction, baseline: BatchPrediction): void {
    if (this.alignment === null) {
      this.alignment = alignClasses(this.predictors.candidate, this.predictors.baseline, this.task);
      const classCount = this.alignment.classes.length;
      const binary = this.task === 'binary';
      const classNames = this.alignment.classes;
      this.classification = {
        candidate: new ClassificationAccumulator(classCount, binary, { classNames }),
        baseline: new ClassificationAccumulator(classCount, binary, { classNames }),
      };
      this.evidence = new ComparisonEvidence(this.task, classCount, this.seed);
      // One loss for both models, so the paired differences compare like with like.
      this.lossKind =
        candidate.probabilities !== null && baseline.probabilities !== null ? 'log' : 'zero-one';
    }
    const alignment = this.alignment;
    const accumulators = this.classification;
    const evidence = this.evidence;
    if (accumulators === null || evidence === null) throw new Error('classification accumulators missing');
    const trueIndex = alignment.labelIndices(batch, this.dataPath, this.labelColumn);
    const baselineAligned = alignment.alignBaseline(baseline);
    if (candidate.predicted === null || baselineAligned.predicted === null) {
      throw new Error('a classification predictor returned no predicted classes');
    }
    const candidateRows = { predicted: candidate.predicted, probabilities: candidate.probabilities };
    const baselineRows = {
      predicted: baselineAligned.predicted,
      probabilities: baselineAligned.probabilities,
    };
    accumulators.candidate.add(
      trueIndex,
      candidateRows.predicted,
      candidateRows.probabilities,
      batch.rowCount,
    );
    accumulators.baseline.add(trueIndex, baselineRows.predicted, baselineRows.probabilities, batch.rowCount);
    const classCount = alignment.classes.length;
    this.paired.addClassification(
      trueIndex,
      candidateRows,
      baselineRows,
      classCount,
      this.lossKind === 'log',
      batch.rowCount,
    );
    evidence.addClassification(trueIndex, candidateRows, baselineRows, batch.rowCount);
  }

  report(inputs: ReportInputs): Report {
    const notes: string[] = [];
    const { task } = this;
    const evidence = this.evidence;
    const lossKind = this.lossKind;
    if (evidence === null || lossKind === null) throw new Error('no rows were evaluated');
    const n = this.rows;
    const differences = this.paired.lossDifferences();
    const pairedT = pairedTTest(differences, n);
    const wilcoxon = wilcoxonTest(differences, n);
    if (pairedT.reason !== null) notes.push(`paired t-test: ${pairedT.reason}`);
    if (wilcoxon.reason !== null) notes.push(`Wilcoxon test: ${wilcoxon.reason}`);
    if (pairedT.meanDifference === null) throw new Error('no rows were evaluated');
    const tests: PairedTests = {
      pairedT: {
        t: pairedT.t,
        df: pairedT.df,
        pValue: pairedT.pValue,
        meanDifference: pairedT.meanDifference,
      },
      wilcoxon: {
        statistic: wilcoxon.statistic,
        pValue: wilcoxon.pValue,
        zerosDropped: wilcoxon.zerosDropped,
      },
    };
    let metrics: ModelPair<MetricsResult>;
    let classes: Array<number | string> | undefined;
    let delong: DeLongTestResult | null = null;

    if (this.regression !== null) {
      metrics = {
        candidate: this.regression.candidate.result(),
        baseline: this.regression.baseline.result(),
      };
    } else {
      const accumulators = this.classification;
      const alignment = this.alignment;
      if (accumulators === null || alignment === null) throw new Error('no rows were evaluated');
      classes = alignment.classes;
      metrics = { candidate: accumulators.candidate.result(), baseline: accumulators.baseline.result() };
      const { b, c } = this.paired.discordantCounts();
      const mcnemar = mcnemarTest(b, c);
      tests.mcnemar = { b, c, statistic: mcnemar.statistic, pValue: mcnemar.pValue, exact: mcnemar.exact };
      if (task === 'binary') {
        const candidateScores = accumulators.candidate.binaryScores();
        const baselineScores = accumulators.baseline.binaryScores();
        if (candidateScores !== null && baselineScores !== null) {
          delong = delongTest(candidateScores.positive, candidateScores.scores, baselineScores.scores, n);
          if (delong.aucCandidate !== null) {
            tests.delong = {
              aucCandidate: delong.aucCandidate,
              aucBaseline: delong.aucBaseline,
              z: delong.z,
              pValue: delong.pValue,
            };
          }
          if (delong.reason !== null) notes.push(`DeLong test: ${delong.reason}`);
        } else {
          notes.push('DeLong test: not computed, because a model outputs labels only (no scores to rank)');
        }
      }
    }
    notes.unshift(...prefixed('candidate', metrics.candidate), ...prefixed('baseline', metrics.baseline));

    const gate = inputs.policy.gate;
    const confidence = intervalConfidence(gate.alpha);
    const context = { lossDifferences: differences, logLoss: lossKind === 'log', delong };
    const ruleEvidence: RuleEvidence[] = inputs.rules.map((rule) => {
      const baseline = metrics.baseline.metrics[rule.metric] ?? null;
      const candidate = metrics.candidate.metrics[rule.metric] ?? null;
      const resolvedTolerance = resolveTolerance(rule, baseline);
      const inference =
        resolvedTolerance === null
          ? undefinedInference(
              'none',
              { confidence, margin: 0 },
              n,
              'the tolerance is relative to a baseline value that is undefined',
            )
          : evidence.infer(rule.metric, { confidence, margin: resolvedTolerance, seed: gate.seed }, context);
      return {
        metric: rule.metric,
        // A metric no paired method covers cannot decide anything, whatever the policy says.
        blocking: rule.blocking && inference.method !== NO_PAIRED_METHOD,
        higherIsBetter: rule.higherIsBetter,
        tolerance: rule.tolerance,
        resolvedTolerance,
        baseline,
        candidate,
        inference,
      };
    });
    const decision = this.candidateOnly
      ? {
          verdict: 'pass' as const,
          warned: false,
          reasons: ['No baseline model yet: the candidate is reported alone, and the gate passes'],
          comparisons: [],
        }
      : decideGate(gate, ruleEvidence, n);

    const stats = inputs.readStats;
    const rowsDropped: Record<string, number> = {};
    if (stats.blankLines > 0) rowsDropped['blank lines (skipped, as pandas does)'] = stats.blankLines;

    const report: Report = {
      schemaVersion: 1,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      createdAt: inputs.createdAt,
      seed: gate.seed,
      verdict: decision.verdict,
      reasons: decision.reasons,
      task,
      n,
      loss: lossDescription(lossKind),
      data: {
        path: inputs.dataPath,
        label: this.labelColumn,
        features: inputs.featureColumns,
        rowsRead: stats.rows,
        rowsDropped,
      },
      models: {
        candidate: describeModel(inputs.models.candidate, this.predictors.candidate),
        baseline: this.candidateOnly ? null : describeModel(inputs.models.baseline, this.predictors.baseline),
      },
      metrics: {
        candidate: metrics.candidate.metrics,
        baseline: this.candidateOnly
          ? Object.fromEntries(Object.keys(metrics.candidate.metrics).map((name) => [name, null]))
          : metrics.baseline.metrics,
      },
      gate: {
        alpha: gate.alpha,
        correction: gate.correction,
        inconclusive: gate.inconclusive,
        confidence,
        convention:
          `one-sided tests at alpha = ${gate.alpha} of "worse by more than the tolerance", with two-sided ` +
          `${Number((confidence * 100).toPrecision(3))}% intervals (the non-inferiority convention: the interval's ` +
          `lower bound is at or above -tolerance exactly when the one-sided test rejects)` +
          (gate.correction === 'holm'
            ? '; Holm correction across every rule'
            : '; no multiplicity correction'),
        warned: decision.warned,
        policy: inputs.policy.source.path,
      },
      comparisons: decision.comparisons,
      tests: this.candidateOnly ? null : tests,
      notes: this.candidateOnly ? notes.filter((note) => note.startsWith('candidate: ')) : notes,
      timings: inputs.timings,
    };
    if (classes !== undefined) report.classes = classes;
    return report;
  }
}

function lossDescription(kind: LossKind): string {
  switch (kind) {
    case 'log':
      return 'log loss per example: -ln p(true class), probabilities clipped to [1e-15, 1 - 1e-15]';
    case 'zero-one':
      return '0-1 loss per example (1 when the prediction is wrong): a model outputs labels only, so log loss is undefined';
    case 'squared':
      return 'squared error per example: (y - prediction)^2';
  }
}
