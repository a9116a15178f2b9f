#!/usr/bin/python3
"""End-to-end reference values: every number of model-gate's report for (candidate, baseline, data) pairs of
the fixture models, computed without onnxruntime.

Run with Debian's Python (scikit-learn 1.2.1, SciPy 1.10.1, statsmodels 0.13.5) from anywhere; Rscript with
pROC 1.18 and jsonlite must be on PATH:

    /usr/bin/python3 scripts/reference/pipeline_reference.py

It writes test/fixtures/reference/pipeline.json, which test/e2e-cli/reference.test.ts compares with the report
JSON of the built CLI (`node bin/model-gate.js evaluate ...`). The tests never run Python or R.

Where the model outputs come from: test/fixtures/models/expected-outputs.json, which
scripts/fixtures/make_models.py computed with torch / scikit-learn / NumPy on the CSV values (never with
onnxruntime). Those numbers are the float32 outputs (written with 9 significant digits, enough to read back the
same float32), except float64-input.onnx, whose outputs are float64.

How model-gate reads each output, and so how this script does (src/inference/score-reader.ts):
- float32 outputs are rounded through np.float32 and then used as float64 (f32 below);
- 'probabilities' [N,K] summing to 1: used as they are;
- a single column in [0,1] (binary-score): P(class 1) = p, rows [1 - p, p] computed in float64;
- logits (values outside [0,1]; binary-logits): softmax in float64;
- the predicted class is the model's label output when it has one (skl2onnx style, tree-no-zipmap,
  label-only), else the argmax of the probability row, the first maximal column winning a tie (np.argmax);
- class order: the candidate's declared classes (or 0..K-1); the baseline's columns are permuted into it.
- ROC AUC and DeLong rank P(class 1) (binary) or the K columns (multiclass) stored as float32 (model-gate's
  score store, src/metrics/score-store.ts): this script ranks the same float32 values. Brier score and log
  loss use the float64 rows.

What each number is (DESIGN.md section 3.2):
- metrics: scikit-learn 1.2.1 (accuracy_score, balanced_accuracy_score, precision/recall/f1 macro with
  zero_division=0, log_loss(eps=1e-15, labels=range(K)) -- explicit eps, 1.2.1's default is "auto" --,
  roc_auc_score (binary on P(class 1); multiclass ovr macro), brier_score_loss; regression
  mean_absolute_error, mean_squared_error, rmse = mean_squared_error(squared=False), r2_score,
  mean_absolute_percentage_error). A model that outputs labels only has null log_loss, roc_auc, brier_score.
- tests.mcnemar: statsmodels mcnemar([[0, b], [c, 0]], exact=(b + c < 25), correction=True), b = #(candidate
  right, baseline wrong), c = #(candidate wrong, baseline right).
- tests.delong (binary, both models with scores): R pROC roc.test(method="delong", paired=TRUE) through
  scripts/reference/delong_reference.R. pROC reports z = 0, p = 1 when the variance of the difference is 0
  (identical rankings); model-gate reports null there, and so does this file.
- tests.pairedT / tests.wilcoxon on the per-example loss difference d = loss_candidate - loss_baseline:
  log loss (natural log, clipped to [1e-15, 1 - 1e-15], row renormalized, as scikit-learn 1.2.1) when both
  models give probabilities; 0-1 loss (1 when wrong) when one outputs labels only; squared error for
  regression. scipy.stats.ttest_rel(loss_candidate, loss_baseline) and scipy.stats.wilcoxon(d,
  zero_method='wilcox', correction=False, method='approx'). Undefined values (every d = 0) are null.
- inputNoise: the outputs above are torch's, and onnxruntime's float32 kernels differ from them by a few ulps
  (measured: up to 2 ulps of the value; 1 ulp of 0.5 for onnxruntime's approximate Sigmoid). A statistic close
  to 0 (a t of 0.04) can move by more than the relative tolerance from that alone. So every case is recomputed
  with the outputs moved by up to OUTPUT_NOISE_ULPS ulps (see perturbation()) and `inputNoise` records, by path,
  the largest change of each number; the test allows twice that where it exceeds the stated tolerance. Counts
  and confusion-based metrics must not move at all (the script stops if they do: a near tie).
- verdict / failingTests / exitCode: the verdict any sound gate must reach on these pairs, which are chosen to be
  clear-cut: `fail` when a paired test (McNemar, DeLong, paired t on the loss) shows the candidate worse with
  p < 0.001 (failingTests names those tests), `pass` when none shows it worse at p < 0.05; the script refuses a
  pair in between, whose verdict would depend on the policy (tolerances, Holm). The gate's own rules are tested
  in test/gate and test/stats; here the pipeline's verdict and exit code must agree on answers not in doubt.
"""

import csv
import json
import math
import pathlib
import subprocess
import tempfile
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy import stats
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
from statsmodels.stats.contingency_tables import mcnemar

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODELS = 'test/fixtures/models'
DATA = 'test/fixtures/data'
OUTPUT = ROOT / 'test' / 'fixtures' / 'reference' / 'pipeline.json'
DELONG_R = ROOT / 'scripts' / 'reference' / 'delong_reference.R'
LOG_LOSS_EPS = 1e-15
MCNEMAR_EXACT_BELOW = 25
# Clear-cut verdicts (see verdict_for).
CLEARLY_WORSE = 1e-3
NOT_WORSE = 0.05
# The output noise model of `inputNoise` (see perturbation()).
OUTPUT_NOISE_ULPS = 4
OUTPUT_NOISE_FLOAT64 = 1e-9
NOISE_DRAWS = 8
# Numbers compared exactly: they must not move under the output noise.
DISCRETE = {
    'tests.mcnemar.b', 'tests.mcnemar.c', 'tests.pairedT.df', 'tests.wilcoxon.zerosDropped',
    *(f'metrics.{role}.{name}' for role in ('candidate', 'baseline')
      for name in ('accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro')),
}

# How model-gate reads each fixture model: the score output and how it is read, the label output (if any),
# whether the outputs are float64, and how onnxruntime's float32 arithmetic may move them ('noise', see
# perturbation(): 'relative' unless said otherwise).
READING = {
    'binary-proba.onnx': {'scores': 'probabilities', 'mode': 'probabilities'},
    'binary-worse.onnx': {'scores': 'probabilities', 'mode': 'probabilities'},
    'binary-score.onnx': {'scores': 'score', 'mode': 'probability', 'noise': 'absolute'},
    'binary-logits.onnx': {'scores': 'logits', 'mode': 'softmax'},
    'label-only.onnx': {'label': 'label'},
    'zipmap-binary.onnx': {'scores': 'probabilities', 'mode': 'probabilities', 'label': 'output_label'},
    'tree-no-zipmap.onnx': {'scores': 'probabilities', 'mode': 'probabilities', 'label': 'label', 'noise': 'absolute'},
    'float64-input.onnx': {'scores': 'probabilities', 'mode': 'probabilities', 'float64': True},
    'multiclass.onnx': {'scores': 'probabilities', 'mode': 'probabilities'},
    'multiclass-b.onnx': {'scores': 'probabilities', 'mode': 'probabilities'},
    'zipmap-strings.onnx': {'scores': 'probabilities', 'mode': 'probabilities', 'label': 'output_label'},
    'zipmap-strings-b.onnx': {'scores': 'probabilities', 'mode': 'probabilities', 'label': 'output_label'},
    'named-inputs.onnx': {'scores': 'probabilities', 'mode': 'probabilities'},
    'regressor.onnx': {'scores': 'prediction', 'mode': 'values'},
    'regressor-b.onnx': {'scores': 'prediction', 'mode': 'values'},
}

PAIRS = [
    ('binary-proba vs zipmap-binary', 'binary-proba.onnx', 'zipmap-binary.onnx', 'binary.csv', 'label',
     'torch softmax probabilities vs a skl2onnx ZipMap model with a label output'),
    ('binary-score vs binary-logits', 'binary-score.onnx', 'binary-logits.onnx', 'binary.csv', 'label',
     'P(class 1) [N,1] vs logits [N,2] (softmax applied by model-gate)'),
    ('binary-worse vs binary-proba', 'binary-worse.onnx', 'binary-proba.onnx', 'binary.csv', 'label',
     'a clearly worse candidate (noisy weights): the gate fails'),
    ('label-only vs binary-proba', 'label-only.onnx', 'binary-proba.onnx', 'binary.csv', 'label',
     'labels only vs the same network with probabilities: 0-1 loss, identical decisions, every d = 0'),
    ('label-only vs zipmap-binary', 'label-only.onnx', 'zipmap-binary.onnx', 'binary.csv', 'label',
     'labels only vs a ZipMap model: 0-1 loss, no DeLong test'),
    ('tree-no-zipmap vs binary-proba', 'tree-no-zipmap.onnx', 'binary-proba.onnx', 'binary.csv', 'label',
     'a depth-3 tree (8 distinct scores, many ties) vs an MLP'),
    ('float64-input vs binary-proba', 'float64-input.onnx', 'binary-proba.onnx', 'binary.csv', 'label',
     'float64 input and probabilities vs float32'),
    ('multiclass vs multiclass-b', 'multiclass.onnx', 'multiclass-b.onnx', 'multiclass.csv', 'label',
     'two 3-class MLPs'),
    ('zipmap-strings vs zipmap-strings-b', 'zipmap-strings.onnx', 'zipmap-strings-b.onnx', 'strings.csv', 'label',
     'string classes; the baseline declares them in another order (columns permuted)'),
    ('regressor vs regressor-b', 'regressor.onnx', 'regressor-b.onnx', 'regression.csv', 'target',
     'regression, the candidate better'),
    ('regressor-b vs regressor', 'regressor-b.onnx', 'regressor.onnx', 'regression.csv', 'target',
     'regression, the candidate clearly worse: the gate fails'),
    ('named-inputs vs itself', 'named-inputs.onnx', 'named-inputs.onnx', 'named.csv', 'label',
     'inputs fed by column name; a model against itself: every difference 0, undefined tests null'),
]


def f32(values):
    return np.asarray(values, dtype=np.float64).astype(np.float32).astype(np.float64)


def number_or_null(value):
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else value


def read_csv(name):
    with open(ROOT / DATA / name, newline='') as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def softmax(scores):
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponential = np.exp(shifted)
    return exponential / exponential.sum(axis=1, keepdims=True)


def perturbation(draw):
    """A function that moves a model's float outputs the way onnxruntime's arithmetic may differ from torch's:
    by up to OUTPUT_NOISE_ULPS float32 ulps of |x| ('relative', most kernels: the measured gap is 2 ulps), by up
    to OUTPUT_NOISE_ULPS ulps of max(|x|, 0.5) ('absolute': onnxruntime's approximate Sigmoid and a float32
    1 - p are off by up to 1 ulp of 0.5 in absolute terms, so small values move relatively more), or by
    OUTPUT_NOISE_FLOAT64 relative for float64 outputs (stored with 9 significant digits). Draw 0 moves every value
    up, draw 1 down, the others by seeded uniform amounts. Equal values move alike, so ties stay ties (a tree's
    leaves, a model compared with itself), as they do in onnxruntime."""

    def perturb(data, float64, absolute, probabilities):
        if draw < 2:
            direction = np.full(data.shape, 1.0 if draw == 0 else -1.0)
        else:
            distinct, inverse = np.unique(data, return_inverse=True)
            direction = np.random.default_rng(draw).uniform(-1, 1, size=distinct.shape)[inverse].reshape(data.shape)
        if float64:
            moved = data + direction * OUTPUT_NOISE_FLOAT64 * np.abs(data)
        else:
            scale = np.maximum(np.abs(data), 0.5) if absolute else np.abs(data)
            ulp = np.spacing(scale.astype(np.float32)).astype(np.float64)
            moved = f32(data + direction * OUTPUT_NOISE_ULPS * ulp)
        return np.clip(moved, 0, 1) if probabilities else moved

    return perturb


def read_model(name, expected, perturb=None):
    """Probabilities (float64 rows, the model's class order) / predicted class index / regression values."""
    entry = expected['models'][name]
    reading = READING[name]
    outputs = entry['outputs']
    float64 = bool(reading.get('float64'))
    float_values = (lambda values: np.asarray(values, dtype=np.float64)) if float64 else f32
    view = {'classes': entry.get('classLabels'), 'probabilities': None, 'predicted': None, 'values': None}
    mode = reading.get('mode')
    if mode is not None:
        output = outputs[reading['scores']]
        data = float_values(output['data'])
        rows = output['shape'][0]
        data = data.reshape(rows, -1)
        if perturb is not None:
            data = perturb(data, float64, reading.get('noise') == 'absolute', mode in ('probabilities', 'probability'))
        if mode == 'values':
            view['values'] = data[:, 0]
            return view
        if mode == 'probability':
            positive = data[:, 0]
            data = np.column_stack([1 - positive, positive])
        elif mode == 'softmax':
            data = softmax(data)
        view['probabilities'] = data
    if view['classes'] is None:
        width = view['probabilities'].shape[1] if view['probabilities'] is not None else None
        view['classes'] = list(range(width)) if width is not None else None
    if 'label' in reading:
        labels = outputs[reading['label']]['data']
        if view['classes'] is None:  # label-only: classes 0..K-1, the labels are the indices
            view['predicted'] = np.asarray(labels, dtype=np.int64)
        else:
            position = {value: index for index, value in enumerate(view['classes'])}
            view['predicted'] = np.asarray([position[value] for value in labels], dtype=np.int64)
    else:
        view['predicted'] = np.argmax(view['probabilities'], axis=1)
    return view


def align(candidate, baseline):
    """Both models in the candidate's class order (src/evaluation/align-classes.ts)."""
    classes = candidate['classes'] or baseline['classes']
    baseline_classes = baseline['classes'] or classes
    permutation = [baseline_classes.index(value) for value in classes]  # candidate column j <- baseline column
    aligned = dict(baseline)
    if permutation != list(range(len(classes))):
        if baseline['probabilities'] is not None:
            aligned['probabilities'] = baseline['probabilities'][:, permutation]
        inverse = {source: target for target, source in enumerate(permutation)}
        aligned['predicted'] = np.asarray([inverse[index] for index in baseline['predicted']], dtype=np.int64)
    return classes, aligned


def per_example_log_loss(y, probabilities):
    clipped = np.clip(probabilities, LOG_LOSS_EPS, 1 - LOG_LOSS_EPS)
    clipped = clipped / clipped.sum(axis=1)[:, np.newaxis]
    return -np.log(clipped[np.arange(len(y)), y])


def classification_metrics(y, model, class_count):
    binary = class_count == 2
    predicted = model['predicted']
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        result = {
            'accuracy': float(accuracy_score(y, predicted)),
            'balanced_accuracy': float(balanced_accuracy_score(y, predicted)),
            'precision_macro': float(precision_score(y, predicted, average='macro', zero_division=0)),
            'recall_macro': float(recall_score(y, predicted, average='macro', zero_division=0)),
            'f1_macro': float(f1_score(y, predicted, average='macro', zero_division=0)),
        }
        probabilities = model['probabilities']
        if probabilities is None:
            result.update(log_loss=None, roc_auc=None)
            if binary:
                result['brier_score'] = None
            return result
        result['log_loss'] = float(log_loss(y, probabilities, eps=LOG_LOSS_EPS, labels=list(range(class_count))))
        ranked = f32(probabilities)  # the float32 score store
        if binary:
            result['roc_auc'] = float(roc_auc_score(y, ranked[:, 1]))
            result['brier_score'] = float(brier_score_loss(y, probabilities[:, 1], pos_label=1))
        else:
            result['roc_auc'] = float(roc_auc_score(y, ranked, multi_class='ovr', average='macro'))
    losses = per_example_log_loss(y, probabilities)
    assert abs(losses.mean() - result['log_loss']) < 1e-12
    return result


def regression_metrics(y, values):
    return {
        'mae': float(mean_absolute_error(y, values)),
        'mse': float(mean_squared_error(y, values)),
        'rmse': float(mean_squared_error(y, values, squared=False)),
        'r2': number_or_null(r2_score(y, values)),
        'mape': float(mean_absolute_percentage_error(y, values)),
    }


def mcnemar_test(b, c):
    exact = b + c < MCNEMAR_EXACT_BELOW
    result = mcnemar(np.array([[0, b], [c, 0]]), exact=exact, correction=True)
    return {'b': int(b), 'c': int(c), 'statistic': float(result.statistic), 'pValue': float(result.pvalue),
            'exact': exact}


def paired_tests(loss_candidate, loss_baseline):
    d = loss_candidate - loss_baseline
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        t_result = stats.ttest_rel(loss_candidate, loss_baseline)
    paired_t = {
        't': number_or_null(t_result.statistic),
        'df': int(len(d) - 1),
        'pValue': number_or_null(t_result.pvalue),
        'meanDifference': float(np.mean(d)),
    }
    zeros = int(np.sum(d == 0))
    if zeros == len(d):
        wilcoxon = {'statistic': None, 'pValue': None, 'zerosDropped': zeros}
    else:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            w_result = stats.wilcoxon(d, zero_method='wilcox', correction=False, alternative='two-sided',
                                      method='approx')
        wilcoxon = {'statistic': float(w_result.statistic), 'pValue': float(w_result.pvalue),
                    'zerosDropped': zeros}
    return paired_t, wilcoxon


def delong_tests(cases):
    """R pROC for every case at once: {name: {aucCandidate, aucBaseline, z, pValue}}."""
    if not cases:
        return {}
    with tempfile.TemporaryDirectory() as directory:
        source = pathlib.Path(directory) / 'in.json'
        target = pathlib.Path(directory) / 'out.json'
        source.write_text(json.dumps(cases))
        subprocess.run(['Rscript', str(DELONG_R), str(source), str(target)], check=True,
                       stderr=subprocess.DEVNULL)
        results = json.loads(target.read_text())
    answer = {}
    for result in results:
        variance = (float(result['varianceCandidate']) + float(result['varianceBaseline'])
                    - 2 * float(result['covariance']))
        undefined = variance <= 0
        answer[result['name']] = {
            'aucCandidate': float(result['aucCandidate']),
            'aucBaseline': float(result['aucBaseline']),
            'z': None if undefined else float(result['z']),
            'pValue': None if undefined else float(result['pValue']),
        }
    return answer


def worse_evidence(tests):
    """(test, p) for each paired test whose estimate has the candidate worse than the baseline."""
    evidence = []
    mc = tests.get('mcnemar')
    if mc is not None and mc['c'] > mc['b']:
        evidence.append(('McNemar', mc['pValue']))
    dl = tests.get('delong')
    if dl is not None and dl['z'] is not None and dl['z'] < 0:
        evidence.append(('DeLong', dl['pValue']))
    pt = tests['pairedT']
    if pt['t'] is not None and pt['meanDifference'] > 0:
        evidence.append(('paired t', pt['pValue']))
    return evidence


def verdict_for(name, tests):
    """The verdict any sound gate must reach on a clear-cut pair, and the tests that show the candidate worse.
    A pair in between (a test with the candidate worse at CLEARLY_WORSE <= p < NOT_WORSE) would depend on the
    gate's policy: the script refuses it."""
    evidence = worse_evidence(tests)
    failing = [test for test, p_value in evidence if p_value < CLEARLY_WORSE]
    if failing:
        return 'fail', failing
    borderline = [f'{test} p = {p_value:.3g}' for test, p_value in evidence if p_value < NOT_WORSE]
    if borderline:
        raise SystemExit(f'{name}: not clear-cut ({", ".join(borderline)}): the verdict would depend on the policy')
    return 'pass', []


def build_case(name, candidate_name, baseline_name, data_name, label, description, expected, perturb=None):
    header, rows = read_csv(data_name)
    label_column = header.index(label)
    raw_labels = [row[label_column] for row in rows]
    candidate = read_model(candidate_name, expected, perturb)
    baseline = read_model(baseline_name, expected, perturb)
    model_inputs = {'named-inputs.onnx': ['age', 'income', 'tenure']}.get(candidate_name)
    columns = [column for column in header if column != label]
    features = [column for column in columns if model_inputs is None or column in model_inputs]
    case = {
        'name': name,
        'description': description,
        'args': {
            'candidate': f'{MODELS}/{candidate_name}',
            'baseline': f'{MODELS}/{baseline_name}',
            'data': f'{DATA}/{data_name}',
            'label': label,
        },
        'n': len(rows),
        'features': features,
    }
    delong_input = None
    if candidate['values'] is not None:
        task = 'regression'
        y = np.asarray([float(value) for value in raw_labels])
        case['metrics'] = {
            'candidate': regression_metrics(y, candidate['values']),
            'baseline': regression_metrics(y, baseline['values']),
        }
        loss_candidate = (y - candidate['values']) ** 2
        loss_baseline = (y - baseline['values']) ** 2
        tests = {}
        loss_kind = 'squared'
    else:
        classes, baseline = align(candidate, baseline)
        task = 'binary' if len(classes) == 2 else 'multiclass'
        numeric = isinstance(classes[0], int)
        position = {value: index for index, value in enumerate(classes)}
        y = np.asarray([position[int(float(value)) if numeric else value] for value in raw_labels], dtype=np.int64)
        case['classes'] = classes
        case['metrics'] = {
            'candidate': classification_metrics(y, candidate, len(classes)),
            'baseline': classification_metrics(y, baseline, len(classes)),
        }
        right_candidate = candidate['predicted'] == y
        right_baseline = baseline['predicted'] == y
        b = int(np.sum(right_candidate & ~right_baseline))
        c = int(np.sum(~right_candidate & right_baseline))
        tests = {'mcnemar': mcnemar_test(b, c)}
        if candidate['probabilities'] is not None and baseline['probabilities'] is not None:
            loss_kind = 'log'
            loss_candidate = per_example_log_loss(y, candidate['probabilities'])
            loss_baseline = per_example_log_loss(y, baseline['probabilities'])
            if task == 'binary':
                delong_input = {
                    'name': name,
                    'labels': [int(value) for value in y],
                    'scoresCandidate': [float(value) for value in f32(candidate['probabilities'][:, 1])],
                    'scoresBaseline': [float(value) for value in f32(baseline['probabilities'][:, 1])],
                }
        else:
            loss_kind = 'zero-one'
            loss_candidate = (~right_candidate).astype(np.float64)
            loss_baseline = (~right_baseline).astype(np.float64)
    paired_t, wilcoxon = paired_tests(loss_candidate, loss_baseline)
    tests['pairedT'] = paired_t
    tests['wilcoxon'] = wilcoxon
    case['task'] = task
    case['loss'] = loss_kind
    case['tests'] = tests
    return case, delong_input


def numbers(case):
    """Every number of a case's metrics and tests, by dotted path."""
    found = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f'{prefix}.{key}', item)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) or value is None:
            found[prefix] = value

    walk('metrics', case['metrics'])
    walk('tests', case['tests'])
    return found


def input_noise(case, perturbed_cases):
    """How far each number moves when the model outputs move as onnxruntime's may: the largest change over
    the perturbed draws, for the numbers that move at all."""
    base = numbers(case)
    noise = {}
    for perturbed in perturbed_cases:
        for path, value in numbers(perturbed).items():
            reference_value = base.get(path)
            if (value is None) != (reference_value is None):
                raise SystemExit(f"{case['name']}: {path} is null in one draw only: the reference is fragile")
            if value is None or value == reference_value:
                continue
            if path in DISCRETE:
                raise SystemExit(
                    f"{case['name']}: {path} changes ({reference_value} -> {value}) when the outputs move by a few "
                    'ulps: a near tie makes this case fragile; choose other models'
                )
            noise[path] = max(noise.get(path, 0.0), abs(value - reference_value))
    return {path: float(f'{value:.3g}') for path, value in sorted(noise.items())}


def main():
    expected = json.loads((ROOT / MODELS / 'expected-outputs.json').read_text())
    cases = []
    draws = []  # per case: its perturbed versions
    delong_inputs = []
    for pair in PAIRS:
        case, delong_input = build_case(*pair, expected)
        cases.append(case)
        if delong_input is not None:
            delong_inputs.append(delong_input)
        perturbed_cases = []
        for draw in range(NOISE_DRAWS):
            perturbed, perturbed_delong = build_case(*pair, expected, perturbation(draw))
            perturbed['name'] = f"{case['name']}#{draw}"
            perturbed_cases.append(perturbed)
            if perturbed_delong is not None:
                perturbed_delong['name'] = perturbed['name']
                delong_inputs.append(perturbed_delong)
        draws.append(perturbed_cases)
    delong = delong_tests(delong_inputs)
    for case, perturbed_cases in zip(cases, draws):
        for version in [case, *perturbed_cases]:
            if version['name'] in delong:
                version['tests']['delong'] = delong[version['name']]
        case['inputNoise'] = input_noise(case, perturbed_cases)
        verdict, failing = verdict_for(case['name'], case['tests'])
        case['verdict'] = verdict
        case['failingTests'] = failing
        case['exitCode'] = 1 if verdict == 'fail' else 0

    document = {
        'generator': 'scripts/reference/pipeline_reference.py',
        'versions': {
            'scikit-learn': sklearn.__version__,
            'scipy': scipy.__version__,
            'statsmodels': statsmodels.__version__,
            'numpy': np.__version__,
            'pROC': '1.18 (R, through scripts/reference/delong_reference.R)',
        },
        'modelOutputs': f'{MODELS}/expected-outputs.json (torch / scikit-learn / NumPy, not onnxruntime)',
        'tolerances': {
            'metricsAbsolute': 1e-6,
            'pValueAbsolute': 1e-6,
            'pValueRelative': 1e-4,
            'statisticRelative': 1e-6,
        },
        'notes': [
            'args: paths relative to the repository root, for `model-gate evaluate`',
            'loss: log | zero-one | squared, the per-example loss of the paired t and Wilcoxon tests',
            'null: undefined for the data (model-gate reports null and says why in notes)',
            'verdict / failingTests / exitCode: clear-cut pairs: fail when a paired test shows the candidate worse '
            'with p < 0.001 (failingTests), pass when none does at p < 0.05',
            'inputNoise: by path, how far a number moves when the model outputs move as onnxruntime may differ '
            f'from torch (up to {OUTPUT_NOISE_ULPS} float32 ulps; largest change over {NOISE_DRAWS} draws). The '
            'reference cannot be closer to model-gate than that, so a test allows twice this much where it exceeds '
            'the tolerance; numbers absent never moved',
        ],
        'cases': cases,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, indent=1) + '\n')
    print(f'wrote {OUTPUT.relative_to(ROOT)} ({len(cases)} cases)')
    for case in cases:
        print(f"  {case['name']}: {case['task']}, {case['verdict']} {case['failingTests']}")


if __name__ == '__main__':
    main()
