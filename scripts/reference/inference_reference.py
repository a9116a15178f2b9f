#!/usr/bin/python3
"""Reference values for the inferential pieces of the statistical gate (src/stats/).

Writes test/fixtures/reference/inference.json (inputs stored beside the expected outputs). The tests read that
file and never run Python or R. Regenerate with Debian's Python (it sees SciPy 1.10.1 and statsmodels 0.13.5;
the `python3` first on PATH may not) from the repository root:

    /usr/bin/python3 scripts/reference/inference_reference.py

Sources of truth, per quantity:
- Tango's score interval and test for paired proportions (paired-proportion-difference.ts): no R package with
  Tango's method (PropCIs, exact2x2, ratesci, contingencytables) is installed or available from Debian, and
  the published tables could not be consulted offline. So `tango_*` below is an independent implementation
  of the method by a different algorithm than model-gate's: the restricted maximum likelihood estimate of
  p01 is found numerically, by scipy.optimize.brentq on the profile score equation d loglik / d p01 = 0 (no
  closed form), and the interval limits by brentq on Z(delta0) -+ z (model-gate: Tango's closed-form root and
  bisection). At margin 0 the two-sided p-value must also equal statsmodels' McNemar test without continuity
  correction (mcnemar(table, exact=False, correction=False)), which is stored as a second, independent check.
- AUC difference interval (auc-difference-interval.ts): R pROC 1.18 roc.test(paired DeLong) conf.int and Z at
  90% and 95%, through scripts/reference/auc_difference_reference.R; margin p-values with scipy.stats.norm
  from pROC's estimate and standard error.
- Paired t interval and tests (paired-mean-difference.ts): scipy.stats.ttest_1samp(d, popmean=-margin,
  alternative='greater' / 'less') and ttest_1samp(d, 0).confidence_interval(confidence).
- Holm (holm.ts): statsmodels.stats.multitest.multipletests(p, method='holm').
- Minimum detectable effect (minimum-detectable-effect.ts): statsmodels.stats.power.NormalIndPower with
  ratio=0 (one sample), alternative='larger': the power at our MDE must be the target power, and
  solve_power(nobs1=None) gives the rows needed; TTestPower for the t comparison.
- Random source (random-source.ts): the published first outputs of xoshiro128** from state {1, 2, 3, 4}
  (11520, 0, 5927040, 70819200, ...) and of SplitMix64 from seed 1234567, checked here against a Python
  transcription of the reference C code (https://prng.di.unimi.it/), which then gives model-gate's seeding.

All data is drawn from a seeded NumPy generator and rounded before any reference value is computed, so the
stored inputs are exactly the inputs the references saw.
"""

import json
import math
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower, TTestPower

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test" / "fixtures" / "reference" / "inference.json"
R_SCRIPT = ROOT / "scripts" / "reference" / "auc_difference_reference.R"

rng = np.random.default_rng(20240611)


def rounded(values, decimals):
    return [float(v) for v in np.round(np.asarray(values, dtype=np.float64), decimals)]


# --- Tango (1998), independent implementation ------------------------------------------------------------
def tango_restricted_p01(b, c, n, delta0):
    """argmax over q = p01 of b log(q + delta0) + c log q + (n - b - c) log(1 - 2q - delta0), numerically.

    q runs over [low, low + span] with low = max(0, -delta0) and span = (1 - |delta0|) / 2; the score equation
    is written in t = q - low so that no term suffers cancellation near the ends (delta0 close to -1 or 1).
    """
    concordant = n - b - c
    low = max(0.0, -delta0)
    positive_part = max(0.0, delta0)  # = low + delta0, the value of q + delta0 at t = 0
    span = (1.0 - abs(delta0)) / 2.0
    if span <= 0:
        return low

    def score(t):
        total = 0.0
        if b:
            total += b / (positive_part + t)
        if c:
            total += c / (low + t)
        if concordant:
            total -= concordant / (span - t)
        return total

    left = span * 1e-13
    right = span * (1 - 1e-13)
    if score(left) <= 0:
        return low
    if score(right) >= 0:
        return low + span
    t = optimize.brentq(score, left, right, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    return low + t


def tango_numerator_and_sd(b, c, n, delta0):
    q = tango_restricted_p01(b, c, n, delta0)
    variance = max(0.0, n * (2.0 * q + delta0 * (1.0 - delta0)))
    return b - c - n * delta0, math.sqrt(variance)


def tango_z(b, c, n, delta0):
    numerator, sd = tango_numerator_and_sd(b, c, n, delta0)
    if sd == 0:
        return None if numerator == 0 else math.copysign(math.inf, numerator)
    return numerator / sd


def tango_interval(b, c, n, confidence):
    z = stats.norm.ppf((1 + confidence) / 2)
    estimate = (b - c) / n

    def lower_fn(d0):
        numerator, sd = tango_numerator_and_sd(b, c, n, d0)
        return numerator - z * sd

    def upper_fn(d0):
        numerator, sd = tango_numerator_and_sd(b, c, n, d0)
        return numerator + z * sd

    tiny = 1e-13
    # At the estimate the numerator is 0; when the variance is 0 there too (no discordant pairs, or an
    # estimate of -1 / 1) the bracket end is itself a zero of the function, which brentq would return.
    # The limit wanted is the other zero, so the end is moved a hair inside the interval.
    inner_low = estimate if lower_fn(estimate) < 0 else estimate - 1e-12
    inner_high = estimate if upper_fn(estimate) > 0 else estimate + 1e-12
    lower = -1.0 if estimate <= -1 else optimize.brentq(lower_fn, -1 + tiny, inner_low, xtol=1e-15, maxiter=500)
    upper = 1.0 if estimate >= 1 else optimize.brentq(upper_fn, inner_high, 1 - tiny, xtol=1e-15, maxiter=500)
    return lower, upper


TANGO_TABLES = [
    # (name, n11 both right, n10 = b, n01 = c, n00 both wrong)
    ("Bentur 2009 (Fagerland et al. 2014)", 1, 1, 7, 12),
    ("Cavo 2012 (Fagerland et al. 2014)", 59, 6, 16, 80),
    ("Agresti & Min 2005", 53, 16, 8, 9),
    ("PropCIs scoreci.mp example b=40 c=20 n=160", 50, 40, 20, 50),
    ("no discordant pairs", 480, 0, 0, 20),
    ("one discordant side empty", 10, 5, 0, 5),
    ("baseline right on every row, candidate on none", 0, 0, 10, 0),
    ("holdout of 10,000", 8000, 412, 380, 1208),
    ("holdout of 1,000,000", 900000, 30120, 28900, 40980),
]


def tango_cases():
    cases = []
    for name, n11, b, c, n00 in TANGO_TABLES:
        n = n11 + b + c + n00
        for confidence in (0.9, 0.95):
            lower, upper = tango_interval(b, c, n, confidence)
            tests = []
            for margin in (0.0, 0.01, 0.05):
                z = tango_z(b, c, n, -margin)
                tests.append(
                    {
                        "margin": margin,
                        "statistic": z,
                        "pValueNonInferiority": None if z is None else float(stats.norm.sf(z)),
                        "pValueRegression": None if z is None else float(stats.norm.cdf(z)),
                    }
                )
            mcnemar_p = None
            if b + c > 0:
                mcnemar_p = float(mcnemar(np.array([[n11, b], [c, n00]]), exact=False, correction=False).pvalue)
            cases.append(
                {
                    "name": name,
                    "counts": {"bothRight": n11, "candidateOnlyRight": b, "baselineOnlyRight": c, "bothWrong": n00},
                    "confidence": confidence,
                    "estimate": (b - c) / n,
                    "ci": [lower, upper],
                    "tests": tests,
                    "mcnemarTwoSidedNoCorrection": mcnemar_p,
                }
            )
    return cases


# --- AUC difference: pROC ---------------------------------------------------------------------------------
def auc_inputs():
    cases = []

    def add(name, labels, candidate, baseline, decimals):
        cases.append(
            {
                "name": name,
                "labels": [int(v) for v in labels],
                "scoresCandidate": rounded(candidate, decimals),
                "scoresBaseline": rounded(baseline, decimals),
            }
        )

    labels = rng.integers(0, 2, 300)
    latent = rng.normal(0, 1, 300)
    add("n300 candidate better", labels, labels * 1.2 + latent + rng.normal(0, 0.6, 300),
        labels * 1.0 + latent + rng.normal(0, 0.6, 300), 4)
    labels = rng.integers(0, 2, 800)
    add("n800 ties (1 decimal)", labels, labels * 0.8 + rng.normal(0, 1, 800), labels * 0.9 + rng.normal(0, 1, 800), 1)
    labels = (rng.uniform(size=1500) < 0.1).astype(int)
    latent = rng.normal(0, 1, 1500)
    add("n1500 imbalanced, correlated", labels, labels * 1.5 + latent + rng.normal(0, 0.3, 1500),
        labels * 1.5 + latent + rng.normal(0, 0.35, 1500), 5)
    return cases


def auc_cases():
    inputs = auc_inputs()
    with tempfile.TemporaryDirectory() as folder:
        source = pathlib.Path(folder) / "in.json"
        target = pathlib.Path(folder) / "out.json"
        source.write_text(json.dumps(inputs))
        subprocess.run(["Rscript", str(R_SCRIPT), str(source), str(target)], check=True)
        results = json.loads(target.read_text())
    cases = []
    for case, result in zip(inputs, results):
        auc_candidate = float(result["aucCandidate"])
        auc_baseline = float(result["aucBaseline"])
        standard_error = math.sqrt(float(result["varianceOfDifference"]))
        estimate = auc_candidate - auc_baseline
        levels = []
        for level in result["levels"]:
            levels.append(
                {
                    "confidence": float(level["confidence"]),
                    "z": float(level["z"]),
                    "ci": [float(level["ciLower"]), float(level["ciUpper"])],
                }
            )
        tests = []
        for margin in (0.0, 0.01, 0.03):
            z = (estimate + margin) / standard_error
            tests.append(
                {
                    "margin": margin,
                    "statistic": z,
                    "pValueNonInferiority": float(stats.norm.sf(z)),
                    "pValueRegression": float(stats.norm.cdf(z)),
                }
            )
        cases.append(
            {
                "name": case["name"],
                "n": len(case["labels"]),
                "aucCandidate": auc_candidate,
                "aucBaseline": auc_baseline,
                "standardError": standard_error,
                "levels": levels,
                "tests": tests,
            }
        )
    return cases


# --- Paired t -----------------------------------------------------------------------------------------------
def paired_mean_cases():
    inputs = [
        ("n2", rounded([0.1, 0.35], 6)),
        ("n50 normal", rounded(rng.normal(0.01, 0.1, 50), 5)),
        ("n1000 exponential losses", rounded(rng.exponential(0.5, 1000) - rng.exponential(0.52, 1000), 6)),
        ("n5000 small regression", rounded(rng.normal(-0.004, 0.2, 5000), 5)),
        ("n400 heavy tails", rounded(rng.standard_t(2, 400) * 0.05, 6)),
    ]
    cases = []
    for name, values in inputs:
        d = np.array(values)
        levels = []
        for confidence in (0.9, 0.95):
            interval = stats.ttest_1samp(d, 0.0).confidence_interval(confidence_level=confidence)
            levels.append({"confidence": confidence, "ci": [float(interval.low), float(interval.high)]})
        tests = []
        for margin in (0.0, 0.01, 0.05):
            greater = stats.ttest_1samp(d, popmean=-margin, alternative="greater")
            less = stats.ttest_1samp(d, popmean=-margin, alternative="less")
            tests.append(
                {
                    "margin": margin,
                    "statistic": float(greater.statistic),
                    "pValueNonInferiority": float(greater.pvalue),
                    "pValueRegression": float(less.pvalue),
                }
            )
        cases.append(
            {
                "name": name,
                "differences": values,
                "mean": float(np.mean(d)),
                "standardDeviation": float(np.std(d, ddof=1)),
                "df": len(values) - 1,
                "levels": levels,
                "tests": tests,
            }
        )
    return cases


# --- Holm ----------------------------------------------------------------------------------------------------
def holm_cases():
    inputs = [
        ("four", [0.01, 0.04, 0.03, 0.2]),
        ("ties", [0.02, 0.02, 0.5, 0.001]),
        ("capped at 1", [0.3, 0.4, 0.5, 0.6]),
        ("single", [0.03]),
        ("with nulls", [None, 0.012, None, 0.2, 0.004]),
        ("zeros and ones", [0.0, 1.0, 0.5, 0.0]),
        ("twenty random", rounded(rng.uniform(0, 0.3, 20) ** 2, 8)),
    ]
    cases = []
    for name, values in inputs:
        defined = [v for v in values if v is not None]
        adjusted = multipletests(defined, alpha=0.05, method="holm")[1]
        iterator = iter(float(v) for v in adjusted)
        expected = [None if v is None else next(iterator) for v in values]
        cases.append({"name": name, "pValues": values, "adjusted": expected})
    return cases


# --- Minimum detectable effect ---------------------------------------------------------------------------------
def mde_cases():
    normal = NormalIndPower()
    inputs = [
        # (standard error, n, alpha, power, tolerance)
        (0.004, 10000, 0.05, 0.8, 0.005),
        (0.004, 10000, 0.05, 0.8, 0.02),
        (0.02, 500, 0.025, 0.9, 0.01),
        (0.0012, 1000000, 0.01, 0.8, 0.001),
        (0.05, 120, 0.05, 0.8, 0.1),
    ]
    cases = []
    for standard_error, n, alpha, power, tolerance in inputs:
        sd = standard_error * math.sqrt(n)
        mde = (stats.norm.ppf(1 - alpha) + stats.norm.ppf(power)) * standard_error
        achieved = float(normal.power(effect_size=mde / sd, nobs1=n, alpha=alpha, ratio=0, alternative="larger"))
        rows = float(
            normal.solve_power(effect_size=tolerance / sd, nobs1=None, alpha=alpha, power=power, ratio=0,
                               alternative="larger")
        )
        cases.append(
            {
                "standardError": standard_error,
                "n": n,
                "alpha": alpha,
                "power": power,
                "tolerance": tolerance,
                "normalIndPowerAtMde": achieved,
                "normalIndPowerRowsNeeded": rows,
            }
        )
    t_cases = []
    for n in (100, 1000, 10000):
        effect = float(TTestPower().solve_power(effect_size=None, nobs=n, alpha=0.05, power=0.8, alternative="larger"))
        t_cases.append({"n": n, "alpha": 0.05, "power": 0.8, "effectSize": effect})
    return {"normal": cases, "tTestPower": t_cases}


# --- Random source ------------------------------------------------------------------------------------------------
MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF


def rotl32(x, k):
    return ((x << k) | (x >> (32 - k))) & MASK32


class Xoshiro128StarStar:
    def __init__(self, state):
        self.s = [w & MASK32 for w in state]

    def next(self):
        s = self.s
        result = (rotl32((s[1] * 5) & MASK32, 7) * 9) & MASK32
        t = (s[1] << 9) & MASK32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl32(s[3], 11)
        return result

    def next_double(self):
        high = self.next() >> 5
        low = self.next() >> 6
        return (high * 67108864 + low) / 9007199254740992


def splitmix64(seed, count):
    outputs = []
    x = seed & MASK64
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & MASK64
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        outputs.append(z ^ (z >> 31))
    return outputs


def model_gate_source(seed, stream):
    first, second = splitmix64((seed + (stream << 56)) & MASK64, 2)
    return Xoshiro128StarStar([first & MASK32, first >> 32, second & MASK32, second >> 32])


def random_cases():
    reference = Xoshiro128StarStar([1, 2, 3, 4])
    xoshiro = [reference.next() for _ in range(10)]
    # Published first outputs of the reference C code from state {1, 2, 3, 4}.
    assert xoshiro[:4] == [11520, 0, 5927040, 70819200], xoshiro
    split = splitmix64(1234567, 5)
    # Published first outputs of splitmix64.c from seed 1234567.
    assert split == [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431,
                     16408922859458223821], split
    seeded = []
    for seed, stream in ((42, 0), (42, 1), (0, 0), (9007199254740991, 3)):
        source = model_gate_source(seed, stream)
        uints = [source.next() for _ in range(6)]
        doubles = [source.next_double() for _ in range(3)]
        seeded.append({"seed": seed, "stream": stream, "uint32": uints, "doubles": doubles})
    return {
        "xoshiro128StarStarFrom1234": xoshiro,
        "splitMix64From1234567": [str(v) for v in split],
        "modelGateSeeding": seeded,
    }


def main():
    fixture = {
        "generator": "scripts/reference/inference_reference.py",
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__,
            "R": subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout,
            "pROC": subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('pROC')))"],
                                   capture_output=True, text=True).stdout,
        },
        "tango": tango_cases(),
        "aucDifference": auc_cases(),
        "pairedMean": paired_mean_cases(),
        "holm": holm_cases(),
        "minimumDetectableEffect": mde_cases(),
        "random": random_cases(),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(fixture, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
