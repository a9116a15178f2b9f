/**
 * Timing of the two paired bootstraps on synthetic data, for the project's benchmark script.
 *
 * What model-gate uses it for: the performance bar (DESIGN.md section 5: statistics add a few percent to
 * the time of reading the data and running the models). The target: 10,000 resamples over
 * 1,000,000 rows well under a second. This function builds a synthetic holdout of `rows` rows (seeded),
 * then times, separately:
 * - cells: pairedBootstrapCells for macro F1 on a K-class confusion cube (K = 3: 27 cells);
 * - grouped: filling GroupedSums with 4 statistics per row (R2: err_c^2, err_b^2, y, y^2), which the
 *   pipeline does while streaming, and pairedBootstrapGrouped for delta R2.
 * It returns milliseconds and the results (so a caller can check that the work was done). Not a test:
 * timings depend on the machine.
 * No reference values (nothing statistical is computed here beyond calling the tested functions).
 */
import { performance } from 'node:perf_hooks';

import type { BootstrapInference } from './bootstrap-summary.js';
import { confusionCellIndex, confusionMetricDelta, pairedBootstrapCells } from './paired-bootstrap-cells.js';
import { GroupedSums, pairedBootstrapGrouped } from './paired-bootstrap-grouped.js';
import { createRandomSource } from './random-source.js';

export interface BootstrapBenchmarkOptions {
  /** Rows of the synthetic holdout (default 1,000,000). */
  rows?: number;
  /** Resamples B (default 10,000). */
  resamples?: number;
  /** Seed of data and resampling (default 1). */
  seed?: number;
  /** Classes of the synthetic classification task (default 3). */
  classCount?: number;
}

export interface BootstrapBenchmarkResult {
  rows: number;
  resamples: number;
  /** pairedBootstrapCells, macro F1 over K^3 cells. */
  cellsMilliseconds: number;
  /** Filling GroupedSums row by row (the streaming part). */
  groupedAccumulateMilliseconds: number;
  /** pairedBootstrapGrouped for delta R2. */
  groupedResampleMilliseconds: number;
  cells: BootstrapInference;
  grouped: BootstrapInference;
}

/** Macro F1 of a K x K confusion matrix (row = label, column = prediction); 0 for a class with no support. */
function macroF1(confusion: Float64Array, classCount: number): number {
  let total = 0;
  for (let klass = 0; klass < classCount; klass += 1) {
    let predicted = 0;
    let actual = 0;
    for (let other = 0; other < classCount; other += 1) {
      predicted += confusion[other * classCount + klass] as number;
      actual += confusion[klass * classCount + other] as number;
    }
    const truePositives = confusion[klass * classCount + klass] as number;
    total += predicted + actual === 0 ? 0 : (2 * truePositives) / (predicted + actual);
  }
  return total / classCount;
}

/** Runs both bootstraps on synthetic data and reports the timings. */
export function benchmarkBootstrap(options: BootstrapBenchmarkOptions = {}): BootstrapBenchmarkResult {
  const rows = options.rows ?? 1_000_000;
  const resamples = options.resamples ?? 10_000;
  const seed = options.seed ?? 1;
  const classCount = options.classCount ?? 3;
  const random = createRandomSource(seed, 2);

  const cube = new Float64Array(classCount ** 3);
  for (let row = 0; row < rows; row += 1) {
    const label = Math.floor(random.nextDouble() * classCount);
    const candidate = random.nextDouble() < 0.85 ? label : Math.floor(random.nextDouble() * classCount);
    const baseline = random.nextDouble() < 0.84 ? label : Math.floor(random.nextDouble() * classCount);
    const cell = confusionCellIndex(label, candidate, baseline, classCount);
    cube[cell] = (cube[cell] as number) + 1;
  }
  const inferenceOptions = { confidence: 0.9, margin: 0.005, resamples, seed };
  let start = performance.now();
  const cells = pairedBootstrapCells(cube, confusionMetricDelta(classCount, macroF1, true), inferenceOptions);
  const cellsMilliseconds = performance.now() - start;

  // Synthetic regression rows: y ~ N(0, 1) by Box-Muller, candidate error sd 0.5, baseline 0.52.
  const target = new Float64Array(rows);
  const candidateError = new Float64Array(rows);
  const baselineError = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
    const angle = 2 * Math.PI * random.nextDouble();
    target[row] = radius * Math.cos(angle);
    const shared = radius * Math.sin(angle);
    candidateError[row] = 0.5 * shared;
    baselineError[row] = 0.52 * shared + 0.05 * (random.nextDouble() - 0.5);
  }
  start = performance.now();
  const sums = new GroupedSums({ statisticCount: 4, seed });
  const row = new Float64Array(4);
  for (let index = 0; index < rows; index += 1) {
    const y = target[index] as number;
    const errorCandidate = candidateError[index] as number;
    const errorBaseline = baselineError[index] as number;
    row[0] = errorCandidate * errorCandidate;
    row[1] = errorBaseline * errorBaseline;
    row[2] = y;
    row[3] = y * y;
    sums.add(row);
  }
  const groupedAccumulateMilliseconds = performance.now() - start;
  const deltaR2 = (totals: Float64Array): number => {
    const count = totals[4] as number;
    const sumY = totals[2] as number;
    const totalSquares = (totals[3] as number) - (sumY * sumY) / count;
    // R2_c - R2_b = (SSE_b - SSE_c) / SST
    return ((totals[1] as number) - (totals[0] as number)) / totalSquares;
  };
  start = performance.now();
  const grouped = pairedBootstrapGrouped(sums, deltaR2, inferenceOptions);
  const groupedResampleMilliseconds = performance.now() - start;
  return {
    rows,
    resamples,
    cellsMilliseconds,
    groupedAccumulateMilliseconds,
    groupedResampleMilliseconds,
    cells,
    grouped,
  };
}
