// Calibration of the statistical gate by simulation, the large run (test/evaluation/calibration.test.ts is
// the small one that CI runs). Needs `npm run build` first: it imports build/evaluation/simulate-gate.js.
//
//   node scripts/calibration.mjs [--simulations 5000] [--rows 1000] [--seed 1] [--json out.json]
//
// Prints one Markdown table: for each check, the rate the method promises, the measured rate and its Monte
// Carlo standard error sqrt(p (1 - p) / S), and whether the measurement is within 3 standard errors
// (or above / below the bound for one-sided promises). Scenarios are described in
// src/evaluation/simulate-gate.ts. The slow grouped bootstrap (rmse, r2) runs a fifth of the simulations.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { populationTolerance, scenarioWithDelta, simulateGate } = await import(
  join(root, 'build/evaluation/simulate-gate.js')
).catch((error) => {
  console.error(
    `Cannot load build/evaluation/simulate-gate.js (run \`npm run build\` first): ${error.message}`,
  );
  process.exit(2);
});

const { values } = parseArgs({
  options: {
    simulations: { type: 'string' },
    rows: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'string' },
  },
});
const SIMULATIONS = Number(values.simulations ?? 5000);
const ROWS = Number(values.rows ?? 1000);
const SEED = Number(values.seed ?? 1);
// Bootstrap resamples per comparison (the product uses 10,000; the rates do not depend on it beyond the
// Monte Carlo noise of the interval ends, and 10,000 would make this run an hour long).
const RESAMPLES = 1000;
const GROUPED_RESAMPLES = 1000;
const SLOW_SIMULATIONS = Math.max(1, Math.round(SIMULATIONS / 5));
for (const [name, value] of [
  ['--simulations', SIMULATIONS],
  ['--rows', ROWS],
  ['--seed', SEED],
]) {
  if (!Number.isSafeInteger(value) || value < (name === '--seed' ? 0 : 2)) {
    console.error(`Invalid value for ${name}: must be a whole number`);
    process.exit(2);
  }
}

const absolute = (value) => ({ kind: 'absolute', value });
const relative = (percent) => ({ kind: 'relative', percent });
const BINARY = { task: 'binary', positiveRate: 0.3, baselineSeparation: 1, candidateSeparation: 1 };
const CORRELATED = { ...BINARY, noiseCorrelation: 0.8 };
const REGRESSION = {
  task: 'regression',
  labelMean: 10,
  labelStandardDeviation: 2,
  baselineErrorStandardDeviation: 1,
  candidateErrorStandardDeviation: 1,
  errorCorrelation: 0.5,
};
const BINARY_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'log_loss',
  'roc_auc',
  'brier_score',
];
const METHODS = {
  accuracy: 'Tango',
  balanced_accuracy: 'cell bootstrap',
  precision_macro: 'cell bootstrap',
  recall_macro: 'cell bootstrap',
  f1_macro: 'cell bootstrap',
  log_loss: 'paired t',
  roc_auc: 'DeLong',
  brier_score: 'paired t',
  mae: 'paired t',
  mse: 'paired t',
  rmse: 'grouped bootstrap',
  r2: 'grouped bootstrap',
};
const slow = (metrics) => metrics.some((metric) => metric === 'rmse' || metric === 'r2');

const rows = [];
let runs = 0;
const started = Date.now();

function run(label, options) {
  const runStarted = Date.now();
  const result = simulateGate({ rows: ROWS, seed: SEED + 1000 * ++runs, ...options });
  const seconds = ((Date.now() - runStarted) / 1000).toFixed(1);
  console.error(`  ${label}: ${result.simulations} simulations in ${seconds} s`);
  return result;
}

const standardError = (rate, simulations) => Math.sqrt((rate * (1 - rate)) / simulations);

/**
 * kind: 'at most' (measured <= expected + 3 SE), 'at least' (measured >= expected - 3 SE), 'about' (within
 * 3 SE of expected), 'report' (no promise: shown for information).
 */
function record(check, scenario, rule, simulations, kind, expected, measured) {
  const se = standardError(kind === 'report' ? measured : expected, simulations);
  let verdict = '';
  if (kind === 'at most') verdict = measured <= expected + 3 * se ? 'ok' : 'FAIL';
  else if (kind === 'at least') verdict = measured >= expected - 3 * se ? 'ok' : 'FAIL';
  else if (kind === 'about') verdict = Math.abs(measured - expected) <= 3 * se ? 'ok' : 'FAIL';
  const method = METHODS[rule] === undefined ? rule : `${rule} (${METHODS[rule]})`;
  rows.push({ check, scenario, method, simulations, kind, expected, measured, standardError: se, verdict });
}

const allRules = (metrics, tolerance) => metrics.map((metric) => ({ metric, tolerance }));

// 1. Equal models: the gate fails at most alpha of the time.
console.error('1. equal models');
for (const [name, scenario] of [
  ['binary, independent errors', BINARY],
  ['binary, errors correlated 0.8', CORRELATED],
]) {
  const defaults = run(`default policy, ${name}`, {
    scenario,
    simulations: SIMULATIONS,
    alpha: 0.05,
    resamples: RESAMPLES,
  });
  record(
    'equal models: gate fail rate',
    `${name}; default policy (8 rules, 4 blocking)`,
    'all, Holm',
    defaults.simulations,
    'at most',
    0.05,
    defaults.failRate,
  );
}
for (const correction of ['holm', 'none']) {
  for (const alpha of [0.05, 0.2]) {
    const result = run(`tolerance 0, ${correction}, alpha ${alpha}`, {
      // The same seed for both corrections: the same simulated data, decided with and without Holm.
      seed: SEED + (alpha === 0.05 ? 101 : 102),
      scenario: BINARY,
      simulations: SIMULATIONS,
      alpha,
      resamples: RESAMPLES,
      correction,
      rules: allRules(BINARY_METRICS, absolute(0)),
    });
    record(
      'equal models: gate fail rate',
      `binary; 8 blocking rules at tolerance 0, alpha = ${alpha}`,
      correction === 'holm' ? 'all, Holm' : 'all, NO correction (for contrast)',
      result.simulations,
      correction === 'holm' ? 'at most' : 'report',
      alpha,
      result.failRate,
    );
  }
}
const regressionDefaults = run('default policy, regression', {
  scenario: REGRESSION,
  simulations: SLOW_SIMULATIONS,
  alpha: 0.05,
  resamples: GROUPED_RESAMPLES,
});
record(
  'equal models: gate fail rate',
  'regression; default policy (5 rules, 2 blocking)',
  'all, Holm',
  regressionDefaults.simulations,
  'at most',
  0.05,
  regressionDefaults.failRate,
);

// 2. At the boundary (worse by exactly the tolerance), one blocking rule: fails about alpha of the time, and
// the 90% interval covers the true delta (-tolerance) 90% of the time.
console.error('2. boundary');
const boundaryRules = [
  [BINARY, { metric: 'accuracy', tolerance: absolute(0.005) }],
  [BINARY, { metric: 'roc_auc', tolerance: absolute(0.005) }],
  [BINARY, { metric: 'log_loss', tolerance: relative(2) }],
  [BINARY, { metric: 'brier_score', tolerance: relative(2) }],
  [BINARY, { metric: 'f1_macro', tolerance: absolute(0.01) }],
  [CORRELATED, { metric: 'accuracy', tolerance: absolute(0.005) }],
  [CORRELATED, { metric: 'roc_auc', tolerance: absolute(0.005) }],
  [REGRESSION, { metric: 'mae', tolerance: relative(2) }],
  [REGRESSION, { metric: 'rmse', tolerance: relative(2) }],
];
const effects = new Map();
for (const [base, rule] of boundaryRules) {
  const tolerance = populationTolerance(base, rule.metric, rule.tolerance);
  const scenario = scenarioWithDelta(base, rule.metric, -tolerance);
  const name = `${base === CORRELATED ? 'binary, errors correlated 0.8' : base.task}; ${rule.metric} worse by its tolerance ${rule.tolerance.kind === 'relative' ? `${rule.tolerance.percent}%` : rule.tolerance.value}`;
  const result = run(name, {
    scenario,
    simulations: slow([rule.metric]) ? SLOW_SIMULATIONS : SIMULATIONS,
    alpha: 0.05,
    resamples: slow([rule.metric]) ? GROUPED_RESAMPLES : RESAMPLES,
    rules: [rule],
  });
  const summary = result.rules[0];
  record('boundary: rule fail rate', name, rule.metric, result.simulations, 'about', 0.05, result.failRate);
  record(
    'boundary: 90% interval coverage',
    name,
    rule.metric,
    result.simulations,
    'about',
    0.9,
    summary.coverage,
  );
  if (base === BINARY)
    effects.set(rule.metric, { tolerance, effect: summary.meanMinimumDetectableEffect, rule });
}

// 3. Coverage of 95% intervals (alpha = 0.025) of a true, non-zero delta.
console.error('3. coverage');
const binaryWorse = scenarioWithDelta({ ...BINARY, noiseCorrelation: 0.5 }, 'accuracy', -0.01);
const binaryCoverage = run('coverage, binary', {
  scenario: binaryWorse,
  simulations: SIMULATIONS,
  alpha: 0.025,
  resamples: RESAMPLES,
  rules: allRules(BINARY_METRICS, absolute(0)),
});
for (const summary of binaryCoverage.rules) {
  record(
    '95% interval coverage',
    `binary, errors correlated 0.5; candidate 1 point less accurate (true delta ${summary.trueDelta.toFixed(4)})`,
    summary.metric,
    binaryCoverage.simulations,
    'about',
    0.95,
    summary.coverage,
  );
}
const regressionWorse = { ...REGRESSION, candidateErrorStandardDeviation: 1.03 };
const regressionCoverage = run('coverage, regression', {
  scenario: regressionWorse,
  simulations: SLOW_SIMULATIONS,
  alpha: 0.025,
  resamples: GROUPED_RESAMPLES,
  rules: allRules(['mae', 'mse', 'rmse', 'r2'], absolute(0)),
});
for (const summary of regressionCoverage.rules) {
  record(
    '95% interval coverage',
    `regression, errors correlated 0.5; candidate error sd 3% larger (true delta ${summary.trueDelta.toFixed(4)})`,
    summary.metric,
    regressionCoverage.simulations,
    'about',
    0.95,
    summary.coverage,
  );
}

// 4. Power against the minimum detectable effect (MDE) the report shows at this n. The one-sided test is
// against -tolerance, so "worse by k x MDE" means delta = -(tolerance + k x MDE).
console.error('4. power');
for (const [metric, { tolerance, effect, rule }] of effects) {
  if (!['accuracy', 'roc_auc', 'log_loss'].includes(metric)) continue;
  const at = (distance, label, kind, expected) => {
    const result = run(`${metric} ${label}`, {
      scenario: scenarioWithDelta(BINARY, metric, -tolerance - distance),
      simulations: SIMULATIONS,
      alpha: 0.05,
      resamples: RESAMPLES,
      rules: [rule],
    });
    record(
      'power: rule fail rate',
      `binary; ${metric} worse by tolerance + ${label}`,
      metric,
      result.simulations,
      kind,
      expected,
      result.failRate,
    );
    return result;
  };
  at(2 * effect, '2 x MDE', 'at least', 0.8);
  const once = at(effect, '1 x MDE (MDE as reported at the boundary)', 'report', 0.8);
  // The report computes the MDE from the data it has: on this worse candidate's data the standard error is
  // larger, so its MDE is too. One fixed-point step: the power at tolerance + that MDE.
  at(
    once.rules[0].meanMinimumDetectableEffect,
    "1 x MDE (MDE as reported on the worse candidate's data)",
    'about',
    0.8,
  );
}
{
  const { tolerance, effect } = effects.get('accuracy');
  const result = run('default policy, accuracy worse by tolerance + 2 x MDE', {
    scenario: scenarioWithDelta(BINARY, 'accuracy', -tolerance - 2 * effect),
    simulations: SIMULATIONS,
    alpha: 0.05,
    resamples: RESAMPLES,
  });
  record(
    'power: gate fail rate',
    'binary; default policy; accuracy worse by tolerance + 2 x MDE (the other metrics worse too)',
    'all, Holm',
    result.simulations,
    'at least',
    0.8,
    result.failRate,
  );
}

// The table.
const format = (value) => value.toFixed(4);
const promise = { 'at most': '<=', 'at least': '>=', about: '~', report: '' };
console.log(
  `Calibration of the model-gate decision by simulation: ${ROWS} rows per holdout set, seed ${SEED}, ` +
    `${RESAMPLES} bootstrap resamples (${GROUPED_RESAMPLES} for the grouped bootstrap), ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
console.log(
  'Measured rates with their Monte Carlo standard errors (sqrt(p (1 - p) / S), at the promised p when there ' +
    'is one); "ok" = within 3 standard errors of the promise.',
);
console.log('');
console.log('| check | scenario | rule (method) | simulations | promised | measured | MC SE | |');
console.log('|---|---|---|---:|---:|---:|---:|---|');
for (const row of rows) {
  const expected = row.kind === 'report' ? '(none)' : `${promise[row.kind]} ${row.expected}`;
  console.log(
    `| ${row.check} | ${row.scenario} | ${row.method} | ${row.simulations} | ${expected} | ${format(row.measured)} | ${format(row.standardError)} | ${row.verdict} |`,
  );
}
if (values.json !== undefined) {
  writeFileSync(
    values.json,
    `${JSON.stringify({ rows: ROWS, seed: SEED, resamples: RESAMPLES, checks: rows }, null, 2)}\n`,
  );
}
if (rows.some((row) => row.verdict === 'FAIL')) process.exitCode = 1;
