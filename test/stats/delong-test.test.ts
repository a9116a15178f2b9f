import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { DeLongResult } from '../../src/report/types.js';
import { delongTest } from '../../src/stats/delong-test.js';

interface DeLongCase {
  name: string;
  labels: number[];
  scoresCandidate: number[];
  scoresBaseline: number[];
  aucCandidate: number;
  aucBaseline: number;
  z: number;
  pValue: number;
  varianceCandidate: number;
  varianceBaseline: number;
  covariance: number;
}

// R pROC 1.18 roc.test(..., method = "delong", paired = TRUE), var() and cov() values,
// from scripts/reference/delong_reference.R via scripts/reference/stats_reference.py.
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/paired-tests.json', import.meta.url), 'utf8'),
) as { delong: DeLongCase[] };

function expectPValue(actual: number | null, expected: number): void {
  expect(actual).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  expect(error <= 1e-6 || error <= 1e-4 * Math.abs(expected), `p ${actual} vs ${expected}`).toBe(true);
}

function expectRelative(actual: number | null | undefined, expected: number, tolerance = 1e-9): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(tolerance * Math.abs(expected), 1e-15),
  );
}

function run(row: Pick<DeLongCase, 'labels' | 'scoresCandidate' | 'scoresBaseline'>) {
  return delongTest(
    Uint8Array.from(row.labels),
    Float64Array.from(row.scoresCandidate),
    Float64Array.from(row.scoresBaseline),
    row.labels.length,
  );
}

/** The original O(m k) definition, for cross-checks on small data. */
function bruteForce(labels: number[], candidate: number[], baseline: number[]) {
  const positives = labels.flatMap((label, row) => (label === 1 ? [row] : []));
  const negatives = labels.flatMap((label, row) => (label === 0 ? [row] : []));
  const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const placementsOf = (scores: number[]) => ({
    v10: positives.map(
      (i) => negatives.reduce((sum, j) => sum + psi(scores[i]!, scores[j]!), 0) / negatives.length,
    ),
    v01: negatives.map(
      (j) => positives.reduce((sum, i) => sum + psi(scores[i]!, scores[j]!), 0) / positives.length,
    ),
  });
  const c = placementsOf(candidate);
  const b = placementsOf(baseline);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const cov = (x: number[], y: number[]) => {
    const mx = mean(x);
    const my = mean(y);
    return x.reduce((sum, value, index) => sum + (value - mx) * (y[index]! - my), 0) / (x.length - 1);
  };
  const m = positives.length;
  const k = negatives.length;
  const varianceCandidate = cov(c.v10, c.v10) / m + cov(c.v01, c.v01) / k;
  const varianceBaseline = cov(b.v10, b.v10) / m + cov(b.v01, b.v01) / k;
  const covariance = cov(c.v10, b.v10) / m + cov(c.v01, b.v01) / k;
  const aucCandidate = mean(c.v10);
  const aucBaseline = mean(b.v10);
  return {
    aucCandidate,
    aucBaseline,
    z: (aucCandidate - aucBaseline) / Math.sqrt(varianceCandidate + varianceBaseline - 2 * covariance),
    varianceCandidate,
    varianceBaseline,
    covariance,
  };
}

/** A small deterministic generator (no Math.random in tests). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('delongTest against R pROC', () => {
  const regular = fixture.delong.filter((row) => row.name !== 'both perfect (zero variance)');

  it.each(regular.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const result = run(row);
    expect(result.reason).toBeNull();
    expect(result.n).toBe(row.labels.length);
    expectRelative(result.aucCandidate, row.aucCandidate);
    expectRelative(result.aucBaseline, row.aucBaseline);
    expectRelative(result.z, row.z);
    expect(result.statistic).toBe(result.z);
    expectPValue(result.pValue, row.pValue);
    expectRelative(result.variance?.candidate, row.varianceCandidate);
    expectRelative(result.variance?.baseline, row.varianceBaseline);
    expectRelative(result.variance?.covariance, row.covariance);
    expectRelative(
      result.variance?.difference,
      row.varianceCandidate + row.varianceBaseline - 2 * row.covariance,
      1e-8,
    );
    expectRelative(
      result.standardError,
      Math.abs(row.aucCandidate - row.aucBaseline) / Math.abs(row.z),
      1e-8,
    );
  });

  it('reports null z and p where pROC reports z = 0, p = 1 (two perfect classifiers)', () => {
    const row = fixture.delong.find((candidate) => candidate.name === 'both perfect (zero variance)');
    expect(row).toBeDefined();
    const expected = row as DeLongCase;
    expect(expected.z).toBe(0);
    expect(expected.pValue).toBe(1);
    const result = run(expected);
    expect(result).toMatchObject({ aucCandidate: 1, aucBaseline: 1, difference: 0, standardError: 0 });
    expect(result.z).toBeNull();
    expect(result.pValue).toBeNull();
    expect(result.reason).toMatch(/both 0/);
  });

  it('covers the cases the brief asks for', () => {
    const sizes = fixture.delong.map((row) => row.labels.length);
    expect(Math.min(...sizes)).toBeLessThanOrEqual(50);
    expect(sizes.some((size) => size >= 250 && size <= 350)).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(2000);
    expect(fixture.delong.some((row) => row.aucCandidate === 1)).toBe(true);
  });
});

describe('delongTest', () => {
  it('matches the O(m k) definition on small data with ties', () => {
    const random = generator(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 10 + Math.floor(random() * 40);
      const labels = Array.from({ length: n }, (_, row) => (row < 2 ? row : random() < 0.4 ? 1 : 0));
      const candidate = labels.map((label) => Math.round((random() + label * 0.4) * 8) / 8);
      const baseline = candidate.map((score) => Math.round((score + random() * 0.5) * 6) / 6);
      const result = run({ labels, scoresCandidate: candidate, scoresBaseline: baseline });
      const expected = bruteForce(labels, candidate, baseline);
      expectRelative(result.aucCandidate, expected.aucCandidate, 1e-12);
      expectRelative(result.aucBaseline, expected.aucBaseline, 1e-12);
      expectRelative(result.variance?.candidate, expected.varianceCandidate, 1e-10);
      expectRelative(result.variance?.baseline, expected.varianceBaseline, 1e-10);
      expectRelative(result.variance?.covariance, expected.covariance, 1e-10);
      if (Number.isFinite(expected.z)) expectRelative(result.z, expected.z, 1e-8);
    }
  });

  it('orders negative, signed-zero and infinite scores correctly (radix sort on the float bits)', () => {
    const random = generator(3);
    const specials = [-0, 0, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -1e-300, 1e-300, -5, 5];
    for (let trial = 0; trial < 10; trial++) {
      const n = 30;
      const labels = Array.from({ length: n }, (_, row) => (row < 2 ? row : random() < 0.5 ? 1 : 0));
      const pick = () =>
        random() < 0.4
          ? (specials[Math.floor(random() * specials.length)] as number)
          : (random() - 0.5) * 1e6;
      const candidate = labels.map(pick);
      const baseline = labels.map((label) => pick() + label);
      const result = run({ labels, scoresCandidate: candidate, scoresBaseline: baseline });
      const expected = bruteForce(labels, candidate, baseline);
      expectRelative(result.aucCandidate, expected.aucCandidate, 1e-12);
      expectRelative(result.aucBaseline, expected.aucBaseline, 1e-12);
      expectRelative(result.variance?.covariance, expected.covariance, 1e-10);
    }
  });

  it('returns the variance components DeLong names S10 and S01', () => {
    const row = fixture.delong[1] as DeLongCase;
    const result = run(row);
    if (result.components === null || result.variance === null) throw new Error('components expected');
    const { positives, negatives } = result.components;
    expect(result.variance.candidate).toBeCloseTo(
      positives.candidate / result.positives + negatives.candidate / result.negatives,
      15,
    );
    expect(positives.difference).toBeCloseTo(
      positives.candidate + positives.baseline - 2 * positives.covariance,
      12,
    );
  });

  it('negates z when the models swap', () => {
    const row = fixture.delong[1] as DeLongCase;
    const forward = run(row);
    const backward = run({
      ...row,
      scoresCandidate: row.scoresBaseline,
      scoresBaseline: row.scoresCandidate,
    });
    expect(backward.z).toBeCloseTo(-(forward.z as number), 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue as number, 14);
  });

  it('accepts Float32Array scores', () => {
    const row = fixture.delong[0] as DeLongCase;
    const candidate32 = Float32Array.from(row.scoresCandidate);
    const baseline32 = Float32Array.from(row.scoresBaseline);
    const from32 = delongTest(Uint8Array.from(row.labels), candidate32, baseline32, row.labels.length);
    const from64 = delongTest(
      Uint8Array.from(row.labels),
      Float64Array.from(candidate32),
      Float64Array.from(baseline32),
      row.labels.length,
    );
    expect(from32).toEqual(from64);
  });

  it('gives exactly zero variance and null z for the same ranking (identical or monotone scores)', () => {
    const row = fixture.delong[2] as DeLongCase;
    const logits = row.scoresCandidate.map((score) => Math.log(score / (1 - score)));
    for (const other of [row.scoresCandidate, logits]) {
      const result = run({ ...row, scoresBaseline: other });
      expect(result.difference).toBe(0);
      expect(result.standardError).toBe(0);
      expect(result.variance?.difference).toBe(0);
      expect(result.z).toBeNull();
      expect(result.pValue).toBeNull();
      expect(result.reason).toMatch(/AUC difference and its DeLong variance are both 0/);
    }
  });

  it('is null with a reason for a single class', () => {
    const result = delongTest(
      Uint8Array.from([1, 1, 1]),
      Float64Array.from([0.1, 0.5, 0.9]),
      Float64Array.from([0.2, 0.3, 0.4]),
      3,
    );
    expect(result).toMatchObject({
      aucCandidate: null,
      aucBaseline: null,
      z: null,
      pValue: null,
      positives: 3,
      negatives: 0,
    });
    expect(result.reason).toMatch(/only one class in the labels \(3 positive, 0 negative rows\)/);
    expect(delongTest(new Uint8Array(0), new Float64Array(0), new Float64Array(0), 0).reason).toMatch(
      /no rows/,
    );
  });

  it('gives AUCs but no variance with a single row of a class', () => {
    const result = delongTest(
      Uint8Array.from([0, 0, 1, 0]),
      Float64Array.from([0.1, 0.5, 0.9, 0.95]),
      Float64Array.from([0.2, 0.3, 0.4, 0.1]),
      4,
    );
    expect(result.aucCandidate).toBeCloseTo(2 / 3, 15);
    expect(result.aucBaseline).toBe(1);
    expect(result).toMatchObject({ variance: null, standardError: null, z: null, pValue: null });
    expect(result.reason).toMatch(/at least 2 rows of each class \(1 positive, 3 negative\)/);
  });

  it('reads only the first n rows', () => {
    const row = fixture.delong[0] as DeLongCase;
    const n = row.labels.length;
    const padded = (values: number[]) => Float64Array.from([...values, Number.NaN, 5]);
    const result = delongTest(
      Uint8Array.from([...row.labels, 7, 1]),
      padded(row.scoresCandidate),
      padded(row.scoresBaseline),
      n,
    );
    expect(result).toEqual(run(row));
  });

  it('rejects labels other than 0/1 and NaN scores with a DataError', () => {
    const scores = Float64Array.from([0.1, 0.2, 0.3]);
    expect(() => delongTest(Uint8Array.from([0, 2, 1]), scores, scores, 3)).toThrow(DataError);
    expect(() => delongTest(Uint8Array.from([0, 2, 1]), scores, scores, 3)).toThrow(
      /label at index 1 is 2; binary labels must be 0 or 1/,
    );
    expect(() =>
      delongTest(Uint8Array.from([0, 1, 1]), scores, Float64Array.from([0.1, Number.NaN, 0]), 3),
    ).toThrow(/baseline score at index 1 is NaN/);
  });

  it('rejects an n beyond the shortest input', () => {
    expect(() => delongTest(new Uint8Array(3), new Float64Array(3), new Float64Array(2), 3)).toThrow(
      RangeError,
    );
  });

  it('maps 1:1 onto the report type when the AUCs are defined', () => {
    const result = run(fixture.delong[0] as DeLongCase);
    if (result.aucCandidate === null) throw new Error('AUCs expected');
    const report: DeLongResult = result;
    expect(report.z).not.toBeNull();
  });

  it('handles 1,000,000 rows quickly', () => {
    const n = 1_000_000;
    const random = generator(11);
    const labels = new Uint8Array(n);
    const candidate = new Float32Array(n);
    const baseline = new Float32Array(n);
    for (let row = 0; row < n; row++) {
      const label = random() < 0.3 ? 1 : 0;
      labels[row] = label;
      const shared = random();
      candidate[row] = Math.round((shared + label * 0.3 + random() * 0.5) * 1000) / 1000;
      baseline[row] = Math.round((shared + label * 0.25 + random() * 0.5) * 1000) / 1000;
    }
    const started = performance.now();
    const result = delongTest(labels, candidate, baseline, n);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(result.z).not.toBeNull();
  });
});
