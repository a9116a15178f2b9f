import { describe, expect, it } from 'vitest';

import { OUTPUTS } from '../../src/github/publish-results.js';
import { actionManifest } from '../e2e-action/action-defaults.js';

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(actionManifest.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the outputs the action sets', () => {
    expect(Object.keys(actionManifest.outputs).sort()).toEqual(Object.values(OUTPUTS).sort());
  });

  it('documents every input and gives it a default (the runner passes them all)', () => {
    for (const [name, input] of Object.entries(actionManifest.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      expect(typeof input.default, name).toBe('string');
      expect(input.required, name).toBe(false);
    }
  });
});
