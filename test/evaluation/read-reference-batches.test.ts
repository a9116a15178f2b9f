import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { readReferenceBatches } from '../../src/evaluation/read-reference-batches.js';

const folder = mkdtempSync(join(tmpdir(), 'model-gate-reference-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

async function readAll(path: string, featureColumns: string[]) {
  const rows: number[][] = [];
  for await (const batch of readReferenceBatches({
    path,
    displayPath: 'reference.csv',
    featureColumns,
    featureDtype: 'float64',
    batchSize: 2,
  })) {
    for (let row = 0; row < batch.rowCount; row++) {
      rows.push(
        Array.from(batch.features.subarray(row * featureColumns.length, (row + 1) * featureColumns.length)),
      );
    }
  }
  return rows;
}

describe('readReferenceBatches', () => {
  it('reads a file without a label column, in the holdout feature order', async () => {
    const path = file('no-label.csv', 'b,a,unused\n1,2,x\n3,4,y\n5,6,z\n');
    expect(await readAll(path, ['a', 'b'])).toEqual([
      [2, 1],
      [4, 3],
      [6, 5],
    ]);
  });

  it('ignores a label column, even with empty cells', async () => {
    const path = file('empty-labels.csv', 'a,label\n1,\n2,yes\n');
    expect(await readAll(path, ['a'])).toEqual([[1], [2]]);
  });

  it('names the reference file when it lacks a feature column', async () => {
    const path = file('missing.csv', 'a\n1\n');
    await expect(readAll(path, ['a', 'b'])).rejects.toThrow(DataError);
    await expect(readAll(path, ['a', 'b'])).rejects.toThrow(/reference\.csv.*'b' is not in the header/s);
  });
});
