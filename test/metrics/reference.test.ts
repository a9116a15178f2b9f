// Every metric against scikit-learn 1.2.1 (test/fixtures/reference/metrics.json, written by
// scripts/reference/metrics_reference.py), streamed in batches of 1, 7 and all rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClassificationAccumulator } from '../../src/metrics/classification-accumulator.js';
import type { MetricsResult } from '../../src/metrics/metrics-result.js';
import { NeumaierSum } from '../../src/metrics/neumaier-sum.js';
import { perExampleLogLoss } from '../../src/metrics/per-example-log-loss.js';
import { perExampleSquaredError } from '../../src/metrics/per-example-squared-error.js';
import { RegressionAccumulator } from '../../src/metrics/regression-accumulator.js';
import { METRIC_NAMES } from '../../src/report/types.js';

interface ClassificationCase {
  name: string;
  task: 'binary' | 'multiclass';
  classCount: number;
  trueIndex: number[];
  predictedIndex: number[];
  probabilities: number[] | null;
  perExampleLogLoss?: number[];
  expected: Record<string, number | null>;
}

interface RegressionCase {
  name: string;
  task: 'regression';
  yTrue: number[];
  yPred: number[];
  expected: Record<string, number | null>;
}

type ReferenceCase = ClassificationCase | RegressionCase;

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/metrics.json', import.meta.url), 'utf8'),
) as { versions: Record<string, string>; logLossEpsilon: number; cases: ReferenceCase[] };

const classificationCases = fixture.cases.filter((c): c is ClassificationCase => c.task !== 'regression');
const regressionCases = fixture.cases.filter((c): c is RegressionCase => c.task === 'regression');
const BATCH_SIZES = [1, 7, Number.POSITIVE_INFINITY];
const TOLERANCE = 1e-6;

/** 1e-6 absolute; values beyond 1e6 in magnitude (mape with y = 0 rows, ~4e13) are compared to 1e-12 relative. */
function expectClose(actual: number | null | undefined, expected: number | null, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(typeof actual, label).toBe('number');
  const tolerance = Math.max(TOLERANCE, 1e-12 * Math.abs(expected));
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    tolerance,
  );
}

function runClassification(
  testCase: ClassificationCase,
  batchSize: number,
  precision: 'float32' | 'float64',
): MetricsResult {
  const classCount = testCase.classCount;
  const accumulator = new ClassificationAccumulator(classCount, testCase.task === 'binary', {
    chunkRows: 64,
  });
  const trueIndex = Int32Array.from(testCase.trueIndex);
  const predictedIndex = Int32Array.from(testCase.predictedIndex);
  const probabilities =
    testCase.probabilities === null
      ? null
      : precision === 'float32'
        ? Float32Array.from(testCase.probabilities)
        : Float64Array.from(testCase.probabilities, Math.fround);
  const n = trueIndex.length;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    accumulator.add(
      trueIndex.subarray(start, end),
      predictedIndex.subarray(start, end),
      probabilities === null ? null : probabilities.subarray(start * classCount, end * classCount),
      end - start,
    );
  }
  return accumulator.result();
}

function runRegression(testCase: RegressionCase, batchSize: number): MetricsResult {
  const accumulator = new RegressionAccumulator();
  const yTrue = Float64Array.from(testCase.yTrue);
  const yPred = Float32Array.from(testCase.yPred);
  const n = yTrue.length;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    accumulator.add(yTrue.subarray(start, end), yPred.subarray(start, end), end - start);
  }
  return accumulator.result();
}

describe('reference values (scikit-learn 1.2.1)', () => {
  it('come from the versions the project names', () => {
    expect(fixture.versions['scikit-learn']).toBe('1.2.1');
    expect(fixture.logLossEpsilon).toBe(1e-15);
  });

  describe.each(classificationCases.map((c) => [c.name, c] as const))(
    'classification: %s',
    (_name, testCase) => {
      it('matches every metric within 1e-6 and has exactly the report metric names', () => {
        const { metrics, notes } = runClassification(testCase, Number.POSITIVE_INFINITY, 'float32');
        expect(Object.keys(metrics)).toEqual([...METRIC_NAMES[testCase.task]]);
        expect(Object.keys(testCase.expected).sort()).toEqual(Object.keys(metrics).sort());
        for (const [name, expected] of Object.entries(testCase.expected))
          expectClose(metrics[name], expected, name);
        const nulls = Object.values(metrics).filter((value) => value === null).length;
        expect(notes.length > 0).toBe(nulls > 0);
      });

      it('gives identical results for batches of 1, 7 and all rows, float32 or float64 input', () => {
        const reference = runClassification(testCase, Number.POSITIVE_INFINITY, 'float32');
        for (const batchSize of BATCH_SIZES) {
          expect(runClassification(testCase, batchSize, 'float32')).toEqual(reference);
          expect(runClassification(testCase, batchSize, 'float64')).toEqual(reference);
        }
      });

      it.runIf(testCase.probabilities !== null)(
        'has per-example log losses whose mean is log_loss exactly',
        () => {
          const n = testCase.trueIndex.length;
          const losses = new Float64Array(n);
          perExampleLogLoss(
            Int32Array.from(testCase.trueIndex),
            Float32Array.from(testCase.probabilities ?? []),
            testCase.classCount,
            n,
            losses,
          );
          const sum = new NeumaierSum();
          for (const loss of losses) sum.add(loss);
          const { metrics } = runClassification(testCase, 7, 'float32');
          expect(sum.value / n).toBe(metrics.log_loss);
          if (testCase.perExampleLogLoss !== undefined) {
            testCase.perExampleLogLoss.forEach((expected, row) =>
              expectClose(losses[row], expected, `row ${row}`),
            );
          }
        },
      );
    },
  );

  describe.each(regressionCases.map((c) => [c.name, c] as const))('regression: %s', (_name, testCase) => {
    it('matches every metric within 1e-6 and has exactly the report metric names', () => {
      const { metrics } = runRegression(testCase, Number.POSITIVE_INFINITY);
      expect(Object.keys(metrics)).toEqual([...METRIC_NAMES.regression]);
      for (const [name, expected] of Object.entries(testCase.expected))
        expectClose(metrics[name], expected, name);
    });

    it('gives identical results for batches of 1, 7 and all rows', () => {
      const reference = runRegression(testCase, Number.POSITIVE_INFINITY);
      for (const batchSize of BATCH_SIZES) expect(runRegression(testCase, batchSize)).toEqual(reference);
    });

    it('has per-example squared errors whose compensated mean is mse exactly', () => {
      const n = testCase.yTrue.length;
      const losses = new Float64Array(n);
      perExampleSquaredError(Float64Array.from(testCase.yTrue), Float32Array.from(testCase.yPred), n, losses);
      const sum = new NeumaierSum();
      for (const loss of losses) sum.add(loss);
      expect(sum.value / n).toBe(runRegression(testCase, 7).metrics.mse);
    });
  });
});
