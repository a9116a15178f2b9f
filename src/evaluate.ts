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
import { NO_PAIRED_METHOD } from './evaluation/comparison-evidence.js';
import { buildLatencyReport } from './evaluation/build-latency-report.js';
import { DriftCollector } from './evaluation/drift-collector.js';
import { driftScores } from './evaluation/drift-scores.js';
import { readReferenceBatches } from './evaluation/read-reference-batches.js';
import { psiComparisons } from './gate/psi-comparisons.js';
import { buildChartData } from './report/build-chart-data.js';
import { FlipCollector } from './evaluation/flip-collector.js';
import { Segment, type LossKind } from './evaluation/segment.js';
import { SliceSegments } from './evaluation/slice-segments.js';
import { loadPolicy, policyOverrides } from './evaluation/load-policy.js';
import { decideGate, type RuleEvidence } from './gate/decide-gate.js';
import type { LatencyStatistic } from './gate/latency-comparisons.js';
import { CLI_OPTION_NAMES, type OverrideNames } from './gate/merge-policy.js';
import type { Policy } from './gate/policy-schema.js';
import {
  sliceRulesForTask,
  validateRulesForTask,
  type ResolvedRule,
} from './gate/validate-rules-for-task.js';
import type { ClassLabels } from './inference/class-labels.js';
import { createPredictor, type BatchPrediction, type Predictor } from './inference/create-predictor.js';
import { describeOutputs } from './inference/describe-outputs.js';
import { mapFeatures } from './inference/map-features.js';
import { loadModel, type LoadedModel } from './inference/load-model.js';
import { LatencyRecorder } from './inference/latency-recorder.js';
import type { Logger } from './logger.js';
import type { MetricsResult } from './metrics/metrics-result.js';
import type {
  Comparison,
  FlipCounts,
  ModelFacts,
  Report,
  SliceReport,
  SliceSummary,
  Task,
} from './report/types.js';
import { resolveLocalFile } from './sources/resolve-local-file.js';
import { intervalConfidence } from './stats/comparison-inference.js';
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
  /** Slice columns (reported and gated per value; never fed to a model). */
  slices?: string[];
  /** A column of row ids: a few ids of rows that became wrong / right are listed (never feature values). */
  idColumn?: string;
  /**
   * A reference sample (e.g. of the training data): each feature's distribution in the holdout set is compared
   * with it (PSI, KS / chi-square with effect sizes, out-of-range counts).
   */
  reference?: string;
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
  /** How messages name the reference option ('--reference' by default). */
  referenceOption?: string;
}

export interface EvaluatePorts {
  logger: Logger;
  /** Wall clock for createdAt (tests pin it). */
  now?: () => Date;
}

export const DEFAULT_POLICY_PATH = '.github/model-gate.yml';
export const DEFAULT_BATCH_SIZE = 8192;
/** Timed batches wanted for the latency quantiles and ratio; a small holdout set repeats its first batch. */
export const LATENCY_MIN_BATCHES = 20;
export const LATENCY_PROBE_BUDGET_MS = 2000;

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
    policyOverrides(options),
    options.optionNames,
  );
  const required = (value: string | undefined, option: string, key: string): string => {
    if (value !== undefined) return value;
    throw new ConfigurationError(`Missing ${option} (or '${key}' in the policy file)`);
  };
  const label = policy.data.label;
  const sliceColumns = policy.data.slices;
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
  const referenceFile =
    options.reference === undefined
      ? null
      : await resolveLocalFile(options.reference, options.referenceOption ?? '--reference', options.cwd);

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
      reserved: [
        ...sliceColumns.map((column) => ({ column, role: 'slice column' })),
        ...(options.idColumn === undefined ? [] : [{ column: options.idColumn, role: 'id column' }]),
      ],
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
      extraColumns: [
        ...new Set([...sliceColumns, ...(options.idColumn === undefined ? [] : [options.idColumn])]),
      ],
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
    const policyName = policy.source.path ?? 'the default policy';
    const rules = validateRulesForTask(policy, task, policyName);
    const sliceRules = sliceColumns.length > 0 ? sliceRulesForTask(policy, task, policyName) : [];
    const candidatePredictor = createPredictor(models.candidate, { task, featureColumns });
    const predictors: ModelPair<Predictor> = {
      candidate: candidatePredictor,
      baseline: candidateOnly
        ? candidatePredictor
        : createPredictor(models.baseline, { task, featureColumns }),
    };

    // Drift: the whole reference first (the holdout's exact bin counts need its bins and range).
    const drift = new DriftCollector({
      features: featureColumns,
      reference: referenceFile === null ? null : { path: referenceFile.displayPath },
      seed: policy.gate.seed,
      task,
    });
    if (referenceFile !== null) {
      const referenceBatches = readReferenceBatches({
        path: referenceFile.absolutePath,
        displayPath: referenceFile.displayPath,
        featureColumns,
        featureDtype,
        batchSize,
      });
      for await (const referenceBatch of referenceBatches) drift.addReferenceBatch(referenceBatch);
    }

    const run = new EvaluationRun(
      {
        task,
        candidateOnly,
        dataPath: dataFile.displayPath,
        labelColumn: label,
        seed: policy.gate.seed,
        sliceColumns,
        idColumn: options.idColumn ?? null,
        latencyWarmup: policy.gate.latency.warmup,
      },
      predictors,
      drift,
      logger,
    );
    for (let batch: RowBatch | undefined = first; batch !== undefined; batch = await nextBatch()) {
      await run.add(batch);
    }
    // Inference time of the evaluation itself, before any extra latency repetitions.
    const inferenceMs =
      predictors.candidate.timing().runMs + (candidateOnly ? 0 : predictors.baseline.timing().runMs);
    await run.completeLatency();
    logger.progress('');
    if (readStats === undefined) throw new Error('the CSV reader ended without its statistics');
    const report = run.report({
      policy,
      rules,
      sliceRules,
      dataPath: dataFile.displayPath,
      models,
      featureColumns,
      readStats,
      timings: { totalMs: 0, readMs, inferenceMs },
      createdAt: (ports.now ?? (() => new Date()))().toISOString(),
    });
    // The total includes the metrics, tests, gate and report just computed.
    report.timings.totalMs = elapsedMs(started);
    return report;
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
  sliceRules: ResolvedRule[];
  dataPath: string;
  models: ModelPair<LoadedModel>;
  featureColumns: string[];
  readStats: CsvReadStats;
  timings: Report['timings'];
  createdAt: string;
}

interface RunSettings {
  task: Task;
  candidateOnly: boolean;
  dataPath: string;
  labelColumn: string;
  seed: number;
  sliceColumns: readonly string[];
  idColumn: string | null;
  latencyWarmup: number;
}

/**
 * The state of one evaluation: the whole holdout set as one Segment, one Segment per slice value, and the
 * flips. `add` takes one batch through both models; `report` finishes the metrics, tests and gate.
 */
class EvaluationRun {
  private alignment: ClassAlignment | null = null;
  private overall: Segment | null = null;
  private slices: SliceSegments | null = null;
  private flips: FlipCollector | null = null;
  private lossKind: LossKind | null = null;
  private rows = 0;
  private readonly latency: LatencyRecorder;
  /** The first batch's features, kept for extra latency repetitions on a small holdout set. */
  private firstMatrix: { rows: number; values: Float32Array | Float64Array } | null = null;
  private readonly startedAt = Date.now();

  constructor(
    private readonly settings: RunSettings,
    private readonly predictors: ModelPair<Predictor>,
    private readonly drift: DriftCollector,
    private readonly logger: Logger,
  ) {
    this.latency = new LatencyRecorder({ warmupBatches: settings.latencyWarmup });
  }

  /** The segments are created with the first batch, once the classes and the loss are known. */
  private start(classes: ReadonlyArray<number | string>, lossKind: LossKind): Segment {
    const { task, seed, sliceColumns, dataPath } = this.settings;
    this.lossKind = lossKind;
    const segment = () => new Segment(task, classes, lossKind, seed);
    this.overall = segment();
    if (sliceColumns.length > 0) this.slices = new SliceSegments(sliceColumns, segment, dataPath);
    return this.overall;
  }

  async add(batch: RowBatch): Promise<void> {
    const matrix = { rows: batch.rowCount, values: batch.features };
    this.firstMatrix ??= matrix;
    let candidate: BatchPrediction;
    let baseline: BatchPrediction;
    if (this.settings.candidateOnly) {
      candidate = baseline = await this.predictors.candidate.predict(matrix);
    } else {
      // Timed and interleaved (A, B then B, A), so runner noise hits both models alike.
      ({ candidate, baseline } = await this.latency.timeBatch(batch.rowCount, {
        candidate: () => this.predictors.candidate.predict(matrix),
        baseline: () => this.predictors.baseline.predict(matrix),
      }));
    }
    if (this.settings.task === 'regression') this.addRegression(batch, candidate, baseline);
    else this.addClassification(batch, candidate, baseline);
    this.drift.addHoldoutBatch(batch);
    this.rows += batch.rowCount;
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.logger.progress(
      `evaluated ${this.rows.toLocaleString('en')} rows` +
        (seconds > 0 ? ` (${Math.round(this.rows / seconds).toLocaleString('en')} rows/s)` : ''),
    );
  }

  private addRegression(batch: RowBatch, candidate: BatchPrediction, baseline: BatchPrediction): void {
    if (!(batch.labels instanceof Float64Array)) throw new Error('regression needs numeric labels');
    if (candidate.values === null || baseline.values === null) {
      throw new Error('a regression predictor returned no values');
    }
    const overall = this.overall ?? this.start([], 'squared');
    overall.addRegression(batch.labels, candidate.values, baseline.values, batch.rowCount);
    if (!this.settings.candidateOnly)
      this.drift.addPredictions(candidate.values, baseline.values, batch.rowCount);
    this.slices?.addRegression(batch.extra, batch.labels, candidate.values, baseline.values, batch.rowCount);
  }

  private addClassification(batch: RowBatch, candidate: BatchPrediction, baseline: BatchPrediction): void {
    if (this.alignment === null) {
      this.alignment = alignClasses(this.predictors.candidate, this.predictors.baseline, this.settings.task);
      // One loss for both models, so the paired differences compare like with like.
      this.start(
        this.alignment.classes,
        candidate.probabilities !== null && baseline.probabilities !== null ? 'log' : 'zero-one',
      );
      this.flips = new FlipCollector(this.alignment.classes, this.settings.idColumn);
    }
    const alignment = this.alignment;
    const overall = this.overall as Segment;
    const trueIndex = alignment.labelIndices(batch, this.settings.dataPath, this.settings.labelColumn);
    const baselineAligned = alignment.alignBaseline(baseline);
    if (candidate.predicted === null || baselineAligned.predicted === null) {
      throw new Error('a classification predictor returned no predicted classes');
    }
    const candidateRows = { predicted: candidate.predicted, probabilities: candidate.probabilities };
    const baselineRows = {
      predicted: baselineAligned.predicted,
      probabilities: baselineAligned.probabilities,
    };
    overall.addClassification(trueIndex, candidateRows, baselineRows, batch.rowCount);
    if (!this.settings.candidateOnly) {
      const task = this.settings.task;
      const candidateScores = driftScores(
        task,
        { probabilities: candidateRows.probabilities, values: null },
        batch.rowCount,
      );
      const baselineScores = driftScores(
        task,
        { probabilities: baselineRows.probabilities, values: null },
        batch.rowCount,
      );
      if (candidateScores !== null && baselineScores !== null) {
        this.drift.addPredictions(candidateScores, baselineScores, batch.rowCount);
      }
    }
    const classCount = alignment.classes.length;
    this.slices?.addClassification(
      batch.extra,
      trueIndex,
      candidateRows,
      baselineRows,
      classCount,
      batch.rowCount,
    );
    const ids = this.settings.idColumn === null ? undefined : batch.extra[this.settings.idColumn];
    this.flips?.add(trueIndex, candidateRows.predicted, baselineRows.predicted, batch.rowCount, ids);
  }

  /**
   * A small holdout set gives too few batches to time: repeat the first batch through both models
   * (interleaved, as during the run) until there are LATENCY_MIN_BATCHES timed batches, within
   * LATENCY_PROBE_BUDGET_MS. Predictions of these repetitions are discarded.
   */
  async completeLatency(): Promise<void> {
    const matrix = this.firstMatrix;
    if (this.settings.candidateOnly || matrix === null) return;
    const started = Date.now();
    const wanted = LATENCY_MIN_BATCHES + this.settings.latencyWarmup;
    while (this.latency.batches < wanted && Date.now() - started < LATENCY_PROBE_BUDGET_MS) {
      await this.latency.timeBatch(matrix.rows, {
        candidate: () => this.predictors.candidate.predict(matrix),
        baseline: () => this.predictors.baseline.predict(matrix),
      });
    }
  }

  report(inputs: ReportInputs): Report {
    const { task, candidateOnly } = this.settings;
    const overall = this.overall;
    const lossKind = this.lossKind;
    if (overall === null || lossKind === null) throw new Error('no rows were evaluated');
    const result = overall.finish();
    const n = result.n;
    const { metrics } = result;
    const notes = [
      ...prefixed('candidate', metrics.candidate),
      ...prefixed('baseline', metrics.baseline),
      ...result.notes,
    ];
    const gate = inputs.policy.gate;
    const minSize = gate.slices.minSize;

    // Slices at least minSize rows are tested and shown; the others are only counted.
    const shownSlices = (this.slices?.entries() ?? []).filter((entry) => entry.segment.rows >= minSize);
    const sliceSummary: SliceSummary | undefined =
      this.slices === null
        ? undefined
        : {
            columns: [...this.settings.sliceColumns],
            minSize,
            shown: Object.fromEntries(this.settings.sliceColumns.map((column) => [column, 0])),
            suppressed: Object.fromEntries(this.settings.sliceColumns.map((column) => [column, 0])),
          };
    for (const entry of this.slices?.entries() ?? []) {
      const counts = entry.segment.rows >= minSize ? sliceSummary?.shown : sliceSummary?.suppressed;
      if (counts !== undefined) counts[entry.column] = (counts[entry.column] ?? 0) + 1;
    }

    // One gate decision over every rule and every shown slice, so Holm covers them all.
    const globalEvidence = overall.ruleEvidence(inputs.rules, gate.alpha, gate.seed);
    const sliceEvidence = shownSlices.map((entry) =>
      entry.segment
        .ruleEvidence(inputs.sliceRules, gate.alpha, gate.seed)
        .map((rule): RuleEvidence => ({ ...rule, scope: `${entry.column} = ${entry.value}` })),
    );
    const allEvidence = [...globalEvidence, ...sliceEvidence.flat()].map((rule) => ({
      ...rule,
      // A metric no paired method covers cannot decide anything, whatever the policy says.
      blocking: rule.blocking && rule.inference.method !== NO_PAIRED_METHOD,
    }));
    const decision = candidateOnly
      ? {
          verdict: 'pass' as const,
          warned: false,
          reasons: ['No baseline model yet: the candidate is reported alone, and the gate passes'],
          comparisons: [],
        }
      : decideGate(gate, allEvidence, n);
    const latency = candidateOnly
      ? null
      : buildLatencyReport({
          timings: this.latency.timings(),
          bytes: { candidate: inputs.models.candidate.bytes, baseline: inputs.models.baseline.bytes },
          alpha: gate.alpha,
          correction: gate.correction,
          seed: gate.seed,
          rules: Object.entries(gate.latency.rules).map(([statistic, rule]) => ({
            statistic: statistic as LatencyStatistic,
            tolerance: rule.tolerance,
            blocking: rule.blocking,
          })),
        });
    const driftReport = this.drift.report();
    driftReport.comparisons = psiComparisons(driftReport, gate.drift, {
      confidence: intervalConfidence(gate.alpha),
      policyPath: inputs.policy.source.path,
      lineOf: (keyPath) => inputs.policy.source.lines.get(keyPath),
    });
    foldDriftIntoDecision(decision, driftReport.comparisons);
    if (latency !== null) {
      notes.push(...latency.notes);
      foldLatencyIntoDecision(decision, latency.latency.comparisons, gate.inconclusive);
    }
    const globalComparisons = decision.comparisons.slice(0, globalEvidence.length);
    let offset = globalEvidence.length;
    let slices: Report['slices'];
    let flipsBySlice: Record<string, Record<string, FlipCounts>> | undefined;
    if (this.slices !== null && !candidateOnly) {
      slices = {};
      flipsBySlice = task === 'regression' ? undefined : {};
      for (const column of this.settings.sliceColumns) slices[column] = {};
      shownSlices.forEach((entry, index) => {
        const sliceResult = entry.segment.finish();
        const count = (sliceEvidence[index] as RuleEvidence[]).length;
        (slices as Record<string, Record<string, SliceReport>>)[entry.column]![entry.value] = {
          n: sliceResult.n,
          metrics: {
            candidate: sliceResult.metrics.candidate.metrics,
            baseline: sliceResult.metrics.baseline.metrics,
          },
          comparisons: decision.comparisons.slice(offset, offset + count),
        };
        offset += count;
        if (flipsBySlice !== undefined) {
          const { b, c } = entry.segment.discordantCounts();
          flipsBySlice[entry.column] ??= {};
          flipsBySlice[entry.column]![entry.value] = { fixed: b, broken: c };
        }
      });
    }

    const stats = inputs.readStats;
    const rowsDropped: Record<string, number> = {};
    if (stats.blankLines > 0) rowsDropped['blank lines (skipped, as pandas does)'] = stats.blankLines;
    const confidence = intervalConfidence(gate.alpha);

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
        label: this.settings.labelColumn,
        features: inputs.featureColumns,
        rowsRead: stats.rows,
        rowsDropped,
      },
      models: {
        candidate: describeModel(inputs.models.candidate, this.predictors.candidate),
        baseline: candidateOnly ? null : describeModel(inputs.models.baseline, this.predictors.baseline),
      },
      metrics: {
        candidate: metrics.candidate.metrics,
        baseline: candidateOnly
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
            ? '; Holm correction across every rule and slice'
            : '; no multiplicity correction'),
        warned: decision.warned,
        policy: inputs.policy.source.path,
      },
      comparisons: globalComparisons,
      tests: candidateOnly ? null : result.tests,
      notes: candidateOnly ? notes.filter((note) => !note.startsWith('baseline: ')) : notes,
      timings: inputs.timings,
    };
    if (this.alignment !== null) report.classes = this.alignment.classes;
    if (slices !== undefined) report.slices = slices;
    if (sliceSummary !== undefined) report.sliceSummary = sliceSummary;
    if (this.flips !== null && !candidateOnly) report.flips = this.flips.report(flipsBySlice);
    if (latency !== null) report.latency = latency.latency;
    report.drift = driftReport;
    if (result.binaryScores !== null) {
      const charts = buildChartData({
        candidate: result.binaryScores.candidate,
        baseline: candidateOnly ? null : result.binaryScores.baseline,
      });
      if (charts !== undefined) report.charts = charts;
    }
    return report;
  }
}

/**
 * Blocking latency rules decide like the metric rules: a regression fails the gate, an inconclusive result
 * follows the policy. Latency rules are their own Holm family (gate/latency-comparisons.ts): timing noise is
 * not the metrics' sampling noise.
 */
function foldLatencyIntoDecision(
  decision: { verdict: 'pass' | 'fail'; warned: boolean; reasons: string[] },
  comparisons: readonly Comparison[],
  inconclusive: 'warn' | 'fail' | 'pass',
): void {
  for (const comparison of comparisons) {
    if (!comparison.blocking) continue;
    const ratio = comparison.delta === null ? null : 1 - comparison.delta;
    const change = ratio === null ? '' : ` (candidate/baseline time per row ${ratio.toFixed(2)}x)`;
    if (comparison.outcome === 'regressed') {
      if (decision.verdict === 'pass') decision.reasons.length = 0;
      decision.verdict = 'fail';
      decision.warned = false;
      decision.reasons.push(
        `${comparison.metric} rose by more than the ${comparison.toleranceRule ?? ''} allowed${change}`,
      );
    } else if (
      comparison.outcome === 'inconclusive' &&
      decision.verdict === 'pass' &&
      inconclusive !== 'pass'
    ) {
      const reason = `${comparison.metric} is inconclusive${change}: the timing noise allows a rise beyond the ${comparison.toleranceRule ?? ''} allowed`;
      if (inconclusive === 'fail') {
        decision.verdict = 'fail';
        decision.reasons = [reason];
      } else {
        decision.warned = true;
        decision.reasons.push(reason);
      }
    }
  }
}

/** A blocking PSI rule over its limit fails the gate (PSI rules have no p-value: they are thresholds). */
function foldDriftIntoDecision(
  decision: { verdict: 'pass' | 'fail'; warned: boolean; reasons: string[] },
  comparisons: readonly Comparison[],
): void {
  for (const comparison of comparisons) {
    if (!comparison.blocking || comparison.outcome !== 'regressed') continue;
    if (decision.verdict === 'pass') decision.reasons.length = 0;
    decision.verdict = 'fail';
    decision.warned = false;
    decision.reasons.push(
      comparison.note ?? `${comparison.metric} is above its limit (${comparison.toleranceRule ?? ''})`,
    );
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
