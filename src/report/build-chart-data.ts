/**
 * The chart data of a run (`report.charts`), from the binary scores the classification accumulators keep
 * (ClassificationAccumulator.binaryScores()): ROC curves and reliability diagrams of both models.
 * Pure: the caller passes the scores it already holds; nothing is recomputed from the data.
 */
import type { BinaryScores } from '../metrics/classification-accumulator.js';
import { reliabilityDiagram } from '../metrics/reliability-diagram.js';
import { rocCurve, rocCurveFromSorted } from '../metrics/roc-curve.js';
import type { ChartData } from './chart-data.js';

/**
 * Chart data for a binary task with probabilities; undefined when the candidate has no binary scores
 * (multiclass, regression, a label-only model). baseline is null when there is no baseline model or it gives
 * labels only. The ROC part is left out when the holdout set holds a single class (no curve is defined).
 */
/** A model's binary scores, with the per-class sorted scores when the caller already has them. */
export type ChartScores = BinaryScores & {
  sorted?: { positive: Float32Array; negative: Float32Array } | null;
};

function roc(scores: ChartScores) {
  return scores.sorted
    ? rocCurveFromSorted(scores.sorted.positive, scores.sorted.negative)
    : rocCurve(scores.scores, scores.positive);
}

export function buildChartData(scores: {
  candidate: ChartScores | null;
  baseline: ChartScores | null;
}): ChartData | undefined {
  const { candidate, baseline } = scores;
  if (candidate === null) return undefined;
  const charts: ChartData = {};
  const candidateRoc = roc(candidate);
  if (candidateRoc !== null) {
    charts.roc = { candidate: candidateRoc, baseline: baseline === null ? null : roc(baseline) };
  }
  charts.reliability = {
    candidate: reliabilityDiagram(candidate.scores, candidate.positive),
    baseline: baseline === null ? null : reliabilityDiagram(baseline.scores, baseline.positive),
  };
  return charts;
}
