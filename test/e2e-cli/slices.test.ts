// Slices and flips end to end (issue 5), through the built CLI in this process, on the slices fixture
// (scripts/fixtures/make_slices.py -> test/fixtures/slices): the candidate is better overall, much worse on
// region = west (1,500 rows; the label there depends on x3, which the candidate ignores), slightly worse by
// chance on region = islands (40 rows), and device = watch has 12 rows. Counts and accuracies in
// expected.json are exact (the models' outputs computed with NumPy in float32; no row lies near the decision
// threshold), so they are compared exactly; outcomes and verdicts are checked for their direction.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Comparison, Report } from '../../src/report/types.js';
import {
  assertBuilt,
  describeRun,
  REPO_ROOT,
  runCliInProcess,
  STACK_FRAME,
  temporaryFolder,
  type CliRun,
} from './run-cli.js';

const FIXTURE = 'test/fixtures/slices';

interface FlipFigures {
  fixed: number;
  broken: number;
}

interface SegmentFigures extends FlipFigures {
  n: number;
  correct: { candidate: number; baseline: number };
  accuracy: { candidate: number; baseline: number };
  byClass: Array<FlipFigures & { class: number }>;
}

interface SlicesFixture {
  header: string[];
  features: string[];
  models: Record<'candidate' | 'baseline', { weights: number[]; bias: number }>;
  overall: SegmentFigures;
  slices: { region: Record<string, SegmentFigures>; device: Record<string, SegmentFigures> };
}

const fixture = JSON.parse(readFileSync(join(REPO_ROOT, FIXTURE, 'expected.json'), 'utf8')) as SlicesFixture;

const FEATURES = ['--features', 'x1,x2,x3,x4'];
const LARGE_REGIONS = ['east', 'north', 'south'];

const folder = temporaryFolder('slices');
let runs = 0;

beforeAll(assertBuilt);
afterAll(folder.remove);

function evaluateArgs(...extra: string[]): string[] {
  return [
    'evaluate',
    '--candidate',
    `${FIXTURE}/candidate.onnx`,
    '--baseline',
    `${FIXTURE}/baseline.onnx`,
    '--data',
    `${FIXTURE}/holdout.csv`,
    ...extra,
  ];
}

interface Evaluation {
  run: CliRun;
  report: Report;
  markdown: string;
}

/** Runs the CLI with --json and --markdown into a fresh folder; the run must exit with `code`. */
async function evaluateFixture(code: 0 | 1, ...extra: string[]): Promise<Evaluation> {
  runs += 1;
  const json = join(folder.path, `report-${runs}.json`);
  const markdown = join(folder.path, `report-${runs}.md`);
  const run = await runCliInProcess(evaluateArgs(...extra, '--json', json, '--markdown', markdown));
  expect(run.code, describeRun(run)).toBe(code);
  return {
    run,
    report: JSON.parse(readFileSync(json, 'utf8')) as Report,
    markdown: readFileSync(markdown, 'utf8'),
  };
}

/** A policy file in the temporary folder. */
function writePolicy(name: string, text: string): string {
  const path = join(folder.path, name);
  writeFileSync(path, text);
  return path;
}

function comparison(comparisons: readonly Comparison[], metric: string): Comparison {
  const found = comparisons.find((entry) => entry.metric === metric);
  if (found === undefined) throw new Error(`no comparison of ${metric}`);
  return found;
}

function slice(report: Report, column: string, value: string) {
  const found = report.slices?.[column]?.[value];
  if (found === undefined) throw new Error(`the report has no slice ${column} = ${value}`);
  return found;
}

/** Every comparison of the gate: the global rules, then each shown slice's, in report order. */
function allComparisons(report: Report): Comparison[] {
  const sliceComparisons = Object.values(report.slices ?? {}).flatMap((values) =>
    Object.values(values).flatMap((entry) => entry.comparisons),
  );
  return [...report.comparisons, ...sliceComparisons];
}

/** Holm's step-down adjustment (Holm 1979), written out again here rather than imported from src/. */
function holm(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const order = pValues
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null)
    .sort((left, right) => left.value - right.value || left.index - right.index);
  const adjusted: Array<number | null> = pValues.map(() => null);
  let running = 0;
  order.forEach((entry, rank) => {
    running = Math.max(running, Math.min(1, (order.length - rank) * entry.value));
    adjusted[entry.index] = running;
  });
  return adjusted;
}

/** The fixture's rows by id, with each model's predicted class recomputed from the weights (float64). */
function rowsById(): Map<string, { label: number; candidate: number; baseline: number; cells: string[] }> {
  const [headerLine, ...lines] = readFileSync(join(REPO_ROOT, FIXTURE, 'holdout.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  const header = (headerLine ?? '').split(',');
  const column = (name: string) => header.indexOf(name);
  const predict = (cells: string[], role: 'candidate' | 'baseline') => {
    const { weights, bias } = fixture.models[role];
    const logit = fixture.features.reduce(
      (sum, feature, index) => sum + (weights[index] ?? 0) * Number(cells[column(feature)]),
      bias,
    );
    return logit > 0 ? 1 : 0;
  };
  const rows = new Map<string, { label: number; candidate: number; baseline: number; cells: string[] }>();
  for (const line of lines) {
    const cells = line.split(',');
    rows.set(cells[column('id')] ?? '', {
      label: Number(cells[column('label')]),
      candidate: predict(cells, 'candidate'),
      baseline: predict(cells, 'baseline'),
      cells,
    });
  }
  return rows;
}

describe('without --slice: the candidate is better overall', () => {
  let result: Evaluation;
  beforeAll(async () => {
    result = await evaluateFixture(0, ...FEATURES);
  });

  it('passes, with the blocking rules improved', () => {
    const { report } = result;
    expect(report.verdict).toBe('pass');
    for (const metric of ['accuracy', 'log_loss', 'roc_auc', 'brier_score']) {
      expect(comparison(report.comparisons, metric).outcome, metric).toBe('improved');
    }
    expect(report.metrics.candidate.accuracy).toBeCloseTo(fixture.overall.accuracy.candidate, 12);
    expect(report.metrics.baseline.accuracy).toBeCloseTo(fixture.overall.accuracy.baseline, 12);
  });

  it('reports no slices, and flips without a per-slice breakdown', () => {
    const { report } = result;
    expect(report.slices).toBeUndefined();
    expect(report.sliceSummary).toBeUndefined();
    expect(report.flips?.fixed).toBe(fixture.overall.fixed);
    expect(report.flips?.broken).toBe(fixture.overall.broken);
    expect(report.flips?.bySlice).toBeUndefined();
    expect(report.flips?.examples).toBeUndefined();
  });
});

describe('--slice region: better overall, worse on west', () => {
  let result: Evaluation;
  beforeAll(async () => {
    result = await evaluateFixture(1, ...FEATURES, '--slice', 'region');
  });

  it('fails, and every reason is about region = west', () => {
    const { report } = result;
    expect(report.verdict).toBe('fail');
    expect(report.reasons.length).toBeGreaterThan(0);
    for (const reason of report.reasons) expect(reason).toContain('region = west');
    expect(report.reasons.some((reason) => reason.startsWith('accuracy on region = west'))).toBe(true);
  });

  it('west (1,500 rows): a real, large regression of the blocking rules', () => {
    const west = slice(result.report, 'region', 'west');
    const expected = fixture.slices.region.west as SegmentFigures;
    expect(west.n).toBe(expected.n);
    expect(west.metrics.candidate.accuracy).toBeCloseTo(expected.accuracy.candidate, 12);
    expect(west.metrics.baseline.accuracy).toBeCloseTo(expected.accuracy.baseline, 12);
    for (const metric of ['accuracy', 'log_loss', 'roc_auc', 'brier_score']) {
      const entry = comparison(west.comparisons, metric);
      expect(entry.blocking, metric).toBe(true);
      expect(entry.outcome, metric).toBe('regressed');
      expect(entry.delta, metric).toBeLessThan(0);
    }
  });

  it('islands (40 rows): shown, worse by chance, not regressed', () => {
    const islands = slice(result.report, 'region', 'islands');
    const expected = fixture.slices.region.islands as SegmentFigures;
    expect(islands.n).toBe(expected.n);
    expect(islands.n).toBeGreaterThanOrEqual(30);
    // The drop is there...
    expect(islands.metrics.candidate.accuracy).toBeCloseTo(expected.accuracy.candidate, 12);
    expect(islands.metrics.candidate.accuracy).toBeLessThan(islands.metrics.baseline.accuracy as number);
    // ...but 40 rows cannot tell it from noise, not even before Holm.
    const accuracy = comparison(islands.comparisons, 'accuracy');
    expect(accuracy.pValue).toBeGreaterThan(result.report.gate.alpha);
    for (const entry of islands.comparisons) {
      expect(['inconclusive', 'non-inferior'], entry.metric).toContain(entry.outcome);
    }
  });

  it('the whole set and the other regions still improve', () => {
    const { report } = result;
    for (const metric of ['accuracy', 'log_loss', 'roc_auc', 'brier_score']) {
      expect(comparison(report.comparisons, metric).outcome, metric).toBe('improved');
    }
    for (const region of LARGE_REGIONS) {
      const entry = slice(report, 'region', region);
      const expected = fixture.slices.region[region] as SegmentFigures;
      expect(entry.n, region).toBe(expected.n);
      expect(entry.metrics.candidate.accuracy, region).toBeCloseTo(expected.accuracy.candidate, 12);
      expect(entry.metrics.baseline.accuracy, region).toBeCloseTo(expected.accuracy.baseline, 12);
      expect(comparison(entry.comparisons, 'accuracy').outcome, region).toBe('improved');
    }
    expect(report.sliceSummary).toEqual({
      columns: ['region'],
      minSize: 30,
      shown: { region: 5 },
      suppressed: { region: 0 },
    });
  });

  it('Holm runs across every rule and every slice; west stays significant after it', () => {
    const { report } = result;
    const comparisons = allComparisons(report);
    expect(comparisons.length).toBe(8 * 6); // 8 binary metrics, overall + 5 regions
    const expected = holm(comparisons.map((entry) => entry.pValue));
    comparisons.forEach((entry, index) => {
      if (entry.pValue === null) {
        expect(entry.pValueAdjusted).toBeNull();
        return;
      }
      expect(entry.pValueAdjusted, entry.metric).not.toBeNull();
      expect(entry.pValueAdjusted as number).toBeGreaterThanOrEqual(entry.pValue);
      const want = expected[index] as number;
      expect(Math.abs((entry.pValueAdjusted as number) - want)).toBeLessThanOrEqual(
        1e-12 * Math.max(want, 1e-300),
      );
    });
    const west = comparison(slice(report, 'region', 'west').comparisons, 'accuracy');
    expect(west.pValueAdjusted as number).toBeLessThanOrEqual(report.gate.alpha);
    expect(west.pValueAdjusted as number).toBeGreaterThan(west.pValue as number);
  });

  it('the Markdown report names the west slice near the top', () => {
    const top = result.markdown.slice(0, 3000);
    expect(top).toContain('region');
    expect(top).toContain('west');
  });
});

describe('--slice region --slice device --id-column id, no --features', () => {
  let result: Evaluation;
  let rows: ReturnType<typeof rowsById>;
  beforeAll(async () => {
    result = await evaluateFixture(1, '--slice', 'region', '--slice', 'device', '--id-column', 'id');
    rows = rowsById();
  });

  it('slice and id columns are never features', () => {
    expect(result.report.data.features).toEqual(['x1', 'x2', 'x3', 'x4']);
  });

  it('device = watch (12 rows) is neither tested nor shown, and is counted as suppressed', () => {
    const { report } = result;
    expect(Object.keys(report.slices?.device ?? {}).sort()).toEqual(['desktop', 'mobile']);
    expect(report.sliceSummary?.suppressed).toEqual({ region: 0, device: 1 });
    expect(report.sliceSummary?.shown).toEqual({ region: 5, device: 2 });
    expect(Object.keys(report.flips?.bySlice?.device ?? {}).sort()).toEqual(['desktop', 'mobile']);
    for (const value of ['desktop', 'mobile']) {
      expect(slice(report, 'device', value).n).toBe((fixture.slices.device[value] as SegmentFigures).n);
    }
  });

  it('flips: fixed and broken are McNemar b and c, overall, by class and by slice', () => {
    const { report } = result;
    const flips = report.flips;
    if (flips === undefined) throw new Error('the report has no flips');
    expect(flips.fixed).toBe(report.tests?.mcnemar?.b);
    expect(flips.broken).toBe(report.tests?.mcnemar?.c);
    expect(flips.fixed).toBe(fixture.overall.fixed);
    expect(flips.broken).toBe(fixture.overall.broken);
    expect(flips.byClass).toEqual(fixture.overall.byClass);
    expect(flips.byClass.reduce((sum, entry) => sum + entry.fixed, 0)).toBe(flips.fixed);
    expect(flips.byClass.reduce((sum, entry) => sum + entry.broken, 0)).toBe(flips.broken);
    for (const column of ['region', 'device'] as const) {
      for (const [value, counts] of Object.entries(flips.bySlice?.[column] ?? {})) {
        const expected = fixture.slices[column][value] as SegmentFigures;
        expect(counts, `${column} = ${value}`).toEqual({ fixed: expected.fixed, broken: expected.broken });
      }
    }
    // Every region is shown, so the regions' flips add up to the whole set's.
    const regions = Object.values(flips.bySlice?.region ?? {});
    expect(regions.reduce((sum, counts) => sum + counts.fixed, 0)).toBe(flips.fixed);
    expect(regions.reduce((sum, counts) => sum + counts.broken, 0)).toBe(flips.broken);
    const west = flips.bySlice?.region?.west;
    expect(west?.broken).toBeGreaterThan(west?.fixed ?? Infinity);
  });

  it('flips: the confusion of the changed rows agrees with the per-class counts', () => {
    const flips = result.report.flips;
    if (flips === undefined) throw new Error('the report has no flips');
    const byClass = new Map(flips.byClass.map((entry) => [entry.class, entry]));
    expect(flips.changed.reduce((sum, entry) => sum + entry.rows, 0)).toBe(flips.fixed + flips.broken);
    for (const entry of flips.changed) {
      // Binary: a changed prediction that became right was right as `to`; one that became wrong, as `from`.
      expect(entry.fixed + entry.broken).toBe(entry.rows);
      expect(entry.fixed).toBe(byClass.get(entry.to)?.fixed);
      expect(entry.broken).toBe(byClass.get(entry.from)?.broken);
    }
  });

  it('--id-column lists ids of rows that became wrong / right, never feature values', () => {
    const examples = result.report.flips?.examples;
    if (examples === undefined) throw new Error('the report has no example ids');
    expect(examples.column).toBe('id');
    expect(examples.broken.length).toBeGreaterThan(0);
    expect(examples.broken.length).toBeLessThanOrEqual(10);
    expect(examples.fixed.length).toBeGreaterThan(0);
    expect(examples.fixed.length).toBeLessThanOrEqual(10);
    for (const id of [...examples.broken, ...examples.fixed]) {
      expect(id).toMatch(/^row-\d{6}$/);
      expect(rows.has(id), id).toBe(true);
    }
    for (const id of examples.broken) {
      const row = rows.get(id);
      expect(row?.candidate, `${id}: the candidate is wrong`).not.toBe(row?.label);
      expect(row?.baseline, `${id}: the baseline is right`).toBe(row?.label);
    }
    for (const id of examples.fixed) {
      const row = rows.get(id);
      expect(row?.candidate, `${id}: the candidate is right`).toBe(row?.label);
      expect(row?.baseline, `${id}: the baseline is wrong`).not.toBe(row?.label);
    }
  });
});

describe('slice and id columns cannot be features', () => {
  it.each([
    [
      'a slice column',
      ['--slice', 'region', '--features', 'x1,x2,region,x4'],
      "'region' is the slice column",
    ],
    ['the id column', ['--id-column', 'id', '--features', 'x1,id,x3,x4'], "'id' is the id column"],
  ])('--features naming %s: exit 2', async (_name, extra, message) => {
    const run = await runCliInProcess(evaluateArgs(...extra));
    expect(run.code, describeRun(run)).toBe(2);
    expect(run.stderr).toContain('--features');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it('without --slice / --id-column or --features, the same columns would reach the model', async () => {
    const run = await runCliInProcess(evaluateArgs());
    expect(run.code, describeRun(run)).toBe(2);
    expect(run.stderr).toContain('region');
  });
});

describe('gate.slices in the policy file', () => {
  it('min_size: 2000 suppresses west and islands; the large regions pass', async () => {
    const config = writePolicy('min-size.yml', 'gate:\n  slices:\n    min_size: 2000\n');
    const { report } = await evaluateFixture(0, ...FEATURES, '--slice', 'region', '--config', config);
    expect(report.verdict).toBe('pass');
    expect(Object.keys(report.slices?.region ?? {}).sort()).toEqual(LARGE_REGIONS);
    expect(report.sliceSummary).toMatchObject({
      minSize: 2000,
      shown: { region: 3 },
      suppressed: { region: 2 },
    });
    expect(Object.keys(report.flips?.bySlice?.region ?? {}).sort()).toEqual(LARGE_REGIONS);
  });

  it('rules.accuracy tolerance 0.5: west passes accuracy, its other rules still fail', async () => {
    const config = writePolicy(
      'accuracy-only.yml',
      'gate:\n  slices:\n    rules:\n      accuracy: { tolerance: 0.5 }\n',
    );
    const { report } = await evaluateFixture(1, ...FEATURES, '--slice', 'region', '--config', config);
    const west = slice(report, 'region', 'west');
    expect(comparison(west.comparisons, 'accuracy')).toMatchObject({
      tolerance: 0.5,
      outcome: 'non-inferior',
    });
    expect(report.reasons.some((reason) => reason.startsWith('accuracy on region = west'))).toBe(false);
    expect(report.reasons.some((reason) => reason.startsWith('log_loss on region = west'))).toBe(true);
    // Slice rules apply to slices only: the global accuracy rule keeps its default tolerance.
    expect(comparison(report.comparisons, 'accuracy').tolerance).toBe(0.005);
  });

  it('rules.accuracy tolerance 0.5 and the other slice rules not blocking: west passes', async () => {
    const config = writePolicy(
      'lenient.yml',
      [
        'gate:',
        '  slices:',
        '    rules:',
        '      accuracy: { tolerance: 0.5 }',
        '      log_loss: { blocking: false }',
        '      roc_auc: { blocking: false }',
        '      brier_score: { blocking: false }',
        '',
      ].join('\n'),
    );
    const { report } = await evaluateFixture(0, ...FEATURES, '--slice', 'region', '--config', config);
    expect(report.verdict).toBe('pass');
    const west = slice(report, 'region', 'west');
    expect(comparison(west.comparisons, 'accuracy')).toMatchObject({
      blocking: true,
      outcome: 'non-inferior',
    });
    for (const metric of ['log_loss', 'roc_auc', 'brier_score']) {
      expect(comparison(west.comparisons, metric), metric).toMatchObject({
        blocking: false,
        outcome: 'regressed',
      });
    }
  });
});
