/**
 * Flips (issue 5): the rows whose correctness changed between the baseline and the candidate, by true class,
 * as (baseline prediction -> candidate prediction) transitions, and a few example row ids (never feature
 * values) from the --id-column.
 */
import type { FlipCounts, FlipsReport } from '../report/types.js';

export const MAX_TRANSITIONS = 20;
export const MAX_EXAMPLE_IDS = 10;

export class FlipCollector {
  private readonly fixedByClass: Float64Array;
  private readonly brokenByClass: Float64Array;
  /** key = baselinePrediction * K + candidatePrediction, for rows where the predictions differ. */
  private readonly transitions = new Map<number, { rows: number; fixed: number; broken: number }>();
  private readonly fixedIds: string[] = [];
  private readonly brokenIds: string[] = [];

  constructor(
    private readonly classes: ReadonlyArray<number | string>,
    private readonly idColumn: string | null,
  ) {
    this.fixedByClass = new Float64Array(classes.length);
    this.brokenByClass = new Float64Array(classes.length);
  }

  add(
    trueIndex: Int32Array,
    candidate: Int32Array,
    baseline: Int32Array,
    rowCount: number,
    ids: readonly string[] | undefined,
  ): void {
    const K = this.classes.length;
    for (let row = 0; row < rowCount; row++) {
      const label = trueIndex[row] as number;
      const candidatePrediction = candidate[row] as number;
      const baselinePrediction = baseline[row] as number;
      if (candidatePrediction === baselinePrediction) continue;
      const fixed = candidatePrediction === label;
      const broken = baselinePrediction === label;
      const key = baselinePrediction * K + candidatePrediction;
      const transition = this.transitions.get(key) ?? { rows: 0, fixed: 0, broken: 0 };
      transition.rows++;
      if (fixed) {
        transition.fixed++;
        this.fixedByClass[label] = (this.fixedByClass[label] as number) + 1;
        if (ids !== undefined && this.fixedIds.length < MAX_EXAMPLE_IDS)
          this.fixedIds.push(ids[row] as string);
      } else if (broken) {
        transition.broken++;
        this.brokenByClass[label] = (this.brokenByClass[label] as number) + 1;
        if (ids !== undefined && this.brokenIds.length < MAX_EXAMPLE_IDS)
          this.brokenIds.push(ids[row] as string);
      }
      this.transitions.set(key, transition);
    }
  }

  report(bySlice: Record<string, Record<string, FlipCounts>> | undefined): FlipsReport {
    const K = this.classes.length;
    const byClass = this.classes.map((value, index) => ({
      class: value,
      fixed: this.fixedByClass[index] as number,
      broken: this.brokenByClass[index] as number,
    }));
    const changed = [...this.transitions.entries()]
      .sort((a, b) => b[1].rows - a[1].rows || a[0] - b[0])
      .slice(0, MAX_TRANSITIONS)
      .map(([key, counts]) => ({
        from: this.classes[Math.floor(key / K)] as number | string,
        to: this.classes[key % K] as number | string,
        ...counts,
      }));
    const report: FlipsReport = {
      fixed: byClass.reduce((sum, entry) => sum + entry.fixed, 0),
      broken: byClass.reduce((sum, entry) => sum + entry.broken, 0),
      byClass,
      changed,
    };
    if (bySlice !== undefined) report.bySlice = bySlice;
    if (this.idColumn !== null) {
      report.examples = { column: this.idColumn, broken: [...this.brokenIds], fixed: [...this.fixedIds] };
    }
    return report;
  }
}
