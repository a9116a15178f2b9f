#!/usr/bin/python3
"""Reference values for the paired tests of src/stats/ and the distributions they use.

Writes test/fixtures/reference/paired-tests.json (inputs stored beside the expected outputs). The tests read
that file and never run Python or R. Regenerate with Debian's Python (it sees SciPy 1.10.1 and statsmodels
0.13.5; the `python3` first on PATH may not) from the repository root:

    /usr/bin/python3 scripts/reference/stats_reference.py

Sources of truth:
- McNemar: statsmodels.stats.contingency_tables.mcnemar(table, exact=..., correction=True).
- Paired t: scipy.stats.ttest_rel(loss_candidate, loss_baseline).
- Wilcoxon: scipy.stats.wilcoxon(d, zero_method='wilcox', correction=False, alternative='two-sided',
  method='approx'); the positive rank sum from the same call with alternative='greater'.
- DeLong: R pROC roc.test(..., method='delong', paired=TRUE), var() and cov(), through
  scripts/reference/delong_reference.R (Rscript must be on PATH with pROC and jsonlite installed).
- Distributions: SciPy (scipy.stats.norm / t / chi2 / binom) and, as the arbiter where SciPy itself is
  inexact, mpmath at 50 digits.

All data is drawn from a seeded generator and rounded to a few decimals before any reference value is
computed, so the stored inputs are exactly the inputs the references saw.
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import warnings

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test" / "fixtures" / "reference" / "paired-tests.json"
R_SCRIPT = ROOT / "scripts" / "reference" / "delong_reference.R"

rng = np.random.default_rng(20240607)


def rounded(values, decimals):
    return [float(v) for v in np.round(np.asarray(values, dtype=np.float64), decimals)]


# --- McNemar ---------------------------------------------------------------------------------------------
# b = #(candidate right, baseline wrong), c = #(candidate wrong, baseline right). model-gate uses the exact
# binomial test when b + c < 25, the chi-square test with Edwards' continuity correction otherwise.
MCNEMAR_PAIRS = [
    (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (0, 5), (3, 3), (3, 10), (10, 3), (1, 12), (7, 8),
    (0, 24), (24, 0), (12, 12), (11, 13), (5, 19), (23, 1),  # b + c = 24: the last exact cases
    (12, 13), (13, 12), (0, 25), (25, 0), (20, 5), (1, 24),  # b + c = 25: the first chi-square cases
    (13, 13), (15, 30), (30, 15), (50, 50), (50, 51), (40, 60), (100, 80), (0, 100), (1000, 1200),
    (10000, 10500), (123456, 124000), (0, 300), (500, 1),
]


def mcnemar_cases():
    cases = []
    for b, c in MCNEMAR_PAIRS:
        exact = b + c < 25
        result = mcnemar(np.array([[0, b], [c, 0]]), exact=exact, correction=True)
        cases.append(
            {"b": b, "c": c, "exact": exact, "statistic": float(result.statistic), "pValue": float(result.pvalue)}
        )
    return cases


# --- Paired t ----------------------------------------------------------------------------------------------
def paired_t_inputs():
    cases = []

    def add(name, candidate, baseline, decimals=6):
        cases.append(
            {
                "name": name,
                "lossCandidate": rounded(candidate, decimals),
                "lossBaseline": rounded(baseline, decimals),
            }
        )

    base = rng.exponential(0.4, 2)
    add("n2", base, base + np.array([0.1, 0.3]))
    base = rng.exponential(0.4, 5)
    add("n5", base + rng.normal(0.05, 0.1, 5), base)
    base = rng.exponential(0.4, 30)
    add("n30 candidate better", base - np.abs(rng.normal(0.05, 0.05, 30)), base)
    base = rng.exponential(0.5, 1000)
    add("n1000 no difference", base + rng.normal(0, 0.2, 1000), base)
    base = rng.exponential(0.5, 2500)
    add("n2500 small regression", base + rng.normal(0.01, 0.3, 2500), base, decimals=4)
    base = rng.exponential(0.5, 500)
    add("n500 tiny p", base + rng.normal(0.3, 0.2, 500), base)
    errors = rng.standard_t(2, 400) ** 2
    add("squared errors, heavy tails", errors * rng.uniform(0.5, 1.4, 400), errors)
    # Differences of 1e4 +- 1e-3: a one-pass sum-of-squares variance loses nearly every digit here.
    base = rng.exponential(1, 200)
    add("large common offset", base + 1e4 + rng.normal(0, 1e-3, 200), base, decimals=6)
    # Log losses of classifiers, clipped as the metrics stage clips them.
    labels = rng.integers(0, 2, 800)
    logit = rng.normal(0, 1.5, 800) + (labels * 2 - 1) * 1.2
    p_base = 1 / (1 + np.exp(-logit))
    p_cand = 1 / (1 + np.exp(-(logit + rng.normal(0.1, 0.5, 800))))

    def log_loss(p):
        p = np.clip(p, 1e-15, 1 - 1e-15)
        return -(labels * np.log(p) + (1 - labels) * np.log(1 - p))

    add("log losses n800", log_loss(p_cand), log_loss(p_base), decimals=7)
    return cases


def paired_t_cases():
    cases = []
    for case in paired_t_inputs():
        a = np.array(case["lossCandidate"])
        b = np.array(case["lossBaseline"])
        result = stats.ttest_rel(a, b)
        d = a - b
        case.update(
            t=float(result.statistic),
            df=int(result.df),
            pValue=float(result.pvalue),
            meanDifference=float(np.mean(d)),
            standardDeviation=float(np.std(d, ddof=1)),
            standardError=float(np.std(d, ddof=1) / np.sqrt(len(d))),
        )
        cases.append(case)
    return cases


# --- Wilcoxon signed-rank -------------------------------------------------------------------------------
def wilcoxon_inputs():
    cases = []

    def add(name, differences, decimals=6):
        cases.append({"name": name, "differences": rounded(differences, decimals)})

    add("one non-zero", [0.0, 0.0, 0.7])
    add("n8 no ties", rng.normal(0.2, 1, 8))
    add("n25 integers with zeros and ties", rng.integers(-4, 5, 25), 0)
    add("symmetric", [1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 0, 0], 0)
    add("all positive", rng.uniform(0.01, 1, 60), 4)
    add("n200 continuous", rng.normal(0.1, 1, 200))
    add("n1000 two decimals, many ties", rng.normal(-0.02, 0.3, 1000), 2)
    add("n4000 values in -2..2", rng.integers(-2, 3, 4000), 0)
    add("n3000 continuous shift", rng.standard_t(3, 3000) * 0.2 + 0.02, 4)
    add("n500 negative", rng.normal(-0.3, 1, 500), 4)
    return cases


def wilcoxon_cases():
    cases = []
    for case in wilcoxon_inputs():
        d = np.array(case["differences"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Sample size too small for normal approximation."
            two_sided = stats.wilcoxon(
                d, zero_method="wilcox", correction=False, alternative="two-sided", method="approx"
            )
            greater = stats.wilcoxon(
                d, zero_method="wilcox", correction=False, alternative="greater", method="approx"
            )
        zeros = int(np.sum(d == 0))
        case.update(
            statistic=float(two_sided.statistic),
            pValue=float(two_sided.pvalue),
            z=float(two_sided.zstatistic),
            rankSumPositive=float(greater.statistic),
            zerosDropped=zeros,
            nonZero=len(d) - zeros,
        )
        cases.append(case)
    return cases


# --- DeLong (inputs here, values from R pROC) -----------------------------------------------------------
def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def delong_inputs():
    cases = []

    def add(name, labels, candidate, baseline, decimals=6):
        cases.append(
            {
                "name": name,
                "labels": [int(v) for v in labels],
                "scoresCandidate": rounded(candidate, decimals),
                "scoresBaseline": rounded(baseline, decimals),
            }
        )

    def scored(n, positive_rate, separation_candidate, separation_baseline, correlation):
        labels = (rng.uniform(size=n) < positive_rate).astype(int)
        signal = labels * 2 - 1
        shared = rng.normal(size=n)
        noise_c = correlation * shared + np.sqrt(1 - correlation**2) * rng.normal(size=n)
        noise_b = correlation * shared + np.sqrt(1 - correlation**2) * rng.normal(size=n)
        candidate = sigmoid(signal * separation_candidate + noise_c)
        baseline = sigmoid(signal * separation_baseline + noise_b)
        return labels, candidate, baseline

    labels, c, b = scored(50, 0.4, 0.9, 0.6, 0.5)
    add("n50 two decimals (ties)", labels, c, b, decimals=2)
    labels, c, b = scored(300, 0.5, 0.7, 0.6, 0.6)
    add("n300 continuous", labels, c, b)
    labels, c, b = scored(2000, 0.3, 0.55, 0.5, 0.7)
    add("n2000 continuous", labels, c, b, decimals=5)
    labels, c, _ = scored(300, 0.5, 0.8, 0.8, 0.0)
    add("n300 strongly correlated", labels, c, sigmoid(np.log(c / (1 - c)) + rng.normal(0, 0.05, 300)))
    labels, c, b = scored(500, 0.5, 0.8, 0.7, 0.5)
    add("n500 rounded to one decimal", labels, c, b, decimals=1)
    labels, _, b = scored(120, 0.5, 0.8, 0.6, 0.0)
    perfect = np.where(labels == 1, rng.uniform(0.6, 1, 120), rng.uniform(0, 0.4, 120))
    add("n120 perfect candidate", labels, perfect, b)
    labels, c, b = scored(1500, 0.04, 1.0, 1.1, 0.4)
    add("n1500 imbalanced, candidate worse", labels, c, b, decimals=5)
    labels = rng.integers(0, 2, 80)
    noise = rng.uniform(size=80)
    add("n80 AUC below one half", labels, (1 - labels) * 0.5 + noise * 0.6, noise)
    labels = np.array([0, 0, 0, 1, 1, 1, 0, 1])
    add("both perfect (zero variance)", labels, labels * 0.5 + 0.25, labels * 0.9 + 0.05)
    return cases


def delong_cases():
    inputs = delong_inputs()
    with tempfile.TemporaryDirectory() as folder:
        cases_path = pathlib.Path(folder) / "cases.json"
        results_path = pathlib.Path(folder) / "results.json"
        cases_path.write_text(json.dumps(inputs))
        run = subprocess.run(
            ["Rscript", str(R_SCRIPT), str(cases_path), str(results_path)], capture_output=True, text=True
        )
        if run.returncode != 0:
            sys.exit(f"Rscript failed:\n{run.stderr}")
        print(run.stdout.strip())
        results = json.loads(results_path.read_text())
    version = subprocess.run(
        ["Rscript", "-e", 'cat(as.character(packageVersion("pROC")), R.version.string, sep="|")'],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("|")
    cases = []
    for case, result in zip(inputs, results):
        assert case["name"] == result["name"]

        def number(key):
            value = float(result[key])
            return None if np.isnan(value) else value

        case.update(
            aucCandidate=number("aucCandidate"),
            aucBaseline=number("aucBaseline"),
            z=number("z"),
            pValue=number("pValue"),
            varianceCandidate=number("varianceCandidate"),
            varianceBaseline=number("varianceBaseline"),
            covariance=number("covariance"),
        )
        cases.append(case)
    return cases, {"pROC": version[0], "R": version[1]}


# --- Distributions ---------------------------------------------------------------------------------------
mpmath.mp.dps = 50


def mp_normal_cdf(x):
    return float(mpmath.ncdf(mpmath.mpf(x)))


def mp_t_cdf(t, df):
    # P(T <= t) = 1 - I_{df/(df+t^2)}(df/2, 1/2) / 2 for t >= 0; symmetric for t < 0.
    t = mpmath.mpf(t)
    df = mpmath.mpf(df)
    tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    return float(1 - tail if t >= 0 else tail)


def mp_normal_quantile(p, start):
    p = mpmath.mpf(p)
    return float(mpmath.findroot(lambda x: mpmath.ncdf(x) - p, mpmath.mpf(start)))


def mp_t_quantile(p, df, start):
    p = mpmath.mpf(p)
    t_df = mpmath.mpf(df)

    def cdf(t):
        tail = mpmath.betainc(t_df / 2, mpmath.mpf(1) / 2, 0, t_df / (t_df + t * t), regularized=True) / 2
        return 1 - tail if t >= 0 else tail

    return float(mpmath.findroot(lambda t: cdf(t) - p, mpmath.mpf(start)))


def mp_chisquare_sf(x, df):
    return float(mpmath.gammainc(mpmath.mpf(df) / 2, mpmath.mpf(x) / 2, mpmath.inf, regularized=True))


def mp_binomial_cdf(k, n, p):
    p = mpmath.mpf(p)
    return float(mpmath.fsum(mpmath.binomial(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1)))


def distribution_cases():
    normal_points = [-38.5, -20, -10, -5, -3, -1.959963984540054, -1, -0.5, 0, 0.3, 1, 1.96, 3, 8.25, 20]
    normal_probabilities = [
        1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-10,
    ]
    t_points = [-50, -10, -3, -1.5, -0.2, 0, 0.7, 2, 4, 12]
    t_dfs = [1, 2, 3, 5, 10, 29, 100, 1000, 100000, 10000000]
    t_probabilities = [1e-10, 1e-4, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999]
    chi_points = [0, 1e-6, 0.01, 0.5, 1, 3.841458820694124, 10, 30, 100, 400, 1000]
    binomial_cases = [
        (0, 0), (0, 1), (0, 5), (2, 5), (0, 24), (3, 24), (11, 24), (12, 24), (23, 24), (24, 24), (5, 20), (0, 10),
    ]

    normal = [
        {
            "x": x,
            "cdf": float(stats.norm.cdf(x)),
            "sf": float(stats.norm.sf(x)),
            "cdfExact": mp_normal_cdf(x),
            "sfExact": mp_normal_cdf(-x),
        }
        for x in normal_points
    ]
    normal_quantile = [
        {"p": p, "quantile": float(stats.norm.ppf(p)), "quantileExact": mp_normal_quantile(p, stats.norm.ppf(p))}
        for p in normal_probabilities
    ]
    t_values = [
        {
            "t": t,
            "df": df,
            "cdf": float(stats.t.cdf(t, df)),
            "sf": float(stats.t.sf(t, df)),
            "cdfExact": mp_t_cdf(t, df),
            "sfExact": mp_t_cdf(-t, df),
        }
        for df in t_dfs
        for t in t_points
    ]
    t_quantile = [
        {
            "p": p,
            "df": df,
            "quantile": float(stats.t.ppf(p, df)),
            "quantileExact": mp_t_quantile(p, df, stats.t.ppf(p, df)),
        }
        for df in t_dfs
        for p in t_probabilities
    ]
    chi_square = [
        {"x": x, "df": df, "sf": float(stats.chi2.sf(x, df)), "sfExact": mp_chisquare_sf(x, df)}
        for df in (1, 2)
        for x in chi_points
    ]
    binomial = [
        {"k": k, "n": n, "p": 0.5, "cdf": float(stats.binom.cdf(k, n, 0.5)), "cdfExact": mp_binomial_cdf(k, n, 0.5)}
        for k, n in binomial_cases
    ] + [
        {"k": k, "n": n, "p": p, "cdf": float(stats.binom.cdf(k, n, p)), "cdfExact": mp_binomial_cdf(k, n, p)}
        for k, n, p in [(3, 40, 0.2), (30, 100, 0.35), (0, 50, 0.1)]
    ]
    return {
        "normal": normal,
        "normalQuantile": normal_quantile,
        "t": t_values,
        "tQuantile": t_quantile,
        "chiSquare": chi_square,
        "binomial": binomial,
    }


def main():
    delong, r_versions = delong_cases()
    fixture = {
        "generator": "scripts/reference/stats_reference.py (DeLong: scripts/reference/delong_reference.R)",
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__,
            "mpmath": mpmath.__version__,
            **r_versions,
        },
        "mcnemar": mcnemar_cases(),
        "pairedT": paired_t_cases(),
        "wilcoxon": wilcoxon_cases(),
        "delong": delong,
        "distributions": distribution_cases(),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
