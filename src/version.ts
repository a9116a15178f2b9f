/** The tool's name and version, as written into every report. Kept in step with package.json by a test. */
export const TOOL_NAME = 'model-gate';
export const TOOL_VERSION = '0.1.0';
