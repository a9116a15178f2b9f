#!/usr/bin/python3
"""Reference values for the latency comparison (src/stats/sample-quantiles.ts, src/stats/paired-log-ratio.ts,
src/evaluation/build-latency-report.ts).

Writes test/fixtures/reference/latency.json (inputs stored beside the expected outputs). The tests read that
file and never run Python. Regenerate with Debian's Python (NumPy 1.24.2, SciPy 1.10.1; the `python3` first on
PATH may not see them) from the repository root:

    /usr/bin/python3 scripts/reference/latency_reference.py

Sources of truth, per quantity:
- Sample quantiles: numpy.quantile(x, q, method="linear"), NumPy's default (Hyndman & Fan 1996, type 7).
- Paired time ratio: scipy.stats.gmean(candidate / baseline) for the estimate; the interval is
  exp(scipy.stats.ttest_1samp(log(candidate / baseline), 0).confidence_interval(confidence)); the one-sided
  tests of "ratio above / below a bound" are ttest_1samp(log ratios, popmean=log(bound),
  alternative="greater" / "less").
- The latency report: per-batch milliseconds and per-row microseconds through numpy.quantile, throughput as
  rows / seconds, on the batches model-gate times (warm-up dropped; a final batch smaller than the others
  left out of the quantiles and the ratio but kept in the throughput).

All data is drawn from a seeded NumPy generator and rounded before any reference value is computed, so the
stored inputs are exactly the inputs the references saw.
"""

import json
import math
import pathlib

import numpy as np
import scipy
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test" / "fixtures" / "reference" / "latency.json"

rng = np.random.default_rng(20240612)

PROBABILITIES = [0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0, 0.123]
CONFIDENCES = [0.9, 0.95, 0.8]
BOUNDS = [1.0, 1.1, 1.2, 0.9]


def rounded(values, decimals=6):
    return [float(v) for v in np.round(np.asarray(values, dtype=np.float64), decimals)]


def quantile_case(name, values):
    x = np.asarray(values, dtype=np.float64)
    return {
        "name": name,
        "values": [float(v) for v in x],
        "probabilities": PROBABILITIES,
        "quantiles": [float(np.quantile(x, p, method="linear")) for p in PROBABILITIES],
    }


def paired_times(n, ratio, spread, noise):
    """Batch times in milliseconds: a shared runner state (log-normal, `spread`) times each model's own noise."""
    shared = 8.0 * np.exp(rng.normal(0.0, spread, n))
    baseline = shared * np.exp(rng.normal(0.0, noise, n))
    candidate = ratio * shared * np.exp(rng.normal(0.0, noise, n))
    return rounded(candidate), rounded(baseline)


def ratio_case(name, candidate, baseline):
    c = np.asarray(candidate, dtype=np.float64)
    b = np.asarray(baseline, dtype=np.float64)
    logs = np.log(c / b)
    n = len(logs)
    levels = []
    for confidence in CONFIDENCES:
        low, high = stats.ttest_1samp(logs, 0.0).confidence_interval(confidence_level=confidence)
        levels.append({"confidence": confidence, "ci": [float(math.exp(low)), float(math.exp(high))]})
    tests = []
    for bound in BOUNDS:
        greater = stats.ttest_1samp(logs, popmean=math.log(bound), alternative="greater")
        less = stats.ttest_1samp(logs, popmean=math.log(bound), alternative="less")
        tests.append(
            {
                "bound": bound,
                "statistic": float(greater.statistic),
                "pValueAbove": float(greater.pvalue),
                "pValueBelow": float(less.pvalue),
            }
        )
    return {
        "name": name,
        "candidate": candidate,
        "baseline": baseline,
        "n": n,
        "estimate": float(stats.gmean(c / b)),
        "meanLogRatio": float(np.mean(logs)),
        "standardError": float(stats.sem(logs)),
        "df": n - 1,
        "levels": levels,
        "tests": tests,
    }


def report_case(name, candidate_ns, baseline_ns, rows, warmup):
    """What build-latency-report.ts must produce from recorded batches (nanoseconds, rows per batch)."""
    total = len(rows)
    effective_warmup = min(warmup, max(0, total - 1))
    timed = list(range(effective_warmup, total))
    largest = max(rows[i] for i in timed)
    full = [i for i in timed if rows[i] == largest]

    def model(durations_ns):
        batch_ms = np.array([durations_ns[i] / 1e6 for i in full])
        row_us = np.array([durations_ns[i] / 1e3 / rows[i] for i in full])
        seconds = sum(durations_ns[i] for i in timed) / 1e9
        return {
            "perBatchMs": {
                key: float(np.quantile(batch_ms, p, method="linear"))
                for key, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
            },
            "perRowUs": {
                key: float(np.quantile(row_us, p, method="linear"))
                for key, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
            },
            "rowsPerSecond": float(sum(rows[i] for i in timed) / seconds),
        }

    ratios = np.array([candidate_ns[i] / baseline_ns[i] for i in full])
    return {
        "name": name,
        "candidateNs": candidate_ns,
        "baselineNs": baseline_ns,
        "rows": rows,
        "warmup": warmup,
        "expected": {
            "warmupBatches": effective_warmup,
            "batches": len(full),
            "candidate": model(candidate_ns),
            "baseline": model(baseline_ns),
            "ratio": float(stats.gmean(ratios)),
        },
    }


def integer_times(n, center, spread):
    return [int(v) for v in np.round(center * np.exp(rng.normal(0.0, spread, n)))]


def main():
    lognormal = rounded(np.exp(rng.normal(0.0, 0.4, 123)) * 0.9)
    quantiles = [
        quantile_case("123 log-normal batch times", lognormal),
        quantile_case("ties", [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 7.5]),
        quantile_case("one value", [4.25]),
        quantile_case("two values", [3.0, 1.0]),
        quantile_case("unsorted", [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]),
        quantile_case("constant", [2.5] * 7),
        quantile_case("wide range", [1e-9, 3e-4, 0.5, 12.0, 7e3, 1e9]),
        quantile_case("1000 uniform", rounded(rng.uniform(0.0, 100.0, 1000), 4)),
    ]

    ratios = []
    candidate, baseline = paired_times(30, 1.1, 0.3, 0.05)
    ratios.append(ratio_case("candidate 10% slower, 30 batches, noisy runner", candidate, baseline))
    candidate, baseline = paired_times(121, 1.0, 0.2, 0.03)
    ratios.append(ratio_case("same speed, 121 batches", candidate, baseline))
    candidate, baseline = paired_times(8, 0.7, 0.1, 0.1)
    ratios.append(ratio_case("candidate 30% faster, 8 batches", candidate, baseline))
    ratios.append(ratio_case("three batches", [10.5, 11.25, 9.75], [10.0, 10.0, 10.5]))

    reports = []
    rows = [8192] * 12 + [1000]
    reports.append(
        report_case(
            "13 batches, warm-up 2, last batch partial",
            integer_times(13, 6.0e6, 0.2),
            integer_times(13, 5.0e6, 0.2),
            rows,
            2,
        )
    )
    reports.append(
        report_case(
            "2 batches, warm-up 2 shrinks to 1",
            integer_times(2, 3.0e6, 0.1),
            integer_times(2, 3.5e6, 0.1),
            [8192, 8192],
            2,
        )
    )
    reports.append(
        report_case(
            "1 batch of 200 rows, warm-up 0",
            [812345],
            [923456],
            [200],
            0,
        )
    )

    document = {
        "generator": "scripts/reference/latency_reference.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "quantiles": quantiles,
        "ratios": ratios,
        "reports": reports,
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
