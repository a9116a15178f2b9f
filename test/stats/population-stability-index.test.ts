import { describe, expect, it } from 'vitest';
import {
  PSI_EPSILON,
  populationStabilityIndex,
  psiBand,
} from '../../src/stats/population-stability-index.js';
import { binIndex, quantileBinEdges } from '../../src/stats/quantile-bin-edges.js';
import { driftFixture, expectClose } from './drift-fixture.js';

describe('populationStabilityIndex on known histograms (NumPy formula)', () => {
  it('uses the epsilon of the reference script', () => {
    expect(PSI_EPSILON).toBe(driftFixture.psiEpsilon);
  });

  it.each(driftFixture.psiCounts.map((row) => [row.name, row] as const))('%s', (name, row) => {
    const result = populationStabilityIndex(row.referenceCounts, row.holdoutCounts);
    expectClose(result.statistic, row.psi, name);
    row.contributions.forEach((term, bin) =>
      expectClose(result.contributions[bin] as number, term, `${name}[${bin}]`),
    );
  });

  it('matches a hand computation', () => {
    // r = (0.5, 0.5), h = (0.8, 0.2): (0.3) ln(1.6) + (-0.3) ln(0.4) = 0.3 ln 4 = 0.41589
    const result = populationStabilityIndex([50, 50], [80, 20]);
    expect(result.statistic).toBeCloseTo(0.3 * Math.log(4), 14);
    expect(result.bins).toBe(2);
    // An empty bin counts as 0.0001: (0.0001 - 0.5) ln(0.0001 / 0.5) + (1 - 0.5) ln(1 / 0.5)
    const empty = populationStabilityIndex([50, 50], [0, 40]);
    expect(empty.statistic).toBeCloseTo((1e-4 - 0.5) * Math.log(1e-4 / 0.5) + 0.5 * Math.log(2), 12);
  });

  it('is 0 for equal proportions and null for an empty sample', () => {
    expect(populationStabilityIndex([1, 2, 3], [10, 20, 30]).statistic).toBeCloseTo(0, 15);
    const empty = populationStabilityIndex([1, 2], [0, 0]);
    expect(empty.statistic).toBeNull();
    expect(empty.reason).toMatch(/empty/);
  });

  it('rejects mismatched bins and bad counts', () => {
    expect(() => populationStabilityIndex([1, 2], [1])).toThrow(/2 reference bins but 1/);
    expect(() => populationStabilityIndex([1, Number.NaN], [1, 1])).toThrow(/referenceCounts\[1\] is NaN/);
  });

  it('names the rule-of-thumb bands', () => {
    expect(psiBand(0.05)).toBe('stable');
    expect(psiBand(0.1)).toBe('moderate');
    expect(psiBand(0.25)).toBe('moderate');
    expect(psiBand(0.26)).toBe('significant');
  });
});

describe('quantile bins against numpy.quantile and numpy.searchsorted', () => {
  it.each(driftFixture.psiSamples.map((row) => [row.name, row] as const))('%s', (name, row) => {
    const sorted = Float64Array.from(row.reference).sort();
    const edges = quantileBinEdges(sorted);
    expect(edges).toEqual(row.edges);
    const count = (values: number[]) => {
      const counts = new Array<number>(edges.length + 1).fill(0);
      for (const value of values)
        counts[binIndex(edges, value)] = (counts[binIndex(edges, value)] as number) + 1;
      return counts;
    };
    expect(count(row.reference)).toEqual(row.referenceCounts);
    expect(count(row.holdout)).toEqual(row.holdoutCounts);
    expectClose(populationStabilityIndex(row.referenceCounts, row.holdoutCounts).statistic, row.psi, name);
  });

  it('puts a value equal to an edge in the lower bin, and outside values in the end bins', () => {
    const edges = [1, 2, 3];
    expect(binIndex(edges, 1)).toBe(0);
    expect(binIndex(edges, 1.5)).toBe(1);
    expect(binIndex(edges, 3)).toBe(2);
    expect(binIndex(edges, -100)).toBe(0);
    expect(binIndex(edges, 100)).toBe(3);
  });

  it('merges equal deciles and handles one value', () => {
    // numpy.unique(numpy.quantile([0]*8 + [1, 2], [0.1, ..., 0.9])), bit for bit.
    expect(quantileBinEdges([0, 0, 0, 0, 0, 0, 0, 0, 1, 2])).toEqual([
      0, 0.20000000000000018, 1.0999999999999996,
    ]);
    expect(quantileBinEdges([5])).toEqual([5]);
    expect(() => quantileBinEdges([])).toThrow(/empty/);
  });
});
