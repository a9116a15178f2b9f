import type { AttributeProto, GraphProto, NodeProto } from 'onnx-buf';

/** Class labels in the order of the probability columns: integers or strings, never mixed. */
export type ClassLabels = number[] | string[];

export interface ClassLabelsFound {
  labels: ClassLabels;
  /** Where they came from, for the interpretation text: "ZipMap node 'ZipMap'". */
  source: string;
}

const ML_DOMAIN = 'ai.onnx.ml';

/** The ai.onnx.ml operators that carry class labels, and the attribute names each uses for integer labels. */
const LABELLED_OPERATORS: Record<string, string> = {
  ZipMap: 'classlabels_int64s',
  LinearClassifier: 'classlabels_ints',
  SVMClassifier: 'classlabels_ints',
  TreeEnsembleClassifier: 'classlabels_int64s',
};

/**
 * The class labels a model declares, if any. skl2onnx, onnxmltools (LightGBM, XGBoost, CatBoost) and
 * sklearn-onnx pipelines store them on the ZipMap node and on the classifier node (LinearClassifier,
 * SVMClassifier, TreeEnsembleClassifier). A ZipMap's labels name the probability columns directly, so they win;
 * otherwise the classifier nodes' labels are used when they all agree (a stacking ensemble with different
 * label sets gives null). Call this before the ZipMap nodes are removed.
 */
export function readClassLabels(graph: GraphProto): ClassLabelsFound | null {
  const found: ClassLabelsFound[] = [];
  for (const node of graph.node) {
    if (node.domain !== ML_DOMAIN) continue;
    const integerAttribute = LABELLED_OPERATORS[node.opType];
    if (integerAttribute === undefined) continue;
    const labels = labelsOf(node, integerAttribute);
    if (labels === null) continue;
    const entry = { labels, source: `${node.opType} node '${node.name || node.output[0] || '?'}'` };
    if (node.opType === 'ZipMap') return entry;
    found.push(entry);
  }
  const first = found[0];
  if (first === undefined) return null;
  const key = JSON.stringify(first.labels);
  return found.every((entry) => JSON.stringify(entry.labels) === key) ? first : null;
}

function labelsOf(node: NodeProto, integerAttribute: string): ClassLabels | null {
  const integers = attribute(node, integerAttribute);
  if (integers !== undefined && integers.ints.length > 0) {
    return integers.ints.map((value) => Number(value));
  }
  const strings = attribute(node, 'classlabels_strings');
  if (strings !== undefined && strings.strings.length > 0) {
    const decoder = new TextDecoder();
    return strings.strings.map((bytes) => decoder.decode(bytes));
  }
  return null;
}

function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((candidate) => candidate.name === name);
}
