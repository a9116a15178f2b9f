/**
 * What an accumulator's result() returns: metric values keyed by the report's metric names (DESIGN.md section
 * 3.2), null where a metric is undefined for the data, and notes in plain words saying why each value is null
 * (and flagging conventions that shaped a value, such as r2 forced to 0 for a constant target). Notes do not
 * name the model: the caller prefixes them ("candidate: ...") when it merges both models' notes.
 * No numerical method lives here.
 */
export interface MetricsResult {
  metrics: Record<string, number | null>;
  notes: string[];
}
