/**
 * Performance-based drift (docs/drift-spec.md §7): current metrics against reference metrics, passing iff |cur − ref| ≤ tol with
 * tol = max(rel·|ref|, 1e-12) — rel 0.2 for classification, 0.1 for regression. Two-sided: a large improvement
 * fails too (Evidently `ApproxValue`).
 */
export type PerformanceTask = 'classification' | 'regression';

export interface MetricCheck {
  metric: string;
  reference: number;
  current: number;
  tolerance: number;
  passed: boolean;
}

export interface PerformanceDrift {
  task: PerformanceTask;
  checks: MetricCheck[];
  drifted: boolean;
}

export const RELATIVE_TOLERANCE: Record<PerformanceTask, number> = { classification: 0.2, regression: 0.1 };

export function comparePerformance(
  reference: Record<string, number>,
  current: Record<string, number>,
  task: PerformanceTask,
): PerformanceDrift {
  const rel = RELATIVE_TOLERANCE[task];
  const checks = Object.keys(reference)
    .filter((m) => m in current && Number.isFinite(reference[m]) && Number.isFinite(current[m]))
    .map((metric) => {
      const ref = reference[metric];
      const cur = current[metric];
      const tolerance = Math.max(rel * Math.abs(ref), 1e-12);
      return { metric, reference: ref, current: cur, tolerance, passed: Math.abs(cur - ref) <= tolerance };
    });
  return { task, checks, drifted: checks.some((c) => !c.passed) };
}

/** Accuracy, and precision/recall/F1 for `positive` (binary) or macro-averaged over labels. */
export function classificationMetrics(
  truth: (string | null)[],
  predicted: (string | null)[],
  positive?: string,
): Record<string, number> {
  const pairs: [string, string][] = [];
  for (let i = 0; i < truth.length; i++)
    if (truth[i] !== null && predicted[i] !== null) pairs.push([truth[i]!, predicted[i]!]);
  const labels = positive !== undefined ? [positive] : [...new Set(pairs.flatMap(([t, p]) => [t, p]))].sort();
  const per = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [t, p] of pairs) {
      if (p === label && t === label) tp++;
      else if (p === label) fp++;
      else if (t === label) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
  });
  const mean = (k: 'precision' | 'recall' | 'f1') => per.reduce((a, b) => a + b[k], 0) / per.length;
  return {
    accuracy: pairs.length ? pairs.filter(([t, p]) => t === p).length / pairs.length : NaN,
    precision: mean('precision'),
    recall: mean('recall'),
    f1: mean('f1'),
  };
}

/** MAE, RMSE, MAPE, R², mean error (pred − truth) and the largest absolute error. */
export function regressionMetrics(truth: Float64Array, predicted: Float64Array): Record<string, number> {
  let n = 0;
  let abs = 0;
  let sq = 0;
  let ape = 0;
  let err = 0;
  let maxAbs = 0;
  let sumT = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
    n++;
    const e = p - t;
    abs += Math.abs(e);
    sq += e * e;
    ape += t !== 0 ? Math.abs(e / t) : 0;
    err += e;
    maxAbs = Math.max(maxAbs, Math.abs(e));
    sumT += t;
  }
  const meanT = sumT / n;
  let ssTot = 0;
  for (let i = 0; i < truth.length; i++)
    if (Number.isFinite(truth[i]) && Number.isFinite(predicted[i])) ssTot += (truth[i] - meanT) ** 2;
  return {
    mae: abs / n,
    rmse: Math.sqrt(sq / n),
    mape: (100 * ape) / n,
    r2: 1 - sq / ssTot,
    mean_error: err / n,
    abs_max_error: maxAbs,
  };
}
