import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DRIFT_SAMPLE_SIZE,
  DriftCollector,
  type CollectedFeatureDrift,
  type FeatureRows,
} from '../../src/evaluation/drift-collector.js';
import { ksTwoSample } from '../../src/stats/ks-two-sample.js';
import { populationStabilityIndex } from '../../src/stats/population-stability-index.js';
import { binIndex, quantileBinEdges } from '../../src/stats/quantile-bin-edges.js';
import { createRandomSource, type RandomSource } from '../../src/stats/random-source.js';

function normal(random: RandomSource): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  const u = 1 - random.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
}

/** Rows of three features: normal(mean, 1), a category 0..4 drawn with `weights`, uniform(0, 10). */
function makeRows(
  rows: number,
  seed: number,
  { mean = 0, weights = [0.2, 0.2, 0.2, 0.2, 0.2] }: { mean?: number; weights?: number[] } = {},
): Float64Array {
  const random = createRandomSource(seed, 200);
  const values = new Float64Array(rows * 3);
  for (let row = 0; row < rows; row++) {
    values[row * 3] = mean + normal(random);
    let u = random.nextDouble();
    let category = 0;
    while (category < weights.length - 1 && u >= (weights[category] as number)) {
      u -= weights[category] as number;
      category++;
    }
    values[row * 3 + 1] = category;
    values[row * 3 + 2] = 10 * random.nextDouble();
  }
  return values;
}

/** Feeds `values` in batches of `batchSize` rows. */
function feed(
  add: (batch: FeatureRows) => void,
  values: Float64Array,
  width: number,
  batchSize = 1000,
): void {
  const rows = values.length / width;
  for (let start = 0; start < rows; start += batchSize) {
    const count = Math.min(batchSize, rows - start);
    add({ rowCount: count, features: values.subarray(start * width, (start + count) * width) });
  }
}

const FEATURES = ['income', 'segment', 'tenure'];

function collect(reference: Float64Array, holdout: Float64Array, sampleSize?: number) {
  const collector = new DriftCollector({
    features: FEATURES,
    reference: { path: 'train-sample.csv' },
    seed: 7,
    sampleSize,
  });
  feed((batch) => collector.addReferenceBatch(batch), reference, 3);
  feed((batch) => collector.addHoldoutBatch(batch), holdout, 3);
  return collector.report();
}

function byName(features: CollectedFeatureDrift[], name: string): CollectedFeatureDrift {
  const found = features.find((feature) => feature.feature === name);
  if (found === undefined) throw new Error(`no feature ${name}`);
  return found;
}

describe('DriftCollector: holdout against reference', () => {
  it('finds no drift between two samples of one distribution', () => {
    const report = collect(makeRows(6000, 1), makeRows(9000, 2));
    expect(report.reference).toEqual({ path: 'train-sample.csv', rows: 6000 });
    expect(report.comparisons).toEqual([]);
    const income = byName(report.features, 'income');
    expect(income).toMatchObject({ kind: 'numeric', test: 'ks', bins: 10 });
    const segment = byName(report.features, 'segment');
    expect(segment).toMatchObject({ kind: 'categorical', test: 'chi-square', bins: 5 });
    for (const feature of report.features) {
      expect(feature.psi as number, feature.feature).toBeLessThan(0.02);
      expect(feature.pValue as number, feature.feature).toBeGreaterThan(0.05);
      expect(feature.effectSize as number, feature.feature).toBeLessThan(0.03);
    }
  });

  it('flags a shifted numeric feature and a shifted categorical one, with large effect sizes', () => {
    const report = collect(
      makeRows(6000, 3),
      makeRows(9000, 4, { mean: 1, weights: [0.5, 0.2, 0.1, 0.1, 0.1] }),
    );
    const income = byName(report.features, 'income');
    expect(income.psi as number).toBeGreaterThan(0.25);
    expect(income.effectSize as number).toBeGreaterThan(0.3); // KS D of a 1 sd shift is about 0.38
    expect(income.pValue as number).toBeLessThan(1e-10);
    const segment = byName(report.features, 'segment');
    expect(segment.psi as number).toBeGreaterThan(0.25);
    expect(segment.effectSize as number).toBeGreaterThan(0.25); // Cramér's V
    expect(segment.pValue as number).toBeLessThan(1e-10);
    const tenure = byName(report.features, 'tenure');
    expect(tenure.psi as number).toBeLessThan(0.02);
  });

  it('is exact when both files fit in the sample: same numbers as the statistics on every row', () => {
    const reference = makeRows(3000, 5);
    const holdout = makeRows(2000, 6, { mean: 0.3 });
    const report = collect(reference, holdout);
    const column = (values: Float64Array, feature: number) => values.filter((_v, i) => i % 3 === feature);
    const referenceIncome = column(reference, 0);
    const holdoutIncome = column(holdout, 0);
    const ks = ksTwoSample(referenceIncome, holdoutIncome);
    const income = byName(report.features, 'income');
    expect(income.statistic).toBe(ks.statistic);
    expect(income.pValue).toBe(ks.pValue);
    const edges = quantileBinEdges(Float64Array.from(referenceIncome).sort());
    const count = (values: Float64Array) => {
      const counts = new Array<number>(edges.length + 1).fill(0);
      for (const value of values)
        counts[binIndex(edges, value)] = (counts[binIndex(edges, value)] as number) + 1;
      return counts;
    };
    expect(income.psi).toBe(populationStabilityIndex(count(referenceIncome), count(holdoutIncome)).statistic);
    expect(income.tested).toEqual({ reference: 3000, holdout: 2000 });
    expect(report.notes.join('\n')).not.toMatch(/random samples/);
  });

  it('counts holdout values outside the reference range exactly', () => {
    const reference = Float64Array.from([0, 5, 1, 6, 2, 7, 3, 8]); // income 0..3, segment 5..8 (2 columns)
    const holdout = Float64Array.from([-1, 5, 0, 9, 3, 4, 3.5, 8, 2, 6]);
    const collector = new DriftCollector({ features: ['a', 'b'], reference: { path: 'r.csv' }, seed: 1 });
    feed((batch) => collector.addReferenceBatch(batch), reference, 2, 3);
    feed((batch) => collector.addHoldoutBatch(batch), holdout, 2, 2);
    const report = collector.report();
    // a: -1 and 3.5 are outside [0, 3]; b: 9 and 4 are outside [5, 8].
    expect(report.features.map((feature) => feature.outOfRange)).toEqual([2, 2]);
    expect(report.quality.map((quality) => quality.outOfReferenceRange)).toEqual([2, 2]);
    // b had 4 integer values in the reference: categorical, with 9 and 4 as unseen categories.
    const b = report.features[1] as CollectedFeatureDrift;
    expect(b.kind).toBe('categorical');
    expect(b.unseenCategoryRows).toBe(2);
    expect(b.bins).toBe(6);
    expect(b.note).toMatch(/2 holdout rows have a value the reference never had \(2 distinct values\)/);
  });

  it('decides numeric or categorical from the reference: at most 20 distinct integers', () => {
    const rows = 200;
    const reference = new Float64Array(rows * 3);
    for (let row = 0; row < rows; row++) {
      reference[row * 3] = row % 20; // 20 integers: categorical
      reference[row * 3 + 1] = row % 21; // 21 integers: numeric
      reference[row * 3 + 2] = (row % 3) + 0.5; // 3 values, not integers: numeric
    }
    const collector = new DriftCollector({
      features: ['c20', 'c21', 'halves'],
      reference: { path: 'r' },
      seed: 1,
    });
    feed((batch) => collector.addReferenceBatch(batch), reference, 3);
    feed((batch) => collector.addHoldoutBatch(batch), reference, 3);
    const kinds = collector.report().features.map((feature) => feature.kind);
    expect(kinds).toEqual(['categorical', 'numeric', 'numeric']);
  });

  it('reports missing (NaN) values and constant columns', () => {
    const reference = makeRows(100, 8);
    const holdout = makeRows(50, 9);
    for (let row = 0; row < 50; row++) holdout[row * 3 + 2] = 4; // tenure constant
    holdout[3] = Number.NaN;
    holdout[9] = Number.NaN;
    const report = collect(reference, holdout);
    expect(report.quality).toEqual([
      { column: 'income', missing: 2, constant: false, outOfReferenceRange: expect.any(Number) },
      { column: 'segment', missing: 0, constant: false, outOfReferenceRange: 0 },
      { column: 'tenure', missing: 0, constant: true, outOfReferenceRange: 0 },
    ]);
    expect(byName(report.features, 'income').tested).toEqual({ reference: 100, holdout: 48 });
  });

  it('works without a reference: data quality and prediction drift only', () => {
    const collector = new DriftCollector({ features: FEATURES, reference: null, seed: 3, task: 'binary' });
    feed((batch) => collector.addHoldoutBatch(batch), makeRows(500, 10), 3);
    const scores = Float64Array.from({ length: 500 }, (_v, i) => (i % 100) / 100);
    collector.addPredictions(scores, scores, 500);
    const report = collector.report();
    expect(report.reference).toBeNull();
    expect(report.features).toEqual([]);
    expect(report.quality.every((quality) => quality.outOfReferenceRange === null)).toBe(true);
    expect(report.prediction).toMatchObject({
      psi: 0,
      ksStatistic: 0,
      pValue: 1,
      score: 'P(class 1)',
      rows: 500,
    });
    expect(() => collector.addReferenceBatch({ rowCount: 0, features: new Float64Array(0) })).toThrow(
      /no reference was configured/,
    );
  });

  it('refuses reference rows after holdout rows, and batches of the wrong width', () => {
    const collector = new DriftCollector({ features: FEATURES, reference: { path: 'r' }, seed: 3 });
    collector.addReferenceBatch({ rowCount: 2, features: makeRows(2, 11) });
    collector.addHoldoutBatch({ rowCount: 2, features: makeRows(2, 12) });
    expect(() => collector.addReferenceBatch({ rowCount: 2, features: makeRows(2, 13) })).toThrow(
      /reference batch came after the holdout rows/,
    );
    expect(() => collector.addHoldoutBatch({ rowCount: 3, features: new Float64Array(6) })).toThrow(
      /3 rows x 3 features has 6 values/,
    );
  });
});

describe('DriftCollector: prediction drift', () => {
  it('shows a shift of the candidate scores and none for identical ones', () => {
    const random = createRandomSource(5, 201);
    const rows = 30_000;
    const baseline = Float64Array.from({ length: rows }, () => random.nextDouble());
    const shifted = baseline.map((p) => Math.min(1, p * 0.5 + 0.5));
    const collector = new DriftCollector({ features: ['x'], reference: null, seed: 1, task: 'multiclass' });
    for (let start = 0; start < rows; start += 8192) {
      const count = Math.min(8192, rows - start);
      collector.addPredictions(
        shifted.subarray(start, start + count),
        baseline.subarray(start, start + count),
        count,
      );
    }
    const prediction = collector.report().prediction;
    expect(prediction).not.toBeNull();
    expect(prediction?.score).toBe('the highest class probability');
    expect(prediction?.rows).toBe(rows);
    expect(prediction?.sampledRows).toBe(DEFAULT_DRIFT_SAMPLE_SIZE);
    expect(prediction?.psi as number).toBeGreaterThan(0.25);
    expect(prediction?.ksStatistic as number).toBeGreaterThan(0.4);
    expect(collector.report().notes.join('\n')).toMatch(/conservative/);
  });

  it('is null when no scores were given', () => {
    const collector = new DriftCollector({ features: ['x'], reference: null, seed: 1 });
    expect(collector.report().prediction).toBeNull();
  });
});

describe('DriftCollector: bounded memory', () => {
  it('streams 1,000,000 rows x 30 features with fixed-size samples', () => {
    const width = 30;
    const batchRows = 8192;
    const random = createRandomSource(9, 202);
    const batch = new Float32Array(batchRows * width);
    for (let i = 0; i < batch.length; i++) batch[i] = normal(random);
    const features = Array.from({ length: width }, (_v, i) => `f${i}`);
    const collector = new DriftCollector({ features, reference: { path: 'r' }, seed: 4 });
    const bound = (2 * width + 2) * DEFAULT_DRIFT_SAMPLE_SIZE;
    expect(collector.sampledValues()).toBe(bound);
    for (let rows = 0; rows < 100_000; rows += batchRows) {
      collector.addReferenceBatch({ rowCount: Math.min(batchRows, 100_000 - rows), features: batch });
    }
    const scores = new Float64Array(batchRows).map((_v, i) => i / batchRows);
    let rows = 0;
    while (rows < 1_000_000) {
      const count = Math.min(batchRows, 1_000_000 - rows);
      collector.addHoldoutBatch({ rowCount: count, features: batch });
      collector.addPredictions(scores, scores, count);
      rows += count;
    }
    expect(collector.sampledValues()).toBe(bound);
    expect(collector.sampleSizes()).toEqual({ reference: 20_000, holdout: 20_000, prediction: 20_000 });
    const report = collector.report();
    expect(report.reference?.rows).toBe(100_000);
    expect(report.features).toHaveLength(width);
    for (const feature of report.features) {
      expect(feature.tested).toEqual({ reference: 20_000, holdout: 20_000 });
      expect(feature.psi as number).toBeLessThan(0.01);
    }
    expect(report.notes.join('\n')).toMatch(
      /uniform random samples of at most 20,000 rows of each file \(seed 4\)/,
    );
  }, 20_000);
});
