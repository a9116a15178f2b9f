import { describe, expect, it } from 'vitest';

import { evaluate } from '../../src/evaluate.js';
import { silentLogger } from '../../src/logger.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';
import { renderTerminal } from '../../src/report/render-terminal.js';

describe('evaluate without a baseline', () => {
  it('reports the candidate alone, passes, and says so', async () => {
    const report = await evaluate(
      {
        cwd: process.cwd(),
        candidate: 'test/fixtures/models/binary-proba.onnx',
        baseline: null,
        data: 'test/fixtures/data/binary.csv',
        task: 'auto',
      },
      { logger: silentLogger },
    );
    expect(report.verdict).toBe('pass');
    expect(report.reasons).toEqual([
      'No baseline model yet: the candidate is reported alone, and the gate passes',
    ]);
    expect(report.models.baseline).toBeNull();
    expect(report.tests).toBeNull();
    expect(report.comparisons).toEqual([]);
    expect(Object.values(report.metrics.baseline).every((value) => value === null)).toBe(true);
    expect(report.metrics.candidate.accuracy).toBeGreaterThan(0.5);
    expect(report.notes.every((note) => !note.startsWith('baseline'))).toBe(true);
    expect(renderMarkdown(report)).toContain('No baseline model yet');
    expect(renderTerminal(report, { color: false })).toContain('none yet: the candidate is reported alone');
  });
});
