// Lint rules that keep the pipeline honest: pure folders cannot reach I/O, GitHub or the ONNX runtime,
// and the import graph stays acyclic (STYLE.md section 1).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

const noActionsInCore = {
  patterns: [
    {
      group: ['@actions/*', '@octokit/*'],
      message: 'The core never imports the GitHub toolkit (DESIGN.md section 2).',
    },
  ],
};

const pureFolderImports = {
  paths: [
    { name: 'node:fs', message: 'Pure code does no I/O; take the data as arguments.' },
    { name: 'node:fs/promises', message: 'Pure code does no I/O; take the data as arguments.' },
    { name: 'fs', message: 'Pure code does no I/O; take the data as arguments.' },
    { name: 'onnxruntime-node', message: 'Only src/inference talks to the ONNX runtime.' },
  ],
  patterns: noActionsInCore.patterns,
};

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'coverage/', 'examples/**/out/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': 'error',
      'no-restricted-imports': ['error', noActionsInCore],
    },
  },
  {
    // The adapters and the action's entry are where the GitHub toolkit belongs.
    files: ['src/github/**/*.ts', 'src/action.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/metrics/**/*.ts', 'src/stats/**/*.ts', 'src/gate/**/*.ts', 'src/report/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', pureFolderImports] },
  },
);
