import type { InferenceSession } from 'onnxruntime-node';

/**
 * Session options for the small tabular models model-gate runs, measured on 2 vCPUs (onnxruntime-node 1.30,
 * MLP 30 -> 64 -> 2, batches of 8192 rows, two models per batch):
 * - one intra-op thread: ~11 M rows/s per model, and the same when 30 ms of JavaScript (CSV parsing) runs
 *   between batches;
 * - two threads with spinning (onnxruntime's default): 5.6-6.4 M rows/s in the same run; the spinning worker
 *   keeps burning the core the reader needs;
 * - two threads with `allow_spinning: '0'`: 10-11 M rows/s, no better than one thread.
 * So: one thread, sequential execution, full graph optimisation, and no spinning when a caller asks for more
 * threads (a bigger model on a bigger runner may gain from them).
 */
export function sessionOptions(threads = 1): InferenceSession.SessionOptions {
  const intraOpNumThreads = Math.max(1, Math.floor(threads));
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    intraOpNumThreads,
    interOpNumThreads: 1,
    // Session config entries 'session.intra_op.allow_spinning' / 'session.inter_op.allow_spinning'.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    logSeverityLevel: 3,
  };
}
