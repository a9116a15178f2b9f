#!/usr/bin/python3
"""Reference values for src/metrics/ (classification and regression accumulators).

Run with Debian's Python, which has scikit-learn 1.2.1 and NumPy:

    /usr/bin/python3 scripts/reference/metrics_reference.py

It writes test/fixtures/reference/metrics.json: seeded inputs and the values scikit-learn 1.2.1 computes for
them. The tests read that JSON and never run Python.

Conventions that mirror what model-gate sees and does:
- Model outputs are float32. Every probability and regression prediction is rounded through np.float32 and then
  cast to float64 before scikit-learn sees it, and the JSON stores the shortest decimal that reads back as that
  float32 (load it into a Float32Array, or apply Math.fround, to get the exact value).
- log_loss is called with eps=1e-15 and labels=range(K): DESIGN.md fixes the clipping at [1e-15, 1 - 1e-15].
  scikit-learn 1.2.1's own default is eps="auto" = np.finfo(y_pred.dtype).eps (2.2e-16 for float64), so the
  explicit eps matters. 1.2.1 renormalizes each row after clipping (y_pred / y_pred.sum(axis=1)); so does
  model-gate.
- precision / recall / F1 macro use zero_division=0 and the default labels (the classes present in y_true or
  y_pred). roc_auc_score uses the defaults (multi_class='ovr', average='macro' for K > 2). A metric that
  scikit-learn refuses (ValueError) or returns as NaN is stored as null.
"""

import json
import math
import os
import warnings

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    brier_score_loss,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

LOG_LOSS_EPS = 1e-15
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'reference', 'metrics.json')


def f32(values):
    """Round through float32, as an ONNX model's output is, then return float64 for scikit-learn."""
    return np.asarray(values, dtype=np.float64).astype(np.float32).astype(np.float64)


def f32_json(values):
    """Shortest decimal that reads back as the same float32."""
    return [float(repr(np.float32(v))) for v in np.asarray(values).ravel()]


def number_or_null(value):
    value = float(value)
    return None if math.isnan(value) else value


def try_metric(function):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            return number_or_null(function())
    except ValueError as error:
        return None


def per_example_log_loss(y, probabilities):
    """What log_loss averages, written out as scikit-learn 1.2.1 computes it: clip, renormalize, -log."""
    clipped = np.clip(probabilities, LOG_LOSS_EPS, 1 - LOG_LOSS_EPS)
    clipped = clipped / clipped.sum(axis=1)[:, np.newaxis]
    return -np.log(clipped[np.arange(len(y)), y])


def classification_case(name, description, y, predicted, probabilities, class_count, binary, with_losses=False):
    y = np.asarray(y, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    expected = {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        expected['accuracy'] = float(accuracy_score(y, predicted))
        expected['balanced_accuracy'] = float(balanced_accuracy_score(y, predicted))
        expected['precision_macro'] = float(precision_score(y, predicted, average='macro', zero_division=0))
        expected['recall_macro'] = float(recall_score(y, predicted, average='macro', zero_division=0))
        expected['f1_macro'] = float(f1_score(y, predicted, average='macro', zero_division=0))
    case = {
        'name': name,
        'description': description,
        'task': 'binary' if binary else 'multiclass',
        'classCount': class_count,
        'trueIndex': y.tolist(),
        'predictedIndex': predicted.tolist(),
        'probabilities': None,
    }
    if probabilities is None:
        expected['log_loss'] = None
        expected['roc_auc'] = None
        if binary:
            expected['brier_score'] = None
    else:
        probabilities = f32(probabilities).reshape(len(y), class_count)
        case['probabilities'] = f32_json(probabilities)
        labels = list(range(class_count))
        expected['log_loss'] = try_metric(lambda: log_loss(y, probabilities, eps=LOG_LOSS_EPS, labels=labels))
        if binary:
            expected['roc_auc'] = try_metric(lambda: roc_auc_score(y, probabilities[:, 1]))
            expected['brier_score'] = try_metric(lambda: brier_score_loss(y, probabilities[:, 1], pos_label=1))
        else:
            expected['roc_auc'] = try_metric(
                lambda: roc_auc_score(y, probabilities, multi_class='ovr', average='macro')
            )
        losses = per_example_log_loss(y, probabilities)
        if expected['log_loss'] is not None:
            assert abs(losses.mean() - expected['log_loss']) < 1e-12, name
        if with_losses:
            case['perExampleLogLoss'] = losses.tolist()
    case['expected'] = expected
    return case


def regression_case(name, description, y, predicted):
    y = np.asarray(y, dtype=np.float64)
    predicted = f32(predicted)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        expected = {
            'mae': float(mean_absolute_error(y, predicted)),
            'mse': float(mean_squared_error(y, predicted)),
            'rmse': float(mean_squared_error(y, predicted, squared=False)),
            'r2': number_or_null(r2_score(y, predicted)),
            'mape': float(mean_absolute_percentage_error(y, predicted)),
        }
    return {
        'name': name,
        'description': description,
        'task': 'regression',
        'yTrue': y.tolist(),
        'yPred': f32_json(predicted),
        'expected': expected,
    }


def softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def argmax_f32(probabilities, class_count):
    return np.argmax(f32(probabilities).reshape(-1, class_count), axis=1)


def binary_rows(p1):
    """Rows [P(0), P(1)] as a float32 model would emit them (P(0) = 1 - P(1) rounded to float32)."""
    p1 = f32(p1)
    return np.column_stack([f32(1 - p1), p1])


def main():
    cases = []

    # Binary, n = 500, scores rounded to two decimals so that many are tied.
    rng = np.random.default_rng(20240601)
    n = 500
    y = rng.integers(0, 2, n)
    p1 = np.round(1 / (1 + np.exp(-(1.2 * (2 * y - 1) + rng.normal(0, 1.5, n)))), 2)
    rows = binary_rows(p1)
    cases.append(
        classification_case(
            'binary_ties', 'binary, n=500, scores rounded to 0.01 (many ties)', y, argmax_f32(rows, 2), rows, 2, True
        )
    )

    # Binary with probabilities exactly 0 and 1 (clipping), including confident mistakes and a [0, 0] row.
    rng = np.random.default_rng(7)
    n = 40
    y = rng.integers(0, 2, n)
    p1 = rng.uniform(0, 1, n)
    p1[0:4] = [0.0, 1.0, 0.0, 1.0]
    y[0:4] = [0, 1, 1, 0]
    rows = binary_rows(p1)
    rows[4] = [0.0, 0.0]
    rows[5] = [1.0, 1.0]
    predicted = argmax_f32(rows, 2)
    cases.append(
        classification_case(
            'binary_clipping',
            'binary, probabilities exactly 0 and 1 (right and confidently wrong), rows [0,0] and [1,1]',
            y,
            predicted,
            rows,
            2,
            True,
            with_losses=True,
        )
    )

    # Multiclass K = 3, every class in y_true, class 2 never predicted (its probability never the largest).
    rng = np.random.default_rng(33)
    n = 400
    y = rng.integers(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), y] += 1.0
    logits[:, 2] -= 4.0
    probabilities = softmax(logits)
    predicted = argmax_f32(probabilities, 3)
    assert not (predicted == 2).any()
    cases.append(
        classification_case(
            'multiclass3_never_predicted', 'K=3, n=400, class 2 in y_true but never predicted', y, predicted,
            probabilities, 3, False,
        )
    )

    # Multiclass K = 5, class 4 predicted but absent from y_true (roc_auc undefined for scikit-learn).
    rng = np.random.default_rng(55)
    n = 600
    y = rng.integers(0, 4, n)
    logits = rng.normal(0, 1, (n, 5))
    logits[np.arange(n), y] += 1.3
    logits[:, 4] += 0.3
    probabilities = softmax(logits)
    predicted = argmax_f32(probabilities, 5)
    assert (predicted == 4).any() and not (y == 4).any()
    cases.append(
        classification_case(
            'multiclass5_predicted_not_true', 'K=5, n=600, class 4 predicted but never in y_true', y, predicted,
            probabilities, 5, False,
        )
    )

    # Multiclass K = 5, every class in y_true, class 1 never predicted; ties in the scores.
    rng = np.random.default_rng(56)
    n = 300
    y = rng.integers(0, 5, n)
    logits = rng.normal(0, 1, (n, 5))
    logits[np.arange(n), y] += 1.0
    logits[:, 1] -= 5.0
    probabilities = np.round(softmax(logits), 2)
    probabilities[:, 0] = 1 - probabilities[:, 1:].sum(axis=1)
    probabilities = np.clip(probabilities, 0, 1)
    probabilities = probabilities / probabilities.sum(axis=1, keepdims=True)
    predicted = argmax_f32(probabilities, 5)
    predicted[predicted == 1] = 0
    cases.append(
        classification_case(
            'multiclass5_all_true', 'K=5, n=300, all classes in y_true, class 1 never predicted, tied scores', y,
            predicted, probabilities, 5, False,
        )
    )

    # Multiclass K = 5, class 3 neither in y_true nor predicted: macro averages run over 4 labels only.
    rng = np.random.default_rng(57)
    n = 200
    y = rng.choice([0, 1, 2, 4], n)
    logits = rng.normal(0, 1, (n, 5))
    logits[np.arange(n), y] += 1.5
    logits[:, 3] -= 6.0
    probabilities = softmax(logits)
    predicted = argmax_f32(probabilities, 5)
    assert not (predicted == 3).any()
    cases.append(
        classification_case(
            'multiclass5_absent_class', 'K=5, n=200, class 3 neither in y_true nor predicted', y, predicted,
            probabilities, 5, False,
        )
    )

    # Label-only model (no probabilities).
    rng = np.random.default_rng(11)
    n = 150
    y = rng.integers(0, 2, n)
    predicted = np.where(rng.uniform(0, 1, n) < 0.8, y, 1 - y)
    cases.append(classification_case('binary_labels_only', 'binary, label-only model', y, predicted, None, 2, True))

    rng = np.random.default_rng(12)
    n = 120
    y = rng.integers(0, 4, n)
    predicted = np.where(rng.uniform(0, 1, n) < 0.6, y, rng.integers(0, 4, n))
    cases.append(
        classification_case('multiclass_labels_only', 'K=4, label-only model', y, predicted, None, 4, False)
    )

    # Single-class holdout set: every true label is 1.
    rng = np.random.default_rng(13)
    n = 60
    y = np.ones(n, dtype=np.int64)
    rows = binary_rows(rng.uniform(0.2, 1, n))
    cases.append(
        classification_case(
            'binary_single_class', 'binary, every true label is 1', y, argmax_f32(rows, 2), rows, 2, True
        )
    )

    # All correct, all wrong, one row.
    rng = np.random.default_rng(14)
    n = 30
    y = rng.integers(0, 2, n)
    rows = binary_rows(np.where(y == 1, rng.uniform(0.6, 1, n), rng.uniform(0, 0.4, n)))
    cases.append(classification_case('binary_all_correct', 'binary, every prediction right', y, y, rows, 2, True))
    rng = np.random.default_rng(15)
    n = 30
    y = rng.integers(0, 3, n)
    y[0:3] = [0, 1, 2]
    predicted = (y + 1) % 3
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), predicted] += 4
    cases.append(
        classification_case(
            'multiclass3_all_wrong', 'K=3, every prediction wrong', y, predicted, softmax(logits), 3, False
        )
    )
    cases.append(
        classification_case(
            'binary_single_row', 'binary, one row', [1], [1], binary_rows([0.8]), 2, True, with_losses=True
        )
    )

    # Regression.
    rng = np.random.default_rng(21)
    n = 300
    y = rng.normal(10, 5, n)
    y[0] = 0.0
    y[7] = 0.0
    predicted = y + rng.normal(0, 1.5, n)
    cases.append(regression_case('regression_basic', 'n=300, two y = 0 entries (mape epsilon)', y, predicted))

    rng = np.random.default_rng(22)
    n = 500
    y = 1e6 + rng.normal(0, 2, n)
    predicted = y + rng.normal(0, 0.7, n)
    cases.append(
        regression_case('regression_large_mean', 'n=500, y ~ 1e6 + N(0, 2) (variance of y far below its mean)', y,
                        predicted)
    )
    y = np.full(10, 2.5)
    cases.append(
        regression_case('regression_constant_imperfect', 'constant y, imperfect predictions (r2 forced to 0)', y,
                        y + np.linspace(-1, 1, 10))
    )
    cases.append(regression_case('regression_constant_perfect', 'constant y, perfect predictions (r2 forced to 1)',
                                 y, y))
    cases.append(regression_case('regression_single_row', 'one row (r2 undefined)', [3.0], [2.5]))

    document = {
        'generator': 'scripts/reference/metrics_reference.py',
        'versions': {'scikit-learn': sklearn.__version__, 'numpy': np.__version__},
        'logLossEpsilon': LOG_LOSS_EPS,
        'notes': [
            'probabilities: row-major rows x classCount, float32 shortest decimals',
            'yPred: float32 shortest decimals; yTrue: float64',
            'null: scikit-learn refuses the metric for this data (ValueError) or returns NaN',
        ],
        'cases': cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as handle:
        json.dump(document, handle, separators=(',', ':'))
        handle.write('\n')
    print(f'wrote {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes, {len(cases)} cases)')


if __name__ == '__main__':
    main()
