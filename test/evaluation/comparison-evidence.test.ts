import { describe, expect, it } from 'vitest';

import { ComparisonEvidence } from '../../src/evaluation/comparison-evidence.js';
import { PairedOutcomes } from '../../src/evaluation/paired-outcomes.js';
import { ClassificationAccumulator } from '../../src/metrics/classification-accumulator.js';
import { RegressionAccumulator } from '../../src/metrics/regression-accumulator.js';
import { HIGHER_IS_BETTER, METRIC_NAMES } from '../../src/report/types.js';
import { delongTest } from '../../src/stats/delong-test.js';
import { confusionMatrixMetrics } from '../../src/metrics/confusion-matrix-metrics.js';
import {
  confusionCellIndex,
  confusionMetricDelta,
  pairedBootstrapCells,
} from '../../src/stats/paired-bootstrap-cells.js';
import { createRandomSource } from '../../src/stats/random-source.js';

const options = { confidence: 0.9, margin: 0.01, seed: 3, resamples: 500 };

/** Softmax rows of K noisy scores that lean towards the true class. */
function classificationData(rows: number, classCount: number, seed: number) {
  const random = createRandomSource(seed);
  const labels = new Int32Array(rows);
  const model = (skill: number) => {
    const probabilities = new Float64Array(rows * classCount);
    const predicted = new Int32Array(rows);
    return { probabilities, predicted, skill };
  };
  const candidate = model(1.2);
  const baseline = model(1);
  for (let row = 0; row < rows; row++) labels[row] = Math.floor(random.nextDouble() * classCount);
  for (const m of [candidate, baseline]) {
    for (let row = 0; row < rows; row++) {
      let sum = 0;
      let best = 0;
      for (let k = 0; k < classCount; k++) {
        const score = Math.exp((k === labels[row] ? m.skill : 0) + random.nextDouble() * 2);
        m.probabilities[row * classCount + k] = score;
        sum += score;
      }
      for (let k = 0; k < classCount; k++) {
        m.probabilities[row * classCount + k] = (m.probabilities[row * classCount + k] as number) / sum;
        if (
          (m.probabilities[row * classCount + k] as number) >
          (m.probabilities[row * classCount + best] as number)
        )
          best = k;
      }
      m.predicted[row] = best;
    }
  }
  return { labels, candidate, baseline };
}

describe('ComparisonEvidence', () => {
  for (const [task, classCount] of [
    ['binary', 2],
    ['multiclass', 4],
  ] as const) {
    it(`estimates the same oriented delta as the ${task} metrics, for every rule`, () => {
      const rows = 3000;
      const { labels, candidate, baseline } = classificationData(rows, classCount, 11);
      const accumulators = {
        candidate: new ClassificationAccumulator(classCount, task === 'binary'),
        baseline: new ClassificationAccumulator(classCount, task === 'binary'),
      };
      const evidence = new ComparisonEvidence(task, classCount, 5);
      const paired = new PairedOutcomes();
      for (let start = 0; start < rows; start += 1000) {
        const slice = (m: { predicted: Int32Array; probabilities: Float64Array }) => ({
          predicted: m.predicted.subarray(start, start + 1000),
          probabilities: m.probabilities.subarray(start * classCount, (start + 1000) * classCount),
        });
        const truth = labels.subarray(start, start + 1000);
        accumulators.candidate.add(truth, slice(candidate).predicted, slice(candidate).probabilities, 1000);
        accumulators.baseline.add(truth, slice(baseline).predicted, slice(baseline).probabilities, 1000);
        evidence.addClassification(truth, slice(candidate), slice(baseline), 1000);
        paired.addClassification(truth, slice(candidate), slice(baseline), classCount, true, 1000);
      }
      const candidateMetrics = accumulators.candidate.result().metrics;
      const baselineMetrics = accumulators.baseline.result().metrics;
      const candidateScores = accumulators.candidate.binaryScores();
      const baselineScores = accumulators.baseline.binaryScores();
      const delong =
        candidateScores && baselineScores
          ? delongTest(candidateScores.positive, candidateScores.scores, baselineScores.scores, rows)
          : null;
      const context = { lossDifferences: paired.lossDifferences(), logLoss: true, delong };
      for (const metric of METRIC_NAMES[task]) {
        const inference = evidence.infer(metric, options, context);
        if (task === 'multiclass' && metric === 'roc_auc') {
          expect(inference.ci).toBeNull();
          expect(inference.reason).toContain('multiclass');
          continue;
        }
        const sign = HIGHER_IS_BETTER[metric] ? 1 : -1;
        const expected = sign * ((candidateMetrics[metric] as number) - (baselineMetrics[metric] as number));
        expect(inference.estimate, metric).toBeCloseTo(expected, 9);
        expect(inference.ci?.[0], metric).toBeLessThanOrEqual(expected + 1e-12);
        expect(inference.ci?.[1], metric).toBeGreaterThanOrEqual(expected - 1e-12);
      }
    });
  }

  it('estimates the same oriented delta as the regression metrics, for every rule', () => {
    const random = createRandomSource(17);
    const rows = 4000;
    const truth = Float64Array.from({ length: rows }, () => 1000 + random.nextDouble() * 10);
    const candidate = truth.map((y) => y + (random.nextDouble() - 0.5) * 2);
    const baseline = truth.map((y) => y + (random.nextDouble() - 0.5) * 2.4);
    const accumulators = { candidate: new RegressionAccumulator(), baseline: new RegressionAccumulator() };
    const evidence = new ComparisonEvidence('regression', 0, 5);
    const paired = new PairedOutcomes();
    for (let start = 0; start < rows; start += 1500) {
      const end = Math.min(rows, start + 1500);
      const y = truth.subarray(start, end);
      accumulators.candidate.add(y, candidate.subarray(start, end), end - start);
      accumulators.baseline.add(y, baseline.subarray(start, end), end - start);
      evidence.addRegression(y, candidate.subarray(start, end), baseline.subarray(start, end), end - start);
      paired.addSquaredErrors(y, candidate.subarray(start, end), baseline.subarray(start, end), end - start);
    }
    const candidateMetrics = accumulators.candidate.result().metrics;
    const baselineMetrics = accumulators.baseline.result().metrics;
    const context = { lossDifferences: paired.lossDifferences(), logLoss: false, delong: null };
    for (const metric of METRIC_NAMES.regression) {
      const inference = evidence.infer(metric, options, context);
      const sign = HIGHER_IS_BETTER[metric] ? 1 : -1;
      const expected = sign * ((candidateMetrics[metric] as number) - (baselineMetrics[metric] as number));
      expect(inference.estimate, metric).toBeCloseTo(expected, 8);
      expect(inference.ci?.[0], metric).toBeLessThanOrEqual(expected);
      expect(inference.ci?.[1], metric).toBeGreaterThanOrEqual(expected);
    }
  });
});

describe('ComparisonEvidence: the confusion bootstrap', () => {
  function cubeEvidence(classCount: number, rows: number, seed: number) {
    const random = createRandomSource(seed);
    const evidence = new ComparisonEvidence('multiclass', classCount, 5);
    const draw = () => Math.floor(random.nextDouble() * classCount);
    const truth = Int32Array.from({ length: rows }, draw);
    const candidate = truth.map((label) => (random.nextDouble() < 0.8 ? label : draw()));
    const baseline = truth.map((label) => (random.nextDouble() < 0.78 ? label : draw()));
    evidence.addClassification(
      truth,
      { predicted: candidate, probabilities: null },
      { predicted: baseline, probabilities: null },
      rows,
    );
    return { evidence, truth, candidate, baseline };
  }
  const context = { lossDifferences: new Float64Array(0), logLoss: false, delong: null };

  it('draws the same resamples as the per-metric bootstrap, once for the four metrics', () => {
    const classCount = 3;
    const { evidence, truth, candidate, baseline } = cubeEvidence(classCount, 2000, 9);
    const cube = new Float64Array(classCount ** 3);
    for (let row = 0; row < truth.length; row++) {
      const cell = confusionCellIndex(
        truth[row] as number,
        candidate[row] as number,
        baseline[row] as number,
        classCount,
      );
      cube[cell] = (cube[cell] as number) + 1;
    }
    const options = { confidence: 0.9, margin: 0.01, seed: 4, resamples: 800 };
    const metric = (confusion: Float64Array, k: number) =>
      confusionMatrixMetrics(confusion, k).f1_macro ?? Number.NaN;
    const expected = pairedBootstrapCells(cube, confusionMetricDelta(classCount, metric, true), options);
    const actual = evidence.infer('f1_macro', options, context);
    expect(actual.estimate).toBeCloseTo(expected.estimate as number, 12);
    expect(actual.ci).toEqual(expected.ci);
    expect(actual.pValueRegression).toBe(expected.pValueRegression);
    expect(actual.method).toContain('800 resamples');
  });

  it('draws fewer resamples (never below 2,000) when the cube has very many cells', () => {
    const { evidence } = cubeEvidence(60, 40_000, 3);
    const inference = evidence.infer('f1_macro', { confidence: 0.9, margin: 0.01, seed: 1 }, context);
    const resamples = Number(/\(([\d,]+) resamples\)/.exec(inference.method)?.[1]?.replace(/,/g, ''));
    expect(resamples).toBeGreaterThanOrEqual(2000);
    expect(resamples).toBeLessThan(10_000);
    expect(inference.ci).not.toBeNull();
  });
});
