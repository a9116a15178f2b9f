/**
 * The GitHub Action's entry (bundled to dist/index.js by scripts/build-dist.mjs): wires the real ports and
 * starts `run`. All logic lives in src/github/run.ts. The engine is imported lazily, after the ONNX runtime's
 * binding has been located for this runner (src/github/onnx-runtime-setup.ts).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import onnxRuntimePackage from 'onnxruntime-node/package.json' with { type: 'json' };

import { actionCore } from './github/action-core.js';
import { createReportArtifactStore } from './github/report-artifact.js';
import { run } from './github/run.js';
import { renderMarkdown } from './report/render-markdown.js';

await run({
  core: actionCore,
  env: process.env,
  cwd: process.cwd(),
  actionDirectory: dirname(fileURLToPath(import.meta.url)),
  platform: process.platform,
  arch: process.arch,
  onnxRuntimeVersion: onnxRuntimePackage.version,
  loadEvaluate: async () => (await import('./evaluate.js')).evaluate,
  renderMarkdown,
  artifacts: createReportArtifactStore(process.env),
});
