/** Engine reports for the action's tests (the engine itself is tested elsewhere). */
import type { Comparison, Report } from '../../src/report/types.js';

export function comparison(metric: string, outcome: Comparison['outcome'], delta = 0.01): Comparison {
  return {
    metric,
    baseline: 0.8,
    candidate: 0.8 + delta,
    delta,
    ci: [delta - 0.02, delta + 0.02],
    confidence: 0.9,
    method: 'paired bootstrap',
    pValue: 0.2,
    pValueAdjusted: 0.4,
    tolerance: 0.01,
    outcome,
    blocking: true,
  };
}

export function makeReport(overrides: Partial<Report> = {}): Report {
  const model = (path: string) => ({
    path,
    sha256: 'ab'.repeat(32),
    bytes: 1234,
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 4] }],
    outputs: [{ name: 'probabilities', type: 'float32', shape: ['batch', 2] }],
    interpretation: "probabilities from 'probabilities' [N,2]",
  });
  return {
    schemaVersion: 1,
    tool: { name: 'model-gate', version: '0.1.0' },
    createdAt: '2024-01-01T00:00:00.000Z',
    seed: 1,
    verdict: 'pass',
    reasons: ['No paired test shows the candidate significantly worse.'],
    task: 'binary',
    n: 200,
    classes: [0, 1],
    loss: 'log loss',
    data: {
      path: 'data/holdout.csv',
      label: 'label',
      features: ['x1', 'x2', 'x3', 'x4'],
      rowsRead: 200,
      rowsDropped: {},
    },
    models: { candidate: model('models/model.onnx'), baseline: model('/tmp/baseline/model.onnx') },
    metrics: { candidate: { accuracy: 0.81 }, baseline: { accuracy: 0.8 } },
    gate: {
      alpha: 0.05,
      correction: 'holm',
      inconclusive: 'warn',
      confidence: 0.9,
      convention: 'one-sided tests at alpha, two-sided 1 - 2 alpha intervals',
      warned: (overrides.comparisons ?? []).some(
        (entry) => entry.outcome === 'inconclusive' && entry.blocking,
      ),
      policy: null,
    },
    comparisons: [comparison('accuracy', 'non-inferior'), comparison('roc_auc', 'improved', 0.05)],
    tests: {
      pairedT: { t: 1, df: 199, pValue: 0.3, meanDifference: -0.01 },
      wilcoxon: { statistic: 10, pValue: 0.3, zerosDropped: 0 },
    },
    notes: [],
    timings: { totalMs: 10, inferenceMs: 5, readMs: 2 },
    ...overrides,
  };
}
