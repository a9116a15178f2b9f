// The physical limit the benchmark compares against (PLATFORM.md): stream the CSV, split lines on commas,
// convert with unary +, fill 8192-row Float32Array batches and run both models. Nothing else.
// Usage: node scripts/bench-bare.js <data.csv> <model-a.onnx> <model-b.onnx> <feature-count>
import { createReadStream } from 'node:fs';
import * as ort from 'onnxruntime-node';

const [dataPath, modelA, modelB, featureCountText] = process.argv.slice(2);
const featureCount = Number(featureCountText);
const batchRows = 8192;
const options = { graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1 };
const sessionA = await ort.InferenceSession.create(modelA, options);
const sessionB = await ort.InferenceSession.create(modelB, options);
const inputA = sessionA.inputNames[0];
const inputB = sessionB.inputNames[0];

let batch = new Float32Array(batchRows * featureCount);
let rowsInBatch = 0;
let rows = 0;
let checksum = 0;

async function flush() {
  if (rowsInBatch === 0) return;
  const features = rowsInBatch === batchRows ? batch : batch.subarray(0, rowsInBatch * featureCount);
  const tensor = new ort.Tensor('float32', features, [rowsInBatch, featureCount]);
  const a = await sessionA.run({ [inputA]: tensor });
  const b = await sessionB.run({ [inputB]: tensor });
  checksum += a[sessionA.outputNames[0]].data[0] + b[sessionB.outputNames[0]].data[0];
  rows += rowsInBatch;
  rowsInBatch = 0;
  batch = new Float32Array(batchRows * featureCount);
}

let header = true;
let rest = '';
for await (const chunk of createReadStream(dataPath, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
  const text = rest + chunk;
  const lines = text.split('\n');
  rest = lines.pop();
  for (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    if (line === '') continue;
    const cells = line.split(',');
    const offset = rowsInBatch * featureCount;
    for (let j = 0; j < featureCount; j++) batch[offset + j] = +cells[j];
    rowsInBatch++;
    if (rowsInBatch === batchRows) await flush();
  }
}
if (rest !== '' && !header) {
  const cells = rest.split(',');
  const offset = rowsInBatch * featureCount;
  for (let j = 0; j < featureCount; j++) batch[offset + j] = +cells[j];
  rowsInBatch++;
}
await flush();
process.stderr.write(JSON.stringify({ rows, checksum, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
