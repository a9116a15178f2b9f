/**
 * The logging port (STYLE.md section 1). The CLI wraps the console, the action wraps @actions/core, tests
 * collect lines. Core code never writes to stdout itself.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  /** Progress of a long run; implementations may overwrite a status line or drop it entirely. */
  progress(message: string): void;
}

export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  progress: () => {},
};
