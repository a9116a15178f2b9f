#!/usr/bin/python3
"""Reference values for the drift statistics of src/stats/ (PSI, two-sample Kolmogorov-Smirnov, chi-square
test of homogeneity with Cramer's V).

Writes test/fixtures/reference/drift.json (inputs stored beside the expected outputs). The tests read that
file and never run Python. Regenerate with Debian's Python (it sees SciPy 1.10.1; the `python3` first on PATH
may not) from the repository root:

    /usr/bin/python3 scripts/reference/drift_reference.py

Sources of truth:
- KS distribution: scipy.stats.kstwo.sf(x, n) (Simard & L'Ecuyer's algorithm, scipy/stats/_ksstats.py) and
  scipy.special.smirnov(n, x), on a grid that reaches every branch of SciPy's `_kolmogn`.
- Two-sample KS: scipy.stats.ks_2samp(a, b, alternative='two-sided', method='asymp').
- Chi-square test of homogeneity: scipy.stats.chi2_contingency(table, correction=False) and Cramer's V from
  scipy.stats.contingency.association(table, method='cramer', correction=False).
- PSI has no SciPy function: its values come from the formula of src/stats/population-stability-index.ts
  written here with NumPy (an independent implementation), and the decile edges from
  numpy.quantile(reference, [0.1, ..., 0.9]) (linear interpolation, NumPy's default), deduplicated, with
  right-closed bins (numpy.searchsorted(edges, x, side='left')).

All data is drawn from a seeded generator and rounded to a few decimals before any reference value is
computed, so the stored inputs are exactly the inputs the references saw.
"""

import json
import pathlib

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats.contingency import association

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test" / "fixtures" / "reference" / "drift.json"

rng = np.random.default_rng(20240611)

PSI_EPSILON = 1e-4


def rounded(values, decimals):
    return [float(v) for v in np.round(np.asarray(values, dtype=np.float64), decimals)]


# --- The one-sample two-sided KS distribution (kstwo) ----------------------------------------------------
def kolmogn_branch(n, x):
    """Which branch of scipy.stats._ksstats._kolmogn(n, x, cdf=False) computes the value (for test names)."""
    if x >= 1.0:
        return "x >= 1"
    if x <= 0.0:
        return "x <= 0"
    t = n * x
    if t <= 1.0:
        return "t <= 0.5" if t <= 0.5 else "Ruben-Gambino lower"
    if t >= n - 1:
        return "Ruben-Gambino upper"
    if x >= 0.5:
        return "2 smirnov (x >= 0.5)"
    nxsquared = t * x
    if n <= 140:
        if nxsquared <= 0.754693:
            return "Durbin matrix (n <= 140)"
        if nxsquared <= 4:
            return "Pomeranz"
        return "2 smirnov (n <= 140)"
    if nxsquared >= 370.0:
        return "zero"
    if nxsquared >= 2.2:
        return "2 smirnov"
    if n <= 100000 and n * x**1.5 <= 1.4:
        return "1 - Durbin matrix"
    return "1 - Pelz-Good"


def kstwo_cases():
    cases = []
    grid = []
    # Small n: every exact branch.
    for n in [1, 2, 3, 5, 8, 10, 20, 50, 100, 140]:
        for x in [0.01, 0.05, 0.1, 0.12, 0.2, 0.25, 0.3, 0.4, 0.45, 0.5, 0.55, 0.7, 0.9, 0.99]:
            grid.append((n, x))
        grid.append((n, 0.75 / n))  # 1/2n < x <= 1/n
        grid.append((n, 1 - 0.5 / n))  # x >= 1 - 1/n
    # nx^2 just around the switch points of n <= 140.
    for n in [30, 77, 140]:
        for nxsquared in [0.5, 0.754, 0.755, 1.0, 2.0, 3.99, 4.01, 6.0, 12.0]:
            grid.append((n, float(np.sqrt(nxsquared / n))))
    # Large n: Durbin, Pelz-Good, smirnov, zero.
    for n in [141, 200, 500, 1000, 2500, 5000, 10000, 20000, 100000, 150000, 1000000]:
        for nxsquared in [0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.19, 2.21, 3.0, 5.0, 10.0,
                          20.0, 50.0, 200.0, 369.0, 371.0]:
            x = float(np.sqrt(nxsquared / n))
            if x < 1:
                grid.append((n, x))
        for x in [0.5, 0.6, 0.9]:
            grid.append((n, x))
    for n, x in grid:
        sf = float(stats.kstwo.sf(x, n))
        cases.append({"n": n, "x": x, "sf": sf, "branch": kolmogn_branch(n, x)})
    return cases


def smirnov_cases():
    cases = []
    for n in [1, 2, 5, 10, 37, 100, 500, 1000, 5000, 10000]:
        for x in [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.6, 0.8, 0.95]:
            if x * np.sqrt(n) < 0.5 and n > 2:
                continue  # SciPy switches to its upper sum there; model-gate never asks for it
            cases.append({"n": n, "x": x, "sf": float(special.smirnov(n, x))})
    return cases


# --- Two-sample KS -----------------------------------------------------------------------------------------
def ks_cases():
    cases = []

    def add(name, a, b, decimals=4):
        a = rounded(a, decimals)
        b = rounded(b, decimals)
        result = stats.ks_2samp(np.array(a), np.array(b), alternative="two-sided", method="asymp")
        n1, n2 = len(a), len(b)
        m, n = sorted([float(n1), float(n2)], reverse=True)
        cases.append(
            {
                "name": name,
                "sample1": a,
                "sample2": b,
                "statistic": float(result.statistic),
                # round(m n / (m + n)) = 0 (two single values) leaves SciPy's p-value NaN: stored as null.
                "pValue": None if np.isnan(result.pvalue) else float(result.pvalue),
                "effectiveN": int(np.round(m * n / (m + n))),
            }
        )

    add("n 1 vs 1", [0.5], [1.5])
    add("n 3 vs 3 (effective n 1.5 rounds to 2)", [0.1, 0.4, 0.9], [0.3, 0.5, 1.2])
    add("n 5 vs 5 (effective n 2.5 rounds half to even: 2)", [1, 2, 3, 4, 5], [2.5, 3.5, 6, 7, 8])
    add("n 3 vs 4", rng.normal(0, 1, 3), rng.normal(0, 1, 4))
    add("n 8 vs 10 shifted", rng.normal(0, 1, 8), rng.normal(1.5, 1, 10))
    add("n 20 vs 20 same", rng.normal(0, 1, 20), rng.normal(0, 1, 20))
    add("n 25 vs 60", rng.normal(0, 1, 25), rng.normal(0.3, 1.2, 60))
    add("identical samples", [1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    add("ties, integers", rng.integers(0, 5, 120), rng.integers(0, 6, 150), decimals=0)
    add("n 150 vs 200", rng.normal(0, 1, 150), rng.normal(0.2, 1, 200))
    add("n 300 vs 300 same", rng.exponential(1, 300), rng.exponential(1, 300))
    add("n 400 vs 1500 small shift", rng.normal(0, 1, 400), rng.normal(0.1, 1, 1500))
    add("n 1000 vs 2000 large shift", rng.normal(0, 1, 1000), rng.normal(1, 1, 2000))
    add("n 2000 vs 2000 same", rng.normal(0, 1, 2000), rng.normal(0, 1, 2000), decimals=5)
    add("n 2500 vs 1200 scale", rng.normal(0, 1, 2500), rng.normal(0, 1.1, 1200))
    add("disjoint", rng.uniform(0, 1, 50), rng.uniform(2, 3, 70))
    add("one value each side", [3.0], [1, 2, 3, 4, 5, 6, 7])
    return cases


# --- Chi-square test of homogeneity ------------------------------------------------------------------------
def chi_square_cases():
    cases = []

    def add(name, table):
        table = np.asarray(table, dtype=np.int64)
        result = stats.chi2_contingency(table, correction=False)
        case = {
            "name": name,
            "table": table.tolist(),
            "statistic": float(result[0]),
            "pValue": float(result[1]),
            "df": int(result[2]),
        }
        if min(table.shape) > 1 and result[2] > 0:
            case["cramersV"] = float(association(table, method="cramer", correction=False))
        else:
            case["cramersV"] = None
        cases.append(case)

    add("2 x 2", [[30, 10], [20, 25]])
    add("2 x 3 same proportions", [[100, 200, 300], [50, 100, 150]])
    add("2 x 3", [[120, 90, 40], [100, 130, 70]])
    add("2 x 5 large n small shift", [[20000, 20500, 19800, 20100, 19600], [50500, 49000, 50800, 49600, 50100]])
    add("2 x 4 shifted", [[400, 300, 200, 100], [100, 200, 300, 400]])
    add("2 x 20", [list(rng.integers(20, 200, 20)), list(rng.integers(20, 200, 20))])
    add("2 x 3 tiny p", [[5000, 100, 10], [10, 100, 5000]])
    add("3 x 3", [[10, 20, 30], [20, 20, 20], [30, 20, 10]])
    add("2 x 1 one category", [[40], [60]])
    add("2 x 2 new category in holdout", [[500, 0], [480, 20]])
    return cases


# --- PSI ---------------------------------------------------------------------------------------------------
def psi(reference_counts, holdout_counts):
    r = np.asarray(reference_counts, dtype=np.float64)
    h = np.asarray(holdout_counts, dtype=np.float64)
    rp = np.maximum(r / r.sum(), PSI_EPSILON)
    hp = np.maximum(h / h.sum(), PSI_EPSILON)
    contributions = (hp - rp) * np.log(hp / rp)
    return float(contributions.sum()), [float(c) for c in contributions]


def psi_count_cases():
    cases = []

    def add(name, reference, holdout):
        value, contributions = psi(reference, holdout)
        cases.append(
            {
                "name": name,
                "referenceCounts": list(map(int, reference)),
                "holdoutCounts": list(map(int, holdout)),
                "psi": value,
                "contributions": contributions,
            }
        )

    add("identical", [10] * 10, [10] * 10)
    add("proportional", [10, 20, 30, 40], [100, 200, 300, 400])
    add("mild shift", [100] * 10, [90, 95, 100, 105, 110, 100, 100, 95, 105, 100])
    add("moderate shift", [100] * 10, [60, 70, 80, 90, 100, 110, 120, 130, 140, 100])
    add("large shift", [100] * 10, [10, 20, 40, 60, 80, 100, 140, 180, 200, 170])
    add("empty holdout bin", [50, 50, 50, 50], [70, 70, 60, 0])
    add("empty reference bin", [0, 100, 100, 100], [30, 90, 90, 90])
    add("tiny proportion below epsilon", [1, 99999, 100000], [3000, 97000, 100000])
    add("one bin", [7], [9])
    return cases


def quantile_edges(reference, bins=10):
    edges = np.quantile(np.asarray(reference, dtype=np.float64), np.arange(1, bins) / bins)
    return np.unique(edges)


def psi_sample_cases():
    cases = []

    def add(name, reference, holdout, decimals=3):
        reference = rounded(reference, decimals)
        holdout = rounded(holdout, decimals)
        edges = quantile_edges(reference)
        reference_counts = np.bincount(
            np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1
        )
        holdout_counts = np.bincount(np.searchsorted(edges, holdout, side="left"), minlength=len(edges) + 1)
        value, _ = psi(reference_counts, holdout_counts)
        cases.append(
            {
                "name": name,
                "reference": reference,
                "holdout": holdout,
                "edges": [float(e) for e in edges],
                "referenceCounts": [int(c) for c in reference_counts],
                "holdoutCounts": [int(c) for c in holdout_counts],
                "psi": value,
            }
        )

    add("normal, no drift", rng.normal(0, 1, 1000), rng.normal(0, 1, 800))
    add("normal, mean shift 0.5 sd", rng.normal(0, 1, 1000), rng.normal(0.5, 1, 800))
    add("normal, mean shift 1 sd", rng.normal(0, 1, 1000), rng.normal(1, 1, 800))
    add("lognormal, scale", rng.lognormal(0, 1, 1500), rng.lognormal(0, 1.4, 1000))
    add("heavy ties at zero", np.where(rng.uniform(0, 1, 1000) < 0.7, 0, rng.exponential(1, 1000)),
        np.where(rng.uniform(0, 1, 700) < 0.5, 0, rng.exponential(1, 700)))
    add("integers 0..3 (few edges)", rng.integers(0, 4, 500), rng.integers(0, 4, 400), decimals=0)
    add("small sample", rng.normal(0, 1, 7), rng.normal(0, 1, 9))
    return cases


def main():
    fixture = {
        "generator": "scripts/reference/drift_reference.py",
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "psiEpsilon": PSI_EPSILON,
        "kstwo": kstwo_cases(),
        "smirnov": smirnov_cases(),
        "ks2samp": ks_cases(),
        "chiSquare": chi_square_cases(),
        "psiCounts": psi_count_cases(),
        "psiSamples": psi_sample_cases(),
    }
    OUTPUT.write_text(json.dumps(fixture, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
