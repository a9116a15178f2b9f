import { describe, expect, it } from 'vitest';

import { INPUTS, gateSlug, readActionInputs } from '../../src/github/action-inputs.js';
import { actionInputs } from '../e2e-action/action-defaults.js';

const read = (withValues: Record<string, string>) => {
  const inputs = actionInputs(withValues);
  return readActionInputs((name) => (inputs[name] ?? '').trim());
};

describe('readActionInputs', () => {
  it("reads action.yml's defaults", () => {
    expect(read({ 'candidate-model': 'm.onnx', data: 'd.csv' })).toEqual({
      mode: 'evaluate',
      candidateModel: 'm.onnx',
      baselineModel: null,
      data: 'd.csv',
      label: null,
      task: 'auto',
      features: null,
      slices: null,
      idColumn: null,
      reference: null,
      config: null,
      alpha: null,
      inconclusive: null,
      correction: null,
      seed: null,
      batchSize: null,
      token: expect.stringMatching(/^ghs_/),
      comment: true,
      checkRun: true,
      uploadArtifact: true,
      gateName: 'model-gate',
      overrideLabel: 'model-gate/accept-regression',
      failOn: 'regression',
      commentAuthor: null,
      runId: null,
    });
  });

  it('leaves what the policy file may hold as text, null when not given', () => {
    expect(read({ mode: 'publish', 'run-id': '42' })).toMatchObject({
      mode: 'publish',
      candidateModel: null,
      runId: 42,
    });
    expect(read({ alpha: '0.01', seed: '7', label: 'churned' })).toMatchObject({
      alpha: '0.01',
      seed: '7',
      label: 'churned',
    });
  });

  it('accepts the booleans core.getBooleanInput accepts, and an empty override label', () => {
    expect(
      read({
        'candidate-model': 'm',
        data: 'd',
        comment: 'False',
        'check-run': 'TRUE',
        'override-label': '',
      }),
    ).toMatchObject({
      comment: false,
      checkRun: true,
      overrideLabel: null,
    });
  });

  it('splits features on commas and new lines, ignoring a trailing one', () => {
    expect(read({ 'candidate-model': 'm', data: 'd', features: 'a, b\nc,\n' }).features).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it.each([
    [{ mode: 'deploy' }, "Invalid value 'deploy' for input 'mode': must be one of evaluate, publish"],
    [
      { 'candidate-model': 'm', data: 'd', task: 'Binary' },
      "Invalid value 'Binary' for input 'task': must be one of auto, binary, multiclass, regression",
    ],
    [
      { 'candidate-model': 'm', data: 'd', comment: 'yes' },
      "Invalid value 'yes' for input 'comment': must be true or false",
    ],
    [
      { 'candidate-model': 'm', data: 'd', 'batch-size': '0' },
      "Invalid value '0' for input 'batch-size': must be an integer from 1 to 1048576",
    ],
    [
      { 'candidate-model': 'm', data: 'd', 'fail-on': 'inconclusive' },
      "Invalid value 'inconclusive' for input 'fail-on': must be one of regression, never",
    ],
    [
      { 'candidate-model': 'm', data: 'd', features: 'a,,b' },
      "Invalid value 'a,,b' for input 'features': expected column names separated by commas or new lines, with no empty name",
    ],
    [
      { 'candidate-model': 'm', data: 'd', 'gate-name': 'x -->' },
      "Invalid value 'x -->' for input 'gate-name': must be 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit",
    ],
    [
      { 'candidate-model': 'm', data: 'd', 'github-token': '' },
      "Missing input 'github-token': pass a token (the default is ${{ github.token }})",
    ],
  ])('rejects %o', (withValues, message) => {
    expect(() => read(withValues)).toThrow(message);
  });

  it('never quotes the token in a message', () => {
    expect(() => read({ 'candidate-model': 'm', data: 'd', task: 'x' })).toThrow(/^(?!.*ghs_)/);
  });

  it('names every input of action.yml', () => {
    expect(Object.values(INPUTS).sort()).toEqual(Object.keys(actionInputs({})).sort());
  });
});

describe('gateSlug', () => {
  it('makes a file and artifact name component', () => {
    expect(gateSlug('Model Gate  v2')).toBe('model-gate-v2');
  });
});

describe('readActionInputs: slices, id column and reference', () => {
  it('reads slice columns like features, and the id column and reference as given', () => {
    expect(
      read({
        'candidate-model': 'm.onnx',
        slices: 'country,\ndevice\n',
        'id-column': 'id',
        reference: 'ref.csv',
      }),
    ).toMatchObject({ slices: ['country', 'device'], idColumn: 'id', reference: 'ref.csv' });
    expect(() => read({ 'candidate-model': 'm.onnx', slices: 'a,,b' })).toThrow(
      "Invalid value 'a,,b' for input 'slices': expected column names separated by commas or new lines",
    );
  });
});
