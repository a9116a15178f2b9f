// The seeded samplers and both paired bootstraps: exactness of the samplers (goodness of fit at a fixed seed),
// reproducibility, agreement of the grouped bootstrap with a plain row bootstrap, the interval / p-value
// equivalences of the percentile summary, and coverage on simulated data. Everything is seeded: the
// statistical checks are deterministic, and their tolerances are several Monte Carlo standard errors wide.
import { describe, expect, it } from 'vitest';

import { sampleBinomial } from '../../src/stats/binomial-sample.js';
import { summarizeBootstrap } from '../../src/stats/bootstrap-summary.js';
import { binomialCdfAt, chiSquareSf } from '../../src/stats/distributions.js';
import {
  confusionCellIndex,
  confusionMetricDelta,
  pairedBootstrapCells,
  pairedBootstrapCellsShared,
  sampleMultinomial,
} from '../../src/stats/paired-bootstrap-cells.js';
import {
  GroupedSums,
  pairedBootstrapGrouped,
  type TotalsDelta,
} from '../../src/stats/paired-bootstrap-grouped.js';
import { pairedMeanDifference, summarizeDifferences } from '../../src/stats/paired-mean-difference.js';
import { pairedProportionDifference } from '../../src/stats/paired-proportion-difference.js';
import { createRandomSource, type RandomSource } from '../../src/stats/random-source.js';

function standardNormal(random: RandomSource): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
  return radius * Math.cos(2 * Math.PI * random.nextDouble());
}

/** Macro F1 over K classes; a class with no support and no prediction contributes 0 (scikit-learn's default). */
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

function accuracy(confusion: Float64Array, classCount: number): number {
  let right = 0;
  let all = 0;
  for (let index = 0; index < confusion.length; index += 1) {
    all += confusion[index] as number;
    if (Math.floor(index / classCount) === index % classCount) right += confusion[index] as number;
  }
  return right / all;
}

describe('binomial sampler (BTRS and inversion)', () => {
  const cases: Array<[number, number]> = [
    [20, 0.3], // inversion
    [100, 0.095], // inversion, n p = 9.5, just below the switch
    [1_000_000, 5e-6], // inversion, huge n
    [50, 0.9], // mirrored inversion
    [40, 0.25], // BTRS at the switch, n p = 10
    [1000, 0.012], // BTRS, n p = 12
    [200, 0.5], // BTRS
    [1000, 0.05], // BTRS, n p = 50
    [5000, 0.97], // mirrored BTRS
    [1_000_000, 0.5], // BTRS, mostly the box
    [123_456_789, 0.31], // BTRS, very large n
  ];
  for (const [trials, probability] of cases) {
    it(`fits Binomial(${trials}, ${probability}) (chi-square at a fixed seed)`, () => {
      const random = createRandomSource(7, 0);
      const draws = 100_000;
      const values = new Float64Array(draws);
      for (let index = 0; index < draws; index += 1)
        values[index] = sampleBinomial(random, trials, probability);
      const mean = trials * probability;
      const sd = Math.sqrt(mean * (1 - probability));
      // Bins: single values around the mean out to 5 sd, merged until each expects >= 20 draws.
      const low = Math.max(0, Math.floor(mean - 5 * sd));
      const high = Math.min(trials, Math.ceil(mean + 5 * sd));
      const edges: number[] = [];
      let expectedInBin = 0;
      let previousCdf = low === 0 ? 0 : binomialCdfAt(low - 1, trials, probability);
      for (let value = low; value <= high; value += 1) {
        const cdf = binomialCdfAt(value, trials, probability);
        expectedInBin += (cdf - previousCdf) * draws;
        previousCdf = cdf;
        if (expectedInBin >= 20) {
          edges.push(value);
          expectedInBin = 0;
        }
      }
      edges[edges.length - 1] = trials; // the last bin takes the upper tail
      const observed = new Float64Array(edges.length);
      for (const value of values) {
        let bin = 0;
        while ((edges[bin] as number) < value) bin += 1;
        observed[bin] = (observed[bin] as number) + 1;
      }
      let statistic = 0;
      let lowerCdf = 0;
      edges.forEach((edge, bin) => {
        const cdf = binomialCdfAt(edge, trials, probability);
        const expected = (cdf - lowerCdf) * draws;
        lowerCdf = cdf;
        statistic += ((observed[bin] as number) - expected) ** 2 / expected;
      });
      const pValue = chiSquareSf(statistic, edges.length - 1);
      expect(pValue).toBeGreaterThan(1e-3);
      const sampleMean = values.reduce((sum, value) => sum + value, 0) / draws;
      expect(Math.abs(sampleMean - mean)).toBeLessThan((4 * sd) / Math.sqrt(draws));
    });
  }

  it('handles the edges exactly and validates its arguments', () => {
    const random = createRandomSource(1);
    expect(sampleBinomial(random, 0, 0.4)).toBe(0);
    expect(sampleBinomial(random, 10, 0)).toBe(0);
    expect(sampleBinomial(random, 10, 1)).toBe(10);
    expect(() => sampleBinomial(random, -1, 0.5)).toThrow(/trials/);
    expect(() => sampleBinomial(random, 10, 1.5)).toThrow(/probability/);
  });
});

describe('multinomial sampler', () => {
  it('keeps the total and has the multinomial moments', () => {
    const random = createRandomSource(3);
    const weights = Float64Array.of(500, 0, 300, 150, 50);
    const order = Int32Array.of(0, 2, 3, 4);
    const total = 1000;
    const draws = 5000;
    const output = new Float64Array(weights.length);
    const sums = new Float64Array(weights.length);
    const squares = new Float64Array(weights.length);
    let crossProduct = 0;
    for (let draw = 0; draw < draws; draw += 1) {
      sampleMultinomial(random, total, weights, order, output);
      expect(output.reduce((sum, value) => sum + value, 0)).toBe(total);
      expect(output[1]).toBe(0);
      output.forEach((value, cell) => {
        sums[cell] = (sums[cell] as number) + value;
        squares[cell] = (squares[cell] as number) + value * value;
      });
      crossProduct += (output[0] as number) * (output[2] as number);
    }
    for (const cell of [0, 2, 3, 4]) {
      const probability = (weights[cell] as number) / 1000;
      const mean = (sums[cell] as number) / draws;
      const variance = (squares[cell] as number) / draws - mean * mean;
      const expectedVariance = total * probability * (1 - probability);
      expect(Math.abs(mean - total * probability)).toBeLessThan(4 * Math.sqrt(expectedVariance / draws));
      expect(Math.abs(variance / expectedVariance - 1)).toBeLessThan(0.1);
    }
    const covariance = crossProduct / draws - ((sums[0] as number) / draws) * ((sums[2] as number) / draws);
    expect(covariance / (-total * 0.5 * 0.3)).toBeGreaterThan(0.85);
    expect(covariance / (-total * 0.5 * 0.3)).toBeLessThan(1.15);
  });
});

describe('percentile summary: interval and p-values tell the same story', () => {
  it('uses the (B + 1) a-th order statistics', () => {
    const deltas = Float64Array.from({ length: 9999 }, (_, index) => (index * 7919) % 9999);
    const summary = summarizeBootstrap(deltas, { confidence: 0.9, margin: 0 });
    expect(summary.ci).toEqual([499, 9499]);
    const even = summarizeBootstrap(
      Float64Array.from({ length: 10000 }, (_, index) => index),
      { confidence: 0.9, margin: 0 },
    );
    expect(even.ci).toEqual([499, 9500]);
  });

  it('has lower > -d exactly when p(non-inferiority) <= a, and upper < -d exactly when p(regression) <= a', () => {
    const random = createRandomSource(11);
    for (const resamples of [199, 999, 10000]) {
      for (let repeat = 0; repeat < 20; repeat += 1) {
        // Deltas on a coarse grid, so ties at -d are common (as for confusion metrics on small holdouts).
        const deltas = Float64Array.from(
          { length: resamples },
          () => Math.round(standardNormal(random) * 8) / 100 + 0.02,
        );
        for (const margin of [0, 0.01, 0.02, 0.05, 0.1, 0.15]) {
          const summary = summarizeBootstrap(Float64Array.from(deltas), { confidence: 0.9, margin });
          const [lower, upper] = summary.ci as [number, number];
          expect(lower > -margin).toBe((summary.pValueNonInferiority as number) <= 0.05);
          expect(upper < -margin).toBe((summary.pValueRegression as number) <= 0.05);
        }
      }
    }
  });

  it('leaves undefined resamples out and says so', () => {
    const summary = summarizeBootstrap(Float64Array.of(Number.NaN, 1, 2, 3, Number.NaN), {
      confidence: 0.5,
      margin: 0,
    });
    expect(summary.used).toBe(3);
    expect(summary.undefinedResamples).toBe(2);
    expect(summary.reason).toMatch(/2 resample/);
    expect(summarizeBootstrap(Float64Array.of(1), { confidence: 0.9, margin: 0 }).ci).toBeNull();
    expect(summarizeBootstrap(Float64Array.of(1, 2, 3), { confidence: 0.9, margin: 0 }).reason).toMatch(
      /too few/,
    );
  });
});

/** A K x K x K cube from rows (label, candidate prediction, baseline prediction). */
function cubeFrom(rows: Array<[number, number, number, number]>, classCount: number): Float64Array {
  const cube = new Float64Array(classCount ** 3);
  for (const [label, candidate, baseline, count] of rows) {
    cube[confusionCellIndex(label, candidate, baseline, classCount)] = count;
  }
  return cube;
}

describe('paired bootstrap over confusion cells', () => {
  const binaryCube = cubeFrom(
    [
      [0, 0, 0, 3100],
      [0, 0, 1, 240],
      [0, 1, 0, 180],
      [0, 1, 1, 480],
      [1, 1, 1, 4300],
      [1, 1, 0, 330],
      [1, 0, 1, 260],
      [1, 0, 0, 1110],
    ],
    2,
  );
  const f1Delta = confusionMetricDelta(2, macroF1, true);

  it('is reproducible at a fixed seed and moves with the seed', () => {
    const options = { confidence: 0.9, margin: 0.01, resamples: 2000, seed: 2024 };
    const first = pairedBootstrapCells(binaryCube, f1Delta, options);
    const second = pairedBootstrapCells(binaryCube, f1Delta, options);
    expect(second).toEqual(first);
    const other = pairedBootstrapCells(binaryCube, f1Delta, { ...options, seed: 2025 });
    expect(other.ci).not.toEqual(first.ci);
    expect(Math.abs((other.ci as [number, number])[0] - (first.ci as [number, number])[0])).toBeLessThan(
      0.3 * (first.standardError as number),
    );
    expect(first).toMatchObject({
      resamples: 2000,
      seed: 2024,
      undefinedResamples: 0,
      statistic: null,
      n: 10000,
    });
    expect(first.estimate).toBeCloseTo(
      macroF1(Float64Array.of(3340, 660, 1370, 4630), 2) - macroF1(Float64Array.of(3280, 720, 1440, 4560), 2),
      12,
    );
  });

  it('gives each metric of a shared resampling the result it would get alone', () => {
    const options = { confidence: 0.9, margin: 0.01, resamples: 500, seed: 8 };
    const accuracyDelta = confusionMetricDelta(2, accuracy, true);
    const shared = pairedBootstrapCellsShared(binaryCube, [f1Delta, accuracyDelta], options);
    expect(shared[0]).toEqual(pairedBootstrapCells(binaryCube, f1Delta, options));
    expect(shared[1]).toEqual(pairedBootstrapCells(binaryCube, accuracyDelta, options));
  });

  it('agrees with the delta-method standard error of an accuracy difference', () => {
    const result = pairedBootstrapCells(binaryCube, confusionMetricDelta(2, accuracy, true), {
      confidence: 0.9,
      margin: 0,
      resamples: 10000,
      seed: 5,
    });
    // b = candidate right / baseline wrong = 240 + 330, c = 180 + 260.
    const b = 570;
    const c = 440;
    const n = 10000;
    const wald = Math.sqrt(b + c - ((b - c) * (b - c)) / n) / n;
    expect(result.estimate).toBeCloseTo((b - c) / n, 14);
    expect(Math.abs((result.standardError as number) / wald - 1)).toBeLessThan(0.03);
    // And its interval is close to Tango's (same data, different method).
    const tango = pairedProportionDifference(
      { bothRight: 3100 + 4300, candidateOnlyRight: b, baselineOnlyRight: c, bothWrong: 480 + 1110 },
      { confidence: 0.9, margin: 0 },
    );
    expect(Math.abs((result.ci as [number, number])[0] - (tango.ci as [number, number])[0])).toBeLessThan(
      0.1 * wald,
    );
    expect(Math.abs((result.ci as [number, number])[1] - (tango.ci as [number, number])[1])).toBeLessThan(
      0.1 * wald,
    );
  });

  it('counts resamples where the metric is undefined', () => {
    // A tiny holdout where a resample can miss class 1 entirely; the metric says NaN then.
    const cube = cubeFrom(
      [
        [0, 0, 0, 6],
        [1, 1, 0, 1],
      ],
      2,
    );
    const recallOfClassOne = (confusion: Float64Array): number => {
      const support = (confusion[2] as number) + (confusion[3] as number);
      return support === 0 ? Number.NaN : (confusion[3] as number) / support;
    };
    const result = pairedBootstrapCells(cube, confusionMetricDelta(2, recallOfClassOne, true), {
      confidence: 0.8,
      margin: 0,
      resamples: 500,
      seed: 1,
    });
    expect(result.undefinedResamples).toBeGreaterThan(100);
    expect(result.reason).toMatch(/undefined delta were left out/);
  });

  it('returns nulls for an empty table and checks its inputs', () => {
    expect(pairedBootstrapCells(new Float64Array(8), f1Delta, { confidence: 0.9, margin: 0 })).toMatchObject({
      estimate: null,
      n: 0,
    });
    expect(() => pairedBootstrapCells([1, -2], f1Delta, { confidence: 0.9, margin: 0 })).toThrow(/cell 1/);
    expect(() =>
      pairedBootstrapCells(binaryCube, f1Delta, { confidence: 0.9, margin: 0, resamples: 0 }),
    ).toThrow(/resamples/);
  });

  it('covers the true macro-F1 difference about 90% of the time (500 simulated holdouts)', () => {
    // Population over (label, candidate, baseline): candidate slightly better on class 1.
    const population = cubeFrom(
      [
        [0, 0, 0, 0.3],
        [0, 0, 1, 0.05],
        [0, 1, 0, 0.04],
        [0, 1, 1, 0.06],
        [1, 1, 1, 0.33],
        [1, 1, 0, 0.08],
        [1, 0, 1, 0.05],
        [1, 0, 0, 0.09],
      ],
      2,
    );
    const order = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7].map((index) => index));
    const populationCounts = population.map((value) => Math.round(value * 1e6));
    const truth = f1Delta(population, order);
    const random = createRandomSource(99);
    const sample = new Float64Array(8);
    let covered = 0;
    const simulations = 500;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      sampleMultinomial(random, 400, populationCounts, order, sample);
      const result = pairedBootstrapCells(sample, f1Delta, {
        confidence: 0.9,
        margin: 0,
        resamples: 399,
        seed: simulation,
      });
      const [lower, upper] = result.ci as [number, number];
      if (lower <= truth && truth <= upper) covered += 1;
    }
    // 90% +- 3.5 Monte Carlo standard errors (sqrt(0.9 * 0.1 / 500) = 0.0134).
    expect(covered / simulations).toBeGreaterThan(0.853);
    expect(covered / simulations).toBeLessThan(0.947);
  });
});

/** Regression rows: y, candidate error, baseline error (correlated), as 4 statistics for R2 / RMSE. */
function regressionRows(
  random: RandomSource,
  rows: number,
  candidateScale: number,
  baselineScale: number,
): Float64Array[] {
  const columns = [
    new Float64Array(rows),
    new Float64Array(rows),
    new Float64Array(rows),
    new Float64Array(rows),
  ];
  for (let row = 0; row < rows; row += 1) {
    const y = 2 + standardNormal(random);
    const shared = standardNormal(random);
    // Skewed errors (a mixture), so the bootstrap distribution is not a trivial normal.
    const spike = random.nextDouble() < 0.05 ? 3 * standardNormal(random) : 0;
    const errorCandidate = candidateScale * (0.8 * shared + 0.6 * standardNormal(random)) + spike;
    const errorBaseline = baselineScale * (0.8 * shared + 0.6 * standardNormal(random)) + spike;
    (columns[0] as Float64Array)[row] = errorCandidate * errorCandidate;
    (columns[1] as Float64Array)[row] = errorBaseline * errorBaseline;
    (columns[2] as Float64Array)[row] = y;
    (columns[3] as Float64Array)[row] = y * y;
  }
  return columns;
}

/** RMSE_baseline - RMSE_candidate (lower is better, so positive = candidate better). */
const deltaRmse: TotalsDelta = (totals) =>
  Math.sqrt((totals[1] as number) / (totals[4] as number)) -
  Math.sqrt((totals[0] as number) / (totals[4] as number));

/** R2_candidate - R2_baseline = (SSE_b - SSE_c) / SST. */
const deltaR2: TotalsDelta = (totals) => {
  const count = totals[4] as number;
  const sumY = totals[2] as number;
  const totalSquares = (totals[3] as number) - (sumY * sumY) / count;
  return totalSquares === 0 ? Number.NaN : ((totals[1] as number) - (totals[0] as number)) / totalSquares;
};

/** The textbook row bootstrap: n row indices with replacement per resample (slow: O(n) per resample). */
function rowBootstrap(
  columns: Float64Array[],
  delta: TotalsDelta,
  resamples: number,
  seed: number,
): Float64Array {
  const rows = (columns[0] as Float64Array).length;
  const random = createRandomSource(seed, 9);
  const deltas = new Float64Array(resamples);
  const totals = new Float64Array(5);
  for (let resample = 0; resample < resamples; resample += 1) {
    totals.fill(0);
    for (let draw = 0; draw < rows; draw += 1) {
      const row = Math.floor(random.nextDouble() * rows);
      for (let statistic = 0; statistic < 4; statistic += 1) {
        totals[statistic] =
          (totals[statistic] as number) + ((columns[statistic] as Float64Array)[row] as number);
      }
    }
    totals[4] = rows;
    deltas[resample] = delta(totals);
  }
  return deltas;
}

describe('paired bootstrap over random row groups', () => {
  const columns = regressionRows(createRandomSource(31), 3000, 1, 1.08);
  function fill(groups: number, partitions: number, seed: number): GroupedSums {
    const sums = new GroupedSums({ statisticCount: 4, groups, partitions, seed });
    sums.addColumns(columns, 3000);
    return sums;
  }

  for (const [name, delta] of [
    ['RMSE', deltaRmse],
    ['R2', deltaR2],
  ] as const) {
    for (const [groups, partitions] of [
      [2048, 8],
      [64, 8],
    ] as const) {
      it(`matches a plain row bootstrap for delta ${name} (G = ${groups}, R = ${partitions}, n = 3000)`, () => {
        const resamples = 3000;
        const row = rowBootstrap(columns, delta, resamples, 77);
        const rowSummary = summarizeBootstrap(Float64Array.from(row), { confidence: 0.9, margin: 0 });
        const grouped = pairedBootstrapGrouped(fill(groups, partitions, 5), delta, {
          confidence: 0.9,
          margin: 0,
          resamples,
          seed: 6,
        });
        const rowSe = rowSummary.standardError as number;
        // Relative Monte Carlo error of a bootstrap SD at B = 3000 is ~1.3% each; the grouping adds about
        // 1 / sqrt(2 R G): 0.3% for G = 2048, 3% for G = 64 (4% measured on this skewed data). Allow about
        // 4 combined standard errors.
        const allowed = groups >= 2048 ? 0.08 : 0.2;
        expect(Math.abs((grouped.standardError as number) / rowSe - 1)).toBeLessThan(allowed);
        // Percentile endpoints: Monte Carlo error about 0.12 SE each at B = 3000.
        const endpointAllowed = (groups >= 2048 ? 0.6 : 0.9) * rowSe;
        expect(
          Math.abs((grouped.ci as [number, number])[0] - (rowSummary.ci as [number, number])[0]),
        ).toBeLessThan(endpointAllowed);
        expect(
          Math.abs((grouped.ci as [number, number])[1] - (rowSummary.ci as [number, number])[1]),
        ).toBeLessThan(endpointAllowed);
        // Both are centred on the estimate.
        const sum = columns.map((column) => column.reduce((total, value) => total + value, 0));
        expect(grouped.estimate).toBeCloseTo(delta(Float64Array.of(...sum, 3000)), 12);
        expect(
          Math.abs(
            (grouped.ci as [number, number])[0] +
              (grouped.ci as [number, number])[1] -
              2 * (grouped.estimate as number),
          ),
        ).toBeLessThan(0.6 * rowSe);
      });
    }
  }

  it('is reproducible and gives the same sums row by row or by columns', () => {
    const byColumns = fill(256, 4, 12);
    const byRows = new GroupedSums({ statisticCount: 4, groups: 256, partitions: 4, seed: 12 });
    for (let row = 0; row < 3000; row += 1) byRows.add(columns.map((column) => column[row] as number));
    expect(byRows.sums).toEqual(byColumns.sums);
    expect(byRows.rows).toBe(3000);
    const options = { confidence: 0.95, margin: 0.01, resamples: 500, seed: 3 };
    expect(pairedBootstrapGrouped(byRows, deltaRmse, options)).toEqual(
      pairedBootstrapGrouped(byColumns, deltaRmse, options),
    );
    const totals = byRows.totals();
    expect(totals[4]).toBe(3000);
    // Every partition holds every row once.
    for (let partition = 0; partition < 4; partition += 1) {
      let count = 0;
      for (let group = 0; group < 256; group += 1)
        count += byRows.sums[(partition * 256 + group) * 5 + 4] as number;
      expect(count).toBe(3000);
    }
  });

  it('validates its configuration and reports an empty or undefined case as null', () => {
    expect(() => new GroupedSums({ statisticCount: 4, groups: 1000 })).toThrow(/power of two/);
    expect(() => new GroupedSums({ statisticCount: 0 })).toThrow(/statisticCount/);
    expect(() => new GroupedSums({ statisticCount: 2, partitions: 0 })).toThrow(/partitions/);
    const sums = new GroupedSums({ statisticCount: 4, groups: 16, partitions: 2 });
    expect(() => sums.add([1, Number.NaN, 0, 0])).toThrow(/statistic 1 of row 0/);
    expect(
      pairedBootstrapGrouped(new GroupedSums({ statisticCount: 4 }), deltaR2, { confidence: 0.9, margin: 0 }),
    ).toMatchObject({
      estimate: null,
      n: 0,
    });
    const constant = new GroupedSums({ statisticCount: 4, groups: 16, partitions: 2 });
    for (let row = 0; row < 10; row += 1) constant.add([1, 2, 3, 9]);
    expect(pairedBootstrapGrouped(constant, deltaR2, { confidence: 0.9, margin: 0 }).reason).toMatch(
      /undefined on the data/,
    );
  });

  it('covers the true RMSE difference about 90% of the time (400 simulated holdouts)', () => {
    // Population: errors e = scale * N(0, 1) (no spike), so RMSE = scale; candidate 1.0, baseline 1.1.
    const truth = 1.1 - 1.0;
    const random = createRandomSource(123);
    let covered = 0;
    const simulations = 400;
    const row = new Float64Array(4);
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      const sums = new GroupedSums({ statisticCount: 4, groups: 256, partitions: 4, seed: simulation });
      for (let index = 0; index < 500; index += 1) {
        const shared = standardNormal(random);
        const errorCandidate = 1.0 * (0.8 * shared + 0.6 * standardNormal(random));
        const errorBaseline = 1.1 * (0.8 * shared + 0.6 * standardNormal(random));
        row[0] = errorCandidate * errorCandidate;
        row[1] = errorBaseline * errorBaseline;
        sums.add(row);
      }
      const result = pairedBootstrapGrouped(sums, deltaRmse, {
        confidence: 0.9,
        margin: 0,
        resamples: 399,
        seed: simulation,
      });
      const [lower, upper] = result.ci as [number, number];
      if (lower <= truth && truth <= upper) covered += 1;
    }
    // 90% +- 3.5 Monte Carlo standard errors (0.015 at 400 simulations).
    expect(covered / simulations).toBeGreaterThan(0.847);
    expect(covered / simulations).toBeLessThan(0.953);
  });
});

describe('calibration and coverage of the analytic methods (simulated)', () => {
  it('Tango: at a true delta of exactly -d the regression test rejects about alpha of the time', () => {
    // p10 - p01 = 0.06 - 0.08 = -0.02 = -d.
    const random = createRandomSource(8);
    const cells = Float64Array.of(700, 60, 80, 160);
    const order = Int32Array.of(0, 1, 2, 3);
    const sample = new Float64Array(4);
    let rejected = 0;
    let covered = 0;
    const simulations = 2000;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      sampleMultinomial(random, 600, cells, order, sample);
      const result = pairedProportionDifference(
        {
          bothRight: sample[0] as number,
          candidateOnlyRight: sample[1] as number,
          baselineOnlyRight: sample[2] as number,
          bothWrong: sample[3] as number,
        },
        { confidence: 0.9, margin: 0.02 },
      );
      if ((result.pValueRegression as number) <= 0.05) rejected += 1;
      const [lower, upper] = result.ci as [number, number];
      if (lower <= -0.02 && -0.02 <= upper) covered += 1;
    }
    // 0.05 +- 3.5 * sqrt(0.05 * 0.95 / 2000) = 0.05 +- 0.017.
    expect(rejected / simulations).toBeLessThan(0.067);
    expect(rejected / simulations).toBeGreaterThan(0.033);
    expect(covered / simulations).toBeGreaterThan(0.876);
    expect(covered / simulations).toBeLessThan(0.924);
  });

  it('paired t: covers a skewed loss difference about 90% of the time', () => {
    const random = createRandomSource(21);
    const differences = new Float64Array(300);
    let covered = 0;
    const simulations = 500;
    for (let simulation = 0; simulation < simulations; simulation += 1) {
      for (let index = 0; index < 300; index += 1) {
        // Exponential(1) - Exponential(1.1 mean): mean difference 1.1 - 1 = 0.1 in the candidate's favour.
        differences[index] = -1.1 * Math.log(1 - random.nextDouble()) + Math.log(1 - random.nextDouble());
      }
      const result = pairedMeanDifference(summarizeDifferences(differences), { confidence: 0.9, margin: 0 });
      const [lower, upper] = result.ci as [number, number];
      if (lower <= 0.1 && 0.1 <= upper) covered += 1;
    }
    expect(covered / simulations).toBeGreaterThan(0.853);
    expect(covered / simulations).toBeLessThan(0.947);
  });
});

describe('benchmarkBootstrap', () => {
  it('runs both bootstraps on synthetic data (small size here; timings are for the benchmark script)', async () => {
    const { benchmarkBootstrap } = await import('../../src/stats/bootstrap-benchmark.js');
    const result = benchmarkBootstrap({ rows: 20_000, resamples: 200, seed: 3 });
    expect(result.cells.ci).not.toBeNull();
    expect(result.grouped.ci).not.toBeNull();
    expect(result.cellsMilliseconds).toBeGreaterThanOrEqual(0);
    expect(result.grouped.n).toBe(20_000);
  });
});
