// npm run bench: how far model-gate is from the physical limit (PLATFORM.md, issue 2).
// Generates a 1,000,000-row x 30-feature CSV and two small MLPs under .bench/ (cached between runs), runs
// `model-gate evaluate` on them and, alternately, a bare script that only parses the same CSV and runs the
// two models in batches. Prints both times, their ratio, rows per second and peak RSS.
// Options: --rows N (default 1000000), --repeat N (default 3).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildMlp, mulberry32 } from './lib/mlp-model.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rows: { type: 'string' }, repeat: { type: 'string' } } });
const rows = Number(values.rows ?? 1_000_000);
const repeat = Number(values.repeat ?? 3);
const features = 30;
const dir = join(root, '.bench');
mkdirSync(dir, { recursive: true });
const dataPath = join(dir, `holdout-${rows}x${features}.csv`);
const candidatePath = join(dir, 'candidate.onnx');
const baselinePath = join(dir, 'baseline.onnx');

async function generateData() {
  const random = mulberry32(42);
  const truth = Array.from({ length: features }, () => random() * 2 - 1);
  const out = createWriteStream(dataPath);
  const write = (text) => (out.write(text) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write(`${Array.from({ length: features }, (_, j) => `f${j}`).join(',')},label\n`);
  let buffer = '';
  for (let row = 0; row < rows; row++) {
    let score = 0;
    const cells = new Array(features);
    for (let j = 0; j < features; j++) {
      const value = random() * 4 - 2;
      score += value * truth[j];
      cells[j] = value.toFixed(5);
    }
    const label = random() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
    buffer += `${cells.join(',')},${label}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise((resolve) => out.end(resolve));
}

function run(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const last = stderr.trim().split('\n').pop() ?? '';
      let stats;
      try {
        stats = JSON.parse(last);
      } catch {
        reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`));
        return;
      }
      resolve({ seconds, code, maxRssMb: stats.maxRssKb / 1024 });
    });
  });
}

// The CLI in the same process as its RSS measurement: main() is what bin/model-gate.js runs.
const cliWrapper = `
const { main } = await import(${JSON.stringify(join(root, 'build', 'cli.js'))});
const code = await main(process.argv.slice(1));
process.stderr.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
`;

if (!existsSync(dataPath)) {
  process.stdout.write(`generating ${dataPath} ...\n`);
  await generateData();
}
writeFileSync(candidatePath, buildMlp({ features, hidden: 64, classes: 2, seed: 7 }));
writeFileSync(baselinePath, buildMlp({ features, hidden: 64, classes: 2, seed: 8 }));

const gateArgs = [
  '--input-type=module',
  '-e',
  cliWrapper,
  'evaluate',
  '--candidate',
  candidatePath,
  '--baseline',
  baselinePath,
  '--data',
  dataPath,
  '--json',
  join(dir, 'report.json'),
];
const bareArgs = [
  join(root, 'scripts', 'bench-bare.js'),
  dataPath,
  candidatePath,
  baselinePath,
  String(features),
];

const gate = [];
const bare = [];
for (let i = 0; i < repeat; i++) {
  bare.push(await run(bareArgs));
  gate.push(await run(gateArgs));
  process.stdout.write(
    `run ${i + 1}/${repeat}: bare ${bare[i].seconds.toFixed(2)} s, model-gate ${gate[i].seconds.toFixed(2)} s\n`,
  );
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const gateSeconds = median(gate.map((r) => r.seconds));
const bareSeconds = median(bare.map((r) => r.seconds));
const ratio = gateSeconds / bareSeconds;
const lines = [
  `rows: ${rows.toLocaleString('en')} x ${features} features (${dataPath})`,
  `bare parse + 2 models: ${bareSeconds.toFixed(2)} s median of ${repeat}, peak RSS ${Math.max(...bare.map((r) => r.maxRssMb)).toFixed(0)} MB`,
  `model-gate evaluate:   ${gateSeconds.toFixed(2)} s median of ${repeat}, peak RSS ${Math.max(...gate.map((r) => r.maxRssMb)).toFixed(0)} MB, exit code ${gate[0].code}`,
  `ratio: ${ratio.toFixed(3)} (target <= 1.15); throughput ${(rows / gateSeconds / 1e3).toFixed(0)}k rows/s`,
];
const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const { totalMs, readMs, inferenceMs } = report.timings;
lines.push(
  `inside evaluate: ${(totalMs / 1000).toFixed(2)} s = reading ${(readMs / 1000).toFixed(2)} s + inference ` +
    `${(inferenceMs / 1000).toFixed(2)} s + metrics, tests, gate and report ${((totalMs - readMs - inferenceMs) / 1000).toFixed(2)} s`,
);
process.stdout.write(`\n${lines.join('\n')}\n`);

// The paired bootstraps of the gate (issue 3): 10,000 resamples over 1,000,000 rows.
const { benchmarkBootstrap } = await import(join(root, 'build', 'stats', 'bootstrap-benchmark.js'));
process.stdout.write('\npaired bootstrap, 10,000 resamples over 1,000,000 rows:\n');
for (const classCount of [2, 3, 10]) {
  const result = benchmarkBootstrap({ rows: 1_000_000, resamples: 10_000, classCount });
  process.stdout.write(
    `  confusion cells, ${classCount} classes (${classCount ** 3} cells): ${result.cellsMilliseconds.toFixed(0)} ms` +
      (classCount === 2
        ? `; grouped sums (RMSE / R2): accumulate ${result.groupedAccumulateMilliseconds.toFixed(0)} ms, ` +
          `resample ${result.groupedResampleMilliseconds.toFixed(0)} ms`
        : '') +
      '\n',
  );
}
