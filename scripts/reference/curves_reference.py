#!/usr/bin/python3
"""Reference values for src/metrics/roc-curve.ts and src/metrics/reliability-diagram.ts.

Run with Debian's Python, which has scikit-learn 1.2.1 and NumPy:

    /usr/bin/python3 scripts/reference/curves_reference.py

It writes test/fixtures/reference/curves.json: seeded binary scores and labels, and what scikit-learn 1.2.1
computes for them:
- roc_curve(y, p, drop_intermediate=False): the exact ROC curve (every distinct threshold), and
  roc_auc_score(y, p);
- calibration_curve(y, p, n_bins=10, strategy='uniform'): mean predicted probability and observed frequency of
  the non-empty bins, with the count of every bin (np.bincount of the same bin ids scikit-learn computes:
  np.searchsorted(linspace(0, 1, 11)[1:-1], p), so a score on an edge belongs to the bin below it), and the
  expected calibration error sum_k n_k / n * |observed_k - predicted_k| (Naeini et al. 2015) from those bins.

Scores are rounded through float32, as an ONNX model's output is, and cast to float64 before scikit-learn sees
them; the JSON stores the shortest decimal that reads back as that float32 (load it into a Float32Array).
The tests read the JSON and never run Python.
"""

import json
import os

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score, roc_curve

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'reference', 'curves.json')
BINS = 10


def f32(values):
    return np.asarray(values, dtype=np.float64).astype(np.float32).astype(np.float64)


def f32_json(values):
    return [float(repr(np.float32(v))) for v in np.asarray(values).ravel()]


def case(name, labels, scores):
    labels = np.asarray(labels, dtype=np.int64)
    scores = f32(scores)
    fpr, tpr, thresholds = roc_curve(labels, scores, drop_intermediate=False)
    prob_true, prob_pred = calibration_curve(labels, scores, n_bins=BINS, strategy='uniform')
    edges = np.linspace(0.0, 1.0, BINS + 1)
    bin_ids = np.searchsorted(edges[1:-1], scores)
    counts = np.bincount(bin_ids, minlength=BINS)
    nonempty = counts > 0
    ece = float(np.sum(counts[nonempty] / len(scores) * np.abs(prob_true - prob_pred)))
    return {
        'name': name,
        'labels': labels.tolist(),
        'scores': f32_json(scores),
        'roc': {
            # thresholds[0] is +inf in scikit-learn 1.2.1 (max score + 1 in older versions): stored as null.
            'fpr': fpr.tolist(),
            'tpr': tpr.tolist(),
            'thresholds': [None] + f32_json(thresholds[1:]),
            'auc': float(roc_auc_score(labels, scores)),
        },
        'calibration': {
            'edges': edges.tolist(),
            'counts': counts.tolist(),
            'meanPredicted': prob_pred.tolist(),
            'observedFrequency': prob_true.tolist(),
            'expectedCalibrationError': ece,
        },
    }


def main():
    rng = np.random.default_rng(20240611)
    cases = []

    # A hand-checkable case with ties across the classes and scores on bin edges (0.5 and 1 are exact in
    # float32 and float64; 0.1 is not, so float32(0.1) lies just above the edge 0.1).
    cases.append(case(
        'small-with-ties',
        [0, 0, 1, 1, 0, 1, 0, 1, 1, 0],
        [0.1, 0.4, 0.35, 0.8, 0.5, 0.5, 0.0, 1.0, 0.9, 0.05],
    ))

    # A typical classifier: logistic scores of a shifted normal, 2,000 rows, 35% positives.
    n = 2000
    y = (rng.random(n) < 0.35).astype(np.int64)
    logit = rng.normal(0, 1, n) + 1.6 * y - 0.8
    cases.append(case('typical', y, 1 / (1 + np.exp(-logit))))

    # Imbalanced and sharp: 3% positives, the curve rises steeply near FPR 0.
    n = 3000
    y = (rng.random(n) < 0.03).astype(np.int64)
    logit = rng.normal(0, 1, n) * 0.7 + 3.5 * y - 3.5
    cases.append(case('imbalanced', y, 1 / (1 + np.exp(-logit))))

    # Heavy ties: scores rounded to quarters (exact in float32: every score sits on 0, 0.25, 0.5, 0.75 or 1,
    # and 0.5 and 1 are bin edges), and a miscalibrated model (observed frequency far from predicted).
    n = 500
    y = (rng.random(n) < 0.5).astype(np.int64)
    raw = np.clip(rng.normal(0.5, 0.25, n) + 0.15 * (2 * y - 1), 0, 1)
    cases.append(case('quarters', y, np.round(raw * 4) / 4))

    data = {
        'generator': 'scripts/reference/curves_reference.py',
        'sklearn': sklearn.__version__,
        'numpy': np.__version__,
        'bins': BINS,
        'cases': cases,
    }
    with open(OUT, 'w') as handle:
        json.dump(data, handle, separators=(',', ':'))
        handle.write('\n')


if __name__ == '__main__':
    main()
