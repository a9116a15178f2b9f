import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

export interface KstwoCase {
  n: number;
  x: number;
  sf: number;
  branch: string;
}
export interface SmirnovCase {
  n: number;
  x: number;
  sf: number;
}
export interface KsCase {
  name: string;
  sample1: number[];
  sample2: number[];
  statistic: number;
  pValue: number | null;
  effectiveN: number;
}
export interface ChiSquareCase {
  name: string;
  table: number[][];
  statistic: number;
  pValue: number;
  df: number;
  cramersV: number | null;
}
export interface PsiCountCase {
  name: string;
  referenceCounts: number[];
  holdoutCounts: number[];
  psi: number;
  contributions: number[];
}
export interface PsiSampleCase {
  name: string;
  reference: number[];
  holdout: number[];
  edges: number[];
  referenceCounts: number[];
  holdoutCounts: number[];
  psi: number;
}

/** SciPy 1.10.1 / NumPy 1.24 values from scripts/reference/drift_reference.py. */
export const driftFixture = JSON.parse(
  readFileSync(new URL('../fixtures/reference/drift.json', import.meta.url), 'utf8'),
) as {
  psiEpsilon: number;
  kstwo: KstwoCase[];
  smirnov: SmirnovCase[];
  ks2samp: KsCase[];
  chiSquare: ChiSquareCase[];
  psiCounts: PsiCountCase[];
  psiSamples: PsiSampleCase[];
};

/** The project's p-value tolerance: 1e-6 absolute or 1e-4 relative. */
export function expectPValue(actual: number | null, expected: number, label = ''): void {
  expect(actual, label).not.toBeNull();
  const error = Math.abs((actual as number) - expected);
  expect(error <= 1e-6 || error <= 1e-4 * Math.abs(expected), `${label} p ${actual} vs ${expected}`).toBe(
    true,
  );
}

/** Statistics: 1e-9 relative (or 1e-12 absolute near 0). */
export function expectClose(actual: number | null, expected: number, label = '', tolerance = 1e-9): void {
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${label} ${actual} vs ${expected}`).toBeLessThanOrEqual(
    Math.max(tolerance * Math.abs(expected), 1e-12),
  );
}
