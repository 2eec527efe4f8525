/** Order statistics and moments of one numeric column (NaN = missing; ±Infinity counted apart). */
export interface NumericSummary {
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof = 1), as pandas' describe(). */
  std: number | null;
  quantiles: { p: number; value: number }[];
  zeros: number;
  infinite: number;
  distinct: number;
  histogram: { edges: number[]; counts: number[] };
  /** Most frequent values when there are few distinct ones (≤ 50), else []. */
  top: { value: number; count: number }[];
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

export function summarizeNumbers(values: Float64Array): NumericSummary {
  const finite = new Float64Array(values.length);
  let n = 0;
  let infinite = 0;
  let zeros = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (v === Infinity || v === -Infinity) {
      infinite++;
      continue;
    }
    if (v === 0) zeros++;
    finite[n++] = v;
    sum += v;
  }
  const sorted = finite.subarray(0, n).sort();
  if (n === 0)
    return {
      min: null,
      max: null,
      mean: null,
      std: null,
      quantiles: [],
      zeros,
      infinite,
      distinct: 0,
      histogram: { edges: [], counts: [] },
      top: [],
    };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
  const { distinct, top } = distinctAndTop(sorted);
  return {
    min: sorted[0],
    max: sorted[n - 1],
    mean,
    std: n > 1 ? Math.sqrt(ss / (n - 1)) : null,
    quantiles: QUANTILES.map((p) => ({ p, value: quantileSorted(sorted, p) })),
    zeros,
    infinite,
    distinct,
    histogram: histogram(sorted),
    top,
  };
}

/** numpy.quantile's default (linear interpolation between order statistics). */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function distinctAndTop(sorted: Float64Array): { distinct: number; top: { value: number; count: number }[] } {
  const runs: { value: number; count: number }[] = [];
  let distinct = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    distinct++;
    if (runs.length <= 50) runs.push({ value: sorted[i], count: j - i });
    i = j;
  }
  if (distinct > 50) return { distinct, top: [] };
  return { distinct, top: runs.sort((a, b) => b.count - a.count || a.value - b.value).slice(0, 10) };
}

/** Equal-width bins: Sturges' count clamped to [10, 60] (one bin for constant data). */
function histogram(sorted: Float64Array): { edges: number[]; counts: number[] } {
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (lo === hi) return { edges: [lo - 0.5, lo + 0.5], counts: [sorted.length] };
  const nb = Math.min(60, Math.max(10, Math.ceil(Math.log2(sorted.length) + 1)));
  const step = (hi - lo) / nb;
  const edges = Array.from({ length: nb + 1 }, (_, i) => (i === nb ? hi : lo + i * step));
  const counts = new Array<number>(nb).fill(0);
  let bin = 0;
  for (let i = 0; i < sorted.length; i++) {
    while (bin < nb - 1 && sorted[i] >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  return { edges, counts };
}
