/**
 * Class labels as text keys, encoded to indices in scikit-learn's order (numbers numerically when every label is a
 * number, otherwise as strings), so the confusion matrix and per-class rows line up with sklearn's.
 */

export interface EncodedLabels {
  labels: string[];
  codes: Int32Array;
}

export function labelKey(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function sortLabels(keys: Iterable<string>): string[] {
  const list = [...new Set(keys)];
  const numeric = list.every((k) => k.trim() !== '' && Number.isFinite(Number(k)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b)) : list.sort();
}

/** Encodes y_true and y_pred over the union of their labels. */
export function encodeLabels(yTrue: readonly string[], yPred: readonly string[]): { labels: string[]; trueCodes: Int32Array; predCodes: Int32Array } {
  const labels = sortLabels([...new Set(yTrue), ...new Set(yPred)]);
  const index = new Map(labels.map((l, i) => [l, i]));
  const trueCodes = Int32Array.from(yTrue, (l) => index.get(l)!);
  const predCodes = Int32Array.from(yPred, (l) => index.get(l)!);
  return { labels, trueCodes, predCodes };
}
