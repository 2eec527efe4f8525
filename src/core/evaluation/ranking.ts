/** ROC and precision-recall curves, ROC AUC and average precision, as scikit-learn 1.9 defines them. */
import type { ThresholdCounts } from './thresholdCurve';

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** thresholds[0] is +Infinity (the point (0, 0)). */
  thresholds: Float64Array;
}

export interface PrCurve {
  /** In scikit-learn's order: recall decreasing, ending with precision 1 at recall 0. */
  precision: Float64Array;
  recall: Float64Array;
  thresholds: Float64Array;
}

/** Indices of the points where the curve turns (scikit-learn's drop_intermediate: second differences ≠ 0). */
function cornerIndices(a: Float64Array, b: Float64Array): number[] {
  const n = a.length;
  if (n <= 2) return Array.from({ length: n }, (_, i) => i);
  const keep = [0];
  for (let i = 1; i < n - 1; i++) {
    if (a[i + 1] - 2 * a[i] + a[i - 1] !== 0 || b[i + 1] - 2 * b[i] + b[i - 1] !== 0) keep.push(i);
  }
  keep.push(n - 1);
  return keep;
}

/** roc_curve(drop_intermediate=True). fpr (tpr) is all NaN when there are no negatives (positives). */
export function rocCurve(c: ThresholdCounts, dropIntermediate = true): RocCurve {
  const idx = dropIntermediate ? cornerIndices(c.fps, c.tps) : Array.from(c.fps, (_, i) => i);
  const m = idx.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const thresholds = new Float64Array(m);
  thresholds[0] = Infinity;
  const fpTotal = c.fps[c.fps.length - 1];
  const tpTotal = c.tps[c.tps.length - 1];
  for (let k = 0; k < idx.length; k++) {
    fpr[k + 1] = c.fps[idx[k]] / fpTotal;
    tpr[k + 1] = c.tps[idx[k]] / tpTotal;
    thresholds[k + 1] = c.thresholds[idx[k]];
  }
  if (!(fpTotal > 0)) fpr.fill(NaN);
  if (!(tpTotal > 0)) tpr.fill(NaN);
  return { fpr, tpr, thresholds };
}

/** Trapezoidal area (sklearn.metrics.auc over the ROC points). */
export function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

export function rocAuc(c: ThresholdCounts): number {
  const roc = rocCurve(c);
  return trapezoid(roc.fpr, roc.tpr);
}

/** precision_recall_curve(drop_intermediate=False). */
export function prCurve(c: ThresholdCounts): PrCurve {
  const n = c.tps.length;
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const thresholds = new Float64Array(n);
  const tpTotal = c.tps[n - 1];
  for (let k = 0; k < n; k++) {
    const r = n - 1 - k;
    const ps = c.tps[k] + c.fps[k];
    precision[r] = ps !== 0 ? c.tps[k] / ps : 0;
    recall[r] = tpTotal === 0 ? 1 : c.tps[k] / tpTotal;
    thresholds[r] = c.thresholds[k];
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds };
}

/** average_precision_score: the step integral −Σ diff(recall)·precision[:-1] over the PR curve. */
export function averagePrecision(c: ThresholdCounts): number {
  const { precision, recall } = prCurve(c);
  let sum = 0;
  for (let i = 0; i < recall.length - 1; i++) sum += (recall[i + 1] - recall[i]) * precision[i];
  return Math.max(0, -sum);
}
