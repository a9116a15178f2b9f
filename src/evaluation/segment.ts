/**
 * Everything the report needs about one set of rows (the whole holdout set, or one slice): both models'
 * metric accumulators, the paired per-example outcomes (McNemar, paired t, Wilcoxon) and the comparison
 * evidence of the gate. Rows are added in batches; `finish` computes metrics and tests, `ruleEvidence` the
 * gate's comparisons for a set of rules.
 */
import type { RuleEvidence } from '../gate/decide-gate.js';
import { ClassificationAccumulator } from '../metrics/classification-accumulator.js';
import type { ChartScores } from '../report/build-chart-data.js';
import type { MetricsResult } from '../metrics/metrics-result.js';
import { RegressionAccumulator } from '../metrics/regression-accumulator.js';
import type { PairedTests, Task } from '../report/types.js';
import { delongTest, type DeLongTestResult } from '../stats/delong-test.js';
import { mcnemarTest } from '../stats/mcnemar-test.js';
import { pairedTTest } from '../stats/paired-t-test.js';
import { wilcoxonTest } from '../stats/wilcoxon-test.js';
import { collectRuleEvidence, type GateRule } from './collect-rule-evidence.js';
import { ComparisonEvidence } from './comparison-evidence.js';
import { PairedOutcomes, type ModelRows } from './paired-outcomes.js';

export type LossKind = 'log' | 'zero-one' | 'squared';

interface ModelPair<T> {
  candidate: T;
  baseline: T;
}

export interface SegmentResult {
  n: number;
  metrics: ModelPair<MetricsResult>;
  tests: PairedTests;
  /** Why some test is null or absent, one line each (metric notes are in `metrics`). */
  notes: string[];
  /** For the gate: the loss differences and the DeLong result the evidence needs. */
  lossDifferences: Float64Array;
  delong: DeLongTestResult | null;
  /** Binary: P(class 1) and the labels of each model (for the charts); null otherwise. */
  binaryScores: ModelPair<ChartScores | null> | null;
}

export class Segment {
  private readonly classification: ModelPair<ClassificationAccumulator> | null = null;
  private readonly regression: ModelPair<RegressionAccumulator> | null = null;
  private readonly evidence: ComparisonEvidence;
  private readonly paired = new PairedOutcomes();
  private rowCount = 0;
  private finished: SegmentResult | null = null;

  /**
   * @param classNames class labels in index order (classification), empty for regression
   * @param lossKind the per-example loss of the paired tests; the same for every segment of a run
   */
  constructor(
    private readonly task: Task,
    classNames: ReadonlyArray<number | string>,
    private readonly lossKind: LossKind,
    seed: number,
  ) {
    if (task === 'regression') {
      this.regression = { candidate: new RegressionAccumulator(), baseline: new RegressionAccumulator() };
      this.evidence = new ComparisonEvidence(task, 0, seed);
    } else {
      const binary = task === 'binary';
      const classCount = classNames.length;
      this.classification = {
        candidate: new ClassificationAccumulator(classCount, binary, { classNames }),
        baseline: new ClassificationAccumulator(classCount, binary, { classNames }),
      };
      this.evidence = new ComparisonEvidence(task, classCount, seed);
    }
  }

  get rows(): number {
    return this.rowCount;
  }

  addClassification(
    trueIndex: Int32Array,
    candidate: ModelRows,
    baseline: ModelRows,
    rowCount: number,
  ): void {
    const accumulators = this.classification;
    if (accumulators === null) throw new Error('a regression segment was given classification rows');
    accumulators.candidate.add(trueIndex, candidate.predicted, candidate.probabilities, rowCount);
    accumulators.baseline.add(trueIndex, baseline.predicted, baseline.probabilities, rowCount);
    this.paired.addClassification(
      trueIndex,
      candidate,
      baseline,
      accumulators.candidate.classCount,
      this.lossKind === 'log',
      rowCount,
    );
    this.evidence.addClassification(trueIndex, candidate, baseline, rowCount);
    this.rowCount += rowCount;
  }

  addRegression(
    truth: Float64Array,
    candidate: Float32Array | Float64Array,
    baseline: Float32Array | Float64Array,
    rowCount: number,
  ): void {
    const accumulators = this.regression;
    if (accumulators === null) throw new Error('a classification segment was given regression rows');
    accumulators.candidate.add(truth, candidate, rowCount);
    accumulators.baseline.add(truth, baseline, rowCount);
    this.paired.addSquaredErrors(truth, candidate, baseline, rowCount);
    this.evidence.addRegression(truth, candidate, baseline, rowCount);
    this.rowCount += rowCount;
  }

  /** #(candidate right, baseline wrong) and #(candidate wrong, baseline right): the flips. */
  discordantCounts(): { b: number; c: number } {
    return this.paired.discordantCounts();
  }

  finish(): SegmentResult {
    if (this.finished !== null) return this.finished;
    const n = this.rowCount;
    const notes: string[] = [];
    const lossDifferences = this.paired.lossDifferences();
    const pairedT = pairedTTest(lossDifferences, n);
    const wilcoxon = wilcoxonTest(lossDifferences, n);
    if (pairedT.reason !== null) notes.push(`paired t-test: ${pairedT.reason}`);
    if (wilcoxon.reason !== null) notes.push(`Wilcoxon test: ${wilcoxon.reason}`);
    if (pairedT.meanDifference === null) throw new Error('a segment with no rows cannot be finished');
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
    let delong: DeLongTestResult | null = null;
    let binaryScores: ModelPair<ChartScores | null> | null = null;
    let metrics: ModelPair<MetricsResult>;
    if (this.regression !== null) {
      metrics = {
        candidate: this.regression.candidate.result(),
        baseline: this.regression.baseline.result(),
      };
    } else {
      const accumulators = this.classification as ModelPair<ClassificationAccumulator>;
      metrics = { candidate: accumulators.candidate.result(), baseline: accumulators.baseline.result() };
      const { b, c } = this.paired.discordantCounts();
      const mcnemar = mcnemarTest(b, c);
      tests.mcnemar = { b, c, statistic: mcnemar.statistic, pValue: mcnemar.pValue, exact: mcnemar.exact };
      if (this.task === 'binary') {
        const candidateScores = accumulators.candidate.binaryScores();
        const baselineScores = accumulators.baseline.binaryScores();
        binaryScores = {
          candidate:
            candidateScores === null
              ? null
              : { ...candidateScores, sorted: accumulators.candidate.sortedBinaryScores() },
          baseline:
            baselineScores === null
              ? null
              : { ...baselineScores, sorted: accumulators.baseline.sortedBinaryScores() },
        };
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
    this.finished = { n, metrics, tests, notes, lossDifferences, delong, binaryScores };
    return this.finished;
  }

  /** The gate's comparisons of this segment for `rules` (finish() first). */
  ruleEvidence(rules: readonly GateRule[], alpha: number, seed: number): RuleEvidence[] {
    const result = this.finish();
    return collectRuleEvidence({
      rules,
      metrics: { candidate: result.metrics.candidate.metrics, baseline: result.metrics.baseline.metrics },
      evidence: this.evidence,
      context: {
        lossDifferences: result.lossDifferences,
        logLoss: this.lossKind === 'log',
        delong: result.delong,
      },
      alpha,
      seed,
      n: result.n,
    });
  }
}
