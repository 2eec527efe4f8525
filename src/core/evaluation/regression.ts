/** Regression metrics (scikit-learn): mae, rmse, r2 (force_finite), mape, and a residual summary for the panel. */
import type { ResidualSummary } from './types';

export interface RegressionScores {
  mae: number;
  rmse: number;
  r2: number;
  /** NaN when a target is zero: scikit-learn divides by max(|y|, eps) and returns ~1e15, which means nothing. */
  mape: number;
  zeroTargets: number;
}

export function regressionScores(y: Float64Array, pred: Float64Array): RegressionScores {
  const n = y.length;
  let abs = 0;
  let sq = 0;
  let mean = 0;
  let ape = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i] - y[i];
    abs += Math.abs(e);
    sq += e * e;
    mean += y[i];
    if (y[i] === 0) zeros++;
    else ape += Math.abs(e) / Math.abs(y[i]);
  }
  mean /= n;
  let tot = 0;
  for (let i = 0; i < n; i++) tot += (y[i] - mean) * (y[i] - mean);
  const r2 = n < 2 ? NaN : tot === 0 ? (sq === 0 ? 1 : 0) : 1 - sq / tot;
  return { mae: abs / n, rmse: Math.sqrt(sq / n), r2, mape: zeros > 0 ? NaN : ape / n, zeroTargets: zeros };
}

/** numpy's default (linear) percentile on sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function residualSummary(y: Float64Array, pred: Float64Array, bins = 40, sampleSize = 2000): ResidualSummary {
  const n = y.length;
  const r = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    r[i] = y[i] - pred[i];
    mean += r[i];
  }
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (r[i] - mean) * (r[i] - mean);
  const sorted = r.slice().sort();
  const min = sorted[0];
  const max = sorted[n - 1];
  const width = max > min ? (max - min) / bins : 1;
  const counts = new Array<number>(max > min ? bins : 1).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(counts.length - 1, Math.floor((r[i] - min) / width))]++;
  const edges = Array.from({ length: counts.length + 1 }, (_, i) => (i === counts.length ? (max > min ? max : min + 1) : min + i * width));
  const every = Math.max(1, Math.ceil(n / sampleSize));
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let i = 0; i < n; i += every) {
    actual.push(y[i]);
    predicted.push(pred[i]);
  }
  return {
    mean,
    std: Math.sqrt(v / n),
    min,
    p05: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
    max,
    histogram: { edges, counts },
    sample: { actual, predicted },
  };
}
