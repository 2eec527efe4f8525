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

/** Puts the k-th smallest value at a[k], smaller ones before it, larger after (Hoare quickselect, in place). */
function selectInPlace(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * numpy's default (linear) percentiles, by selection rather than a full sort (as numpy partitions). `qs` ascending;
 * `values` is reordered.
 */
export function quantiles(values: Float64Array, qs: number[]): number[] {
  const n = values.length;
  const out: number[] = [];
  let from = 0;
  for (const q of qs) {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    selectInPlace(values, lo, from, n - 1);
    let next = values[lo];
    if (lo + 1 < n && pos > lo) {
      // the next order statistic is the minimum of what lies above lo
      let m = Infinity;
      for (let i = lo + 1; i < n; i++) if (values[i] < m) m = values[i];
      next = m;
    }
    out.push(values[lo] + (next - values[lo]) * (pos - lo));
    from = lo;
  }
  return out;
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
  const [min, p05, p25, median, p75, p95, max] = quantiles(r.slice(), [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1]);
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
    p05,
    p25,
    median,
    p75,
    p95,
    max,
    histogram: { edges, counts },
    sample: { actual, predicted },
  };
}
