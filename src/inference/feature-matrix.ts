/**
 * One batch of feature values as the data stage hands it over: row-major, `rows` x F, where F is the number
 * of feature columns given to mapFeatures (in that order). `values` may be longer than rows x F (a reused
 * buffer for a short last batch); the extra values are ignored.
 */
export interface FeatureMatrix {
  rows: number;
  values: Float32Array | Float64Array;
}
