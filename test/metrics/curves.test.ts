// ROC curves and reliability diagrams against scikit-learn 1.2.1 (test/fixtures/reference/curves.json,
// written by scripts/reference/curves_reference.py): the exact curve, its AUC, the downsampled curve's
// fidelity, and calibration_curve(strategy='uniform') bins.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { reliabilityDiagram } from '../../src/metrics/reliability-diagram.js';
import { rocCurve, rocCurveFromSorted } from '../../src/metrics/roc-curve.js';
import { buildChartData } from '../../src/report/build-chart-data.js';
import type { RocPoint } from '../../src/report/chart-data.js';

interface CurveCase {
  name: string;
  labels: number[];
  scores: number[];
  roc: { fpr: number[]; tpr: number[]; thresholds: Array<number | null>; auc: number };
  calibration: {
    edges: number[];
    counts: number[];
    meanPredicted: number[];
    observedFrequency: number[];
    expectedCalibrationError: number;
  };
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/curves.json', import.meta.url), 'utf8'),
) as { sklearn: string; bins: number; cases: CurveCase[] };

function inputs(testCase: CurveCase): { scores: Float32Array; positive: Uint8Array } {
  return { scores: Float32Array.from(testCase.scores), positive: Uint8Array.from(testCase.labels) };
}

function trapezoidArea(points: RocPoint[]): number {
  let area = 0;
  for (let index = 1; index < points.length; index++) {
    const previous = points[index - 1]!;
    const point = points[index]!;
    area += ((point.fpr - previous.fpr) * (point.tpr + previous.tpr)) / 2;
  }
  return area;
}

/** The largest TPR the piecewise-linear curve reaches at fpr (vertical segments: the top). */
function tprAt(fprs: number[], tprs: number[], fpr: number): number {
  let best = 0;
  for (let index = 1; index < fprs.length; index++) {
    const x0 = fprs[index - 1]!;
    const x1 = fprs[index]!;
    if (fpr < x0 || fpr > x1) continue;
    const y0 = tprs[index - 1]!;
    const y1 = tprs[index]!;
    best = Math.max(best, x1 === x0 ? Math.max(y0, y1) : y0 + ((fpr - x0) / (x1 - x0)) * (y1 - y0));
  }
  return best;
}

describe('rocCurve against scikit-learn 1.2.1', () => {
  it('the fixture comes from scikit-learn 1.2.1', () => {
    expect(fixture.sklearn).toBe('1.2.1');
    expect(fixture.cases.map((testCase) => testCase.name)).toEqual([
      'small-with-ties',
      'typical',
      'imbalanced',
      'quarters',
    ]);
  });

  it.each(fixture.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s: with room for every vertex it is roc_curve(drop_intermediate=False), and its AUC is roc_auc_score',
    (_name, testCase) => {
      const { scores, positive } = inputs(testCase);
      const curve = rocCurve(scores, positive, 2 * scores.length + 2)!;
      expect(curve.vertices).toBe(testCase.roc.fpr.length);
      expect(curve.points.length).toBe(testCase.roc.fpr.length);
      curve.points.forEach((point, index) => {
        expect(point.fpr).toBeCloseTo(testCase.roc.fpr[index]!, 12);
        expect(point.tpr).toBeCloseTo(testCase.roc.tpr[index]!, 12);
        const threshold = testCase.roc.thresholds[index] ?? null;
        expect(point.threshold).toBe(threshold === null ? null : Math.fround(threshold));
      });
      expect(Math.abs(curve.auc - testCase.roc.auc)).toBeLessThan(1e-12);
      expect(curve.positives + curve.negatives).toBe(scores.length);
    },
  );

  it.each(fixture.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s: the default curve keeps at most 101 exact vertices, both corners, and the shape',
    (_name, testCase) => {
      const { scores, positive } = inputs(testCase);
      const curve = rocCurve(scores, positive)!;
      expect(curve.points.length).toBeLessThanOrEqual(101);
      expect(curve.points[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
      expect(curve.points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
      // Every kept point is a vertex of the exact curve, in order.
      const exact = testCase.roc.fpr.map((fpr, index) => `${fpr}|${testCase.roc.tpr[index]}`);
      let cursor = 0;
      for (const point of curve.points) {
        const found = exact.indexOf(`${point.fpr}|${point.tpr}`, cursor);
        expect(found, `(${point.fpr}, ${point.tpr})`).toBeGreaterThanOrEqual(cursor);
        cursor = found;
      }
      // The drawn curve stays close to the exact one, and so does its area.
      const keptFpr = curve.points.map((point) => point.fpr);
      const keptTpr = curve.points.map((point) => point.tpr);
      for (let step = 0; step <= 200; step++) {
        const fpr = step / 200;
        const gap = tprAt(testCase.roc.fpr, testCase.roc.tpr, fpr) - tprAt(keptFpr, keptTpr, fpr);
        expect(Math.abs(gap), `at FPR ${fpr}`).toBeLessThanOrEqual(0.02 + 1e-12);
      }
      expect(Math.abs(trapezoidArea(curve.points) - testCase.roc.auc)).toBeLessThan(0.005);
      expect(Math.abs(curve.auc - testCase.roc.auc)).toBeLessThan(1e-12);
    },
  );

  it('keeps points on the steep start of an imbalanced curve', () => {
    const testCase = fixture.cases.find((candidate) => candidate.name === 'imbalanced')!;
    const { scores, positive } = inputs(testCase);
    const curve = rocCurve(scores, positive)!;
    const early = curve.points.filter((point) => point.fpr <= 0.05);
    expect(early.length).toBeGreaterThan(20);
  });

  it('is null when a class is absent, and rejects bad input', () => {
    expect(rocCurve(Float32Array.of(0.1, 0.9), Uint8Array.of(1, 1))).toBeNull();
    expect(rocCurve(Float32Array.of(0.1, 0.9), Uint8Array.of(0, 0))).toBeNull();
    expect(rocCurve(new Float32Array(0), new Uint8Array(0))).toBeNull();
    expect(() => rocCurve(Float32Array.of(0.1), Uint8Array.of(1, 0))).toThrow(RangeError);
    expect(() => rocCurve(Float32Array.of(Number.NaN, 0.2), Uint8Array.of(1, 0))).toThrow(/row 0 is NaN/);
    expect(() => rocCurve(Float32Array.of(0.1, 0.2), Uint8Array.of(1, 0), 1)).toThrow(/maxPoints/);
  });

  it('all scores tied: one diagonal segment, AUC 0.5', () => {
    const curve = rocCurve(Float32Array.of(0.3, 0.3, 0.3), Uint8Array.of(1, 0, 0))!;
    expect(curve.points).toEqual([
      { fpr: 0, tpr: 0, threshold: null },
      { fpr: 1, tpr: 1, threshold: Math.fround(0.3) },
    ]);
    expect(curve.auc).toBe(0.5);
  });
});

describe('reliabilityDiagram against scikit-learn 1.2.1 calibration_curve(strategy="uniform")', () => {
  it.each(fixture.cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s: counts, mean predicted, observed frequency and ECE',
    (_name, testCase) => {
      const { scores, positive } = inputs(testCase);
      const diagram = reliabilityDiagram(scores, positive);
      const expected = testCase.calibration;
      expect(diagram.n).toBe(scores.length);
      expect(diagram.bins.map((bin) => bin.lower)).toEqual(expected.edges.slice(0, -1));
      expect(diagram.bins.map((bin) => bin.upper)).toEqual(expected.edges.slice(1));
      expect(diagram.bins.map((bin) => bin.count)).toEqual(expected.counts);
      const nonEmpty = diagram.bins.filter((bin) => bin.count > 0);
      expect(nonEmpty.length).toBe(expected.meanPredicted.length);
      nonEmpty.forEach((bin, index) => {
        expect(Math.abs(bin.meanPredicted! - expected.meanPredicted[index]!)).toBeLessThan(1e-12);
        expect(Math.abs(bin.observedFrequency! - expected.observedFrequency[index]!)).toBeLessThan(1e-12);
      });
      for (const bin of diagram.bins.filter((candidate) => candidate.count === 0)) {
        expect(bin.meanPredicted).toBeNull();
        expect(bin.observedFrequency).toBeNull();
      }
      expect(Math.abs(diagram.expectedCalibrationError! - expected.expectedCalibrationError)).toBeLessThan(
        1e-12,
      );
    },
  );

  it('a score on an edge belongs to the bin below it; out-of-range scores are clamped', () => {
    const diagram = reliabilityDiagram(Float32Array.of(0, 0.5, 1, -0.01, 1.01), Uint8Array.of(0, 1, 1, 0, 1));
    expect(diagram.bins[0]!.count).toBe(2);
    expect(diagram.bins[4]!.count).toBe(1);
    expect(diagram.bins[5]!.count).toBe(0);
    expect(diagram.bins[9]!.count).toBe(2);
  });

  it('empty input: empty bins, ECE null; rejects bad input', () => {
    const diagram = reliabilityDiagram(new Float32Array(0), new Uint8Array(0));
    expect(diagram.bins).toHaveLength(10);
    expect(diagram.expectedCalibrationError).toBeNull();
    expect(() => reliabilityDiagram(Float32Array.of(0.1), new Uint8Array(0))).toThrow(RangeError);
    expect(() => reliabilityDiagram(Float32Array.of(Number.NaN), Uint8Array.of(1))).toThrow(/NaN/);
    expect(() => reliabilityDiagram(Float32Array.of(0.1), Uint8Array.of(1), 0)).toThrow(/binCount/);
  });
});

describe('buildChartData', () => {
  const testCase = fixture.cases.find((candidate) => candidate.name === 'typical')!;
  const candidate = inputs(testCase);
  const baseline = { scores: candidate.scores.map((score) => score * 0.9), positive: candidate.positive };

  it('both models: ROC and reliability for each', () => {
    const charts = buildChartData({ candidate, baseline })!;
    expect(charts.roc!.candidate.auc).toBeCloseTo(testCase.roc.auc, 12);
    expect(charts.roc!.baseline!.auc).toBeCloseTo(testCase.roc.auc, 12);
    expect(charts.reliability!.baseline!.n).toBe(candidate.scores.length);
    expect(JSON.parse(JSON.stringify(charts))).toEqual(charts);
  });

  it('no baseline scores: baseline null; no candidate scores: no chart data; one class: no ROC', () => {
    const charts = buildChartData({ candidate, baseline: null })!;
    expect(charts.roc!.baseline).toBeNull();
    expect(charts.reliability!.baseline).toBeNull();
    expect(buildChartData({ candidate: null, baseline })).toBeUndefined();
    const oneClass = { scores: Float32Array.of(0.2, 0.7), positive: Uint8Array.of(1, 1) };
    const single = buildChartData({ candidate: oneClass, baseline: oneClass })!;
    expect(single.roc).toBeUndefined();
    expect(single.reliability!.candidate.n).toBe(2);
  });
});

describe('rocCurveFromSorted', () => {
  it('gives the same curve as rocCurve from the per-class sorted scores', () => {
    const scores = Float32Array.from(
      { length: 3000 },
      (_, index) => Math.round(((index * 7919) % 1000) / 10) / 100,
    );
    const positive = Uint8Array.from(scores, (score, index) =>
      score + ((index * 31) % 17) / 40 > 0.7 ? 1 : 0,
    );
    const positives = scores.filter((_, index) => positive[index] === 1).sort();
    const negatives = scores.filter((_, index) => positive[index] === 0).sort();
    expect(rocCurveFromSorted(positives, negatives)).toEqual(rocCurve(scores, positive));
  });
});
