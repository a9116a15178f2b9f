// Compares numbers of a report with reference values under the tolerances of DESIGN.md section 5, collecting
// every mismatch so that one failing test shows all of them at once.
//
// `inputNoise` (from pipeline.json) says, by path, how far a reference number moves when the model outputs move
// by the few float32 ulps that separate onnxruntime from torch. The reference cannot be closer to model-gate
// than that, so where NOISE_FACTOR times that movement exceeds the stated tolerance, it is the tolerance.

export interface Tolerances {
  metricsAbsolute: number;
  pValueAbsolute: number;
  pValueRelative: number;
  statisticRelative: number;
}

type Value = number | string | boolean | null | undefined;

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** How many times the measured input noise a number may differ by. */
export const NOISE_FACTOR = 2;

export class ReportComparer {
  readonly mismatches: string[] = [];
  /** Paths that passed only thanks to the input-noise allowance. */
  readonly withinNoise: string[] = [];

  constructor(
    private readonly tolerances: Tolerances,
    private readonly inputNoise: Readonly<Record<string, number>> = {},
  ) {}

  /** Whether a difference beyond the stated tolerance is within the input-noise allowance (and notes it). */
  private withinAllowance(path: string, difference: number): boolean {
    const allowance = NOISE_FACTOR * (this.inputNoise[path] ?? 0);
    if (difference <= allowance) {
      this.withinNoise.push(path);
      return true;
    }
    return false;
  }

  private nullsMatch(path: string, actual: Value, expected: Value): boolean {
    if (expected === null || actual === null || actual === undefined) {
      if (actual !== expected)
        this.mismatches.push(`${path}: got ${show(actual)}, expected ${show(expected)}`);
      return false;
    }
    if (typeof actual !== 'number' || typeof expected !== 'number') {
      this.mismatches.push(`${path}: got ${show(actual)}, expected the number ${show(expected)}`);
      return false;
    }
    return true;
  }

  /** Metric values (and AUCs, mean differences): absolute tolerance. */
  metric(path: string, actual: Value, expected: number | null): void {
    if (!this.nullsMatch(path, actual, expected)) return;
    const difference = Math.abs((actual as number) - (expected as number));
    if (!(difference <= this.tolerances.metricsAbsolute) && !this.withinAllowance(path, difference)) {
      this.mismatches.push(
        `${path}: got ${show(actual)}, expected ${show(expected)} (|diff| ${difference.toExponential(2)} > ${this.tolerances.metricsAbsolute})`,
      );
    }
  }

  /** p-values: within the absolute OR the relative tolerance. */
  pValue(path: string, actual: Value, expected: number | null): void {
    if (!this.nullsMatch(path, actual, expected)) return;
    const difference = Math.abs((actual as number) - (expected as number));
    const { pValueAbsolute, pValueRelative } = this.tolerances;
    const withinTolerance =
      difference <= pValueAbsolute || difference <= pValueRelative * Math.abs(expected as number);
    if (!withinTolerance && !this.withinAllowance(path, difference)) {
      this.mismatches.push(
        `${path}: got ${show(actual)}, expected ${show(expected)} (|diff| ${difference.toExponential(2)})`,
      );
    }
  }

  /** Test statistics (t, z, W, chi-square): relative tolerance (exact when the reference is 0, noise aside). */
  statistic(path: string, actual: Value, expected: number | null): void {
    if (!this.nullsMatch(path, actual, expected)) return;
    const difference = Math.abs((actual as number) - (expected as number));
    const withinTolerance = difference <= this.tolerances.statisticRelative * Math.abs(expected as number);
    if (!withinTolerance && !this.withinAllowance(path, difference)) {
      this.mismatches.push(
        `${path}: got ${show(actual)}, expected ${show(expected)} (relative diff ${(difference / Math.abs(expected as number)).toExponential(2)})`,
      );
    }
  }

  /** Counts, flags, names: equal. */
  exact(path: string, actual: unknown, expected: unknown): void {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      this.mismatches.push(`${path}: got ${show(actual)}, expected ${show(expected)}`);
    }
  }

  /** A fact about the report that must hold. */
  check(condition: boolean, message: string): void {
    if (!condition) this.mismatches.push(message);
  }
}
