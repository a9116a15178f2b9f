/**
 * The slice of @actions/core the action uses, as a port: the action passes `actionCore` (the real toolkit),
 * tests pass a recorder. Also the action's Logger, which writes through it.
 */
import * as core from '@actions/core';

import type { Logger } from '../logger.js';

export interface AnnotationProperties {
  title?: string;
  /** Repository-relative path. */
  file?: string;
  startLine?: number;
}

export interface ActionCore {
  /** The trimmed input, '' when unset. */
  getInput(name: string): string;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  /** An error annotation; does not fail the step by itself. */
  error(message: string, properties?: AnnotationProperties): void;
  /** Fails the step (exit code 1) without adding an annotation. */
  markFailed(): void;
  appendSummary(markdown: string): Promise<void>;
}

export const actionCore: ActionCore = {
  getInput: (name) => core.getInput(name),
  setSecret: (secret) => core.setSecret(secret),
  setOutput: (name, value) => core.setOutput(name, value),
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  markFailed: () => {
    process.exitCode = core.ExitCode.Failure;
  },
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};

/** Progress lines at most this often: a CI log is read later, not watched. */
const PROGRESS_INTERVAL_MS = 5_000;

export function createActionLogger(actionCoreInstance: ActionCore, now: () => number = Date.now): Logger {
  let lastProgress = Number.NEGATIVE_INFINITY;
  return {
    info: (message) => actionCoreInstance.info(message),
    warning: (message) => actionCoreInstance.warning(message),
    progress: (message) => {
      if (message === '') return;
      const time = now();
      if (time - lastProgress < PROGRESS_INTERVAL_MS) {
        actionCoreInstance.debug(message);
        return;
      }
      lastProgress = time;
      actionCoreInstance.info(message);
    },
  };
}
