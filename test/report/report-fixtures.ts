/**
 * Loads the sample reports in test/fixtures/reports/ and checks each one against a zod schema that mirrors
 * src/report/types.ts, so a fixture that drifts from the contract fails loudly. The two assignments at the
 * bottom make the typecheck fail when the schema and the `Report` type disagree.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { z } from 'zod';

import type { Report } from '../../src/report/types.js';

const tensor = z.strictObject({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])),
});

const model = z.strictObject({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  inputs: z.array(tensor),
  outputs: z.array(tensor),
  interpretation: z.string(),
});

const metricValues = z.record(z.string(), z.number().nullable());

const comparison = z.strictObject({
  metric: z.string(),
  baseline: z.number().nullable(),
  candidate: z.number().nullable(),
  delta: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  confidence: z.number().gt(0).lt(1),
  method: z.string(),
  pValue: z.number().min(0).max(1).nullable(),
  pValueAdjusted: z.number().min(0).max(1).nullable(),
  tolerance: z.number().nonnegative().nullable(),
  toleranceRule: z.string().optional(),
  outcome: z.enum(['improved', 'non-inferior', 'inconclusive', 'regressed']),
  blocking: z.boolean(),
  standardError: z.number().nonnegative().nullable().optional(),
  minimumDetectableEffect: z.number().nonnegative().optional(),
  rowsNeeded: z.number().int().nonnegative().nullable().optional(),
  additionalRows: z.number().int().nonnegative().nullable().optional(),
  note: z.string().nullable().optional(),
});

const probability = z.number().min(0).max(1);
const count = z.number().int().nonnegative();
const classLabel = z.union([z.number(), z.string()]);
const modelMetrics = z.strictObject({ candidate: metricValues, baseline: metricValues });

const sliceReport = z.strictObject({
  n: count,
  metrics: modelMetrics,
  comparisons: z.array(comparison),
});

const sliceSummary = z.strictObject({
  columns: z.array(z.string()),
  minSize: count,
  shown: z.record(z.string(), count),
  suppressed: z.record(z.string(), count),
});

const flipCounts = { fixed: count, broken: count };

const flips = z.strictObject({
  ...flipCounts,
  byClass: z.array(z.strictObject({ ...flipCounts, class: classLabel })),
  bySlice: z.record(z.string(), z.record(z.string(), z.strictObject(flipCounts))).optional(),
  changed: z.array(
    z.strictObject({ from: classLabel, to: classLabel, rows: count, fixed: count, broken: count }),
  ),
  examples: z
    .strictObject({ column: z.string(), broken: z.array(z.string()), fixed: z.array(z.string()) })
    .optional(),
});

const quantiles = z.strictObject({
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
});

const modelLatency = z.strictObject({
  perBatchMs: quantiles,
  perRowUs: quantiles,
  rowsPerSecond: z.number().nonnegative(),
  bytes: count,
});

const latency = z.strictObject({
  candidate: modelLatency,
  baseline: modelLatency,
  batches: count,
  warmupBatches: count,
  ratio: z.strictObject({
    estimate: z.number().positive(),
    ci: z.tuple([z.number(), z.number()]).nullable(),
    confidence: z.number().gt(0).lt(1),
    method: z.string(),
  }),
  comparisons: z.array(comparison),
});

const drift = z.strictObject({
  reference: z.strictObject({ path: z.string(), rows: count }).nullable(),
  features: z.array(
    z.strictObject({
      feature: z.string(),
      kind: z.enum(['numeric', 'categorical']),
      psi: z.number().nonnegative().nullable(),
      test: z.enum(['ks', 'chi-square']),
      statistic: z.number().nullable(),
      pValue: probability.nullable(),
      effectSize: z.number().nonnegative().nullable(),
      outOfRange: count,
    }),
  ),
  prediction: z
    .strictObject({
      psi: z.number().nonnegative().nullable(),
      ksStatistic: z.number().nullable(),
      pValue: probability.nullable(),
    })
    .nullable(),
  quality: z.array(
    z.strictObject({
      column: z.string(),
      missing: count,
      constant: z.boolean(),
      outOfReferenceRange: count.nullable(),
    }),
  ),
  comparisons: z.array(comparison),
});

const reportSchema = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  seed: z.number().int(),
  verdict: z.enum(['pass', 'fail']),
  reasons: z.array(z.string()),
  task: z.enum(['binary', 'multiclass', 'regression']),
  n: z.number().int().nonnegative(),
  classes: z.array(z.union([z.number(), z.string()])).optional(),
  loss: z.string(),
  data: z.strictObject({
    path: z.string(),
    label: z.string(),
    features: z.array(z.string()),
    rowsRead: z.number().int().nonnegative(),
    rowsDropped: z.record(z.string(), z.number().int().nonnegative()),
  }),
  models: z.strictObject({ candidate: model, baseline: model.nullable() }),
  metrics: modelMetrics,
  gate: z.strictObject({
    alpha: z.number().gt(0).lt(0.5),
    correction: z.enum(['holm', 'none']),
    inconclusive: z.enum(['warn', 'fail', 'pass']),
    confidence: z.number().gt(0).lt(1),
    convention: z.string(),
    warned: z.boolean(),
    policy: z.string().nullable(),
  }),
  comparisons: z.array(comparison),
  tests: z
    .strictObject({
      mcnemar: z
        .strictObject({
          b: z.number().int().nonnegative(),
          c: z.number().int().nonnegative(),
          statistic: z.number(),
          pValue: probability,
          exact: z.boolean(),
        })
        .optional(),
      delong: z
        .strictObject({
          aucCandidate: probability,
          aucBaseline: probability,
          z: z.number().nullable(),
          pValue: probability.nullable(),
        })
        .optional(),
      pairedT: z.strictObject({
        t: z.number().nullable(),
        df: z.number(),
        pValue: probability.nullable(),
        meanDifference: z.number(),
      }),
      wilcoxon: z.strictObject({
        statistic: z.number().nullable(),
        pValue: probability.nullable(),
        zerosDropped: z.number().int().nonnegative(),
      }),
    })
    .nullable(),
  notes: z.array(z.string()),
  timings: z.strictObject({ totalMs: z.number(), inferenceMs: z.number(), readMs: z.number() }),
  slices: z.record(z.string(), z.record(z.string(), sliceReport)).optional(),
  sliceSummary: sliceSummary.optional(),
  flips: flips.optional(),
  latency: latency.optional(),
  drift: drift.optional(),
});

type SchemaReport = z.infer<typeof reportSchema>;
// Compile-time: the schema and the Report type accept the same objects.
export const schemaMatchesType: [Report, SchemaReport] = [{} as SchemaReport, {} as Report];

export const FIXTURE_NAMES = [
  'binary-pass',
  'binary-fail',
  'multiclass-label-only-baseline',
  'regression',
  'binary-pass-with-comparisons',
  'binary-slice-regression',
] as const;

export type FixtureName = (typeof FIXTURE_NAMES)[number];

const fixturesFolder = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));

/** Checks a report built in a test against the contract (throws a ZodError naming the bad key). */
export function validateReport(value: unknown): Report {
  return reportSchema.parse(value);
}

/** A fresh, validated copy of a sample report (tests may mutate it). */
export function loadReport(name: FixtureName): Report {
  const parsed: unknown = JSON.parse(readFileSync(`${fixturesFolder}${name}.json`, 'utf8'));
  return validateReport(parsed);
}
