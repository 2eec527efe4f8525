import type { ColumnSample } from './sample';
import { unionKeys } from './sample';

/** `numpy.histogram_bin_edges(x, 'sturges')` over values given by their min, max and count. */
export function sturgesEdges(lo: number, hi: number, size: number, integerTyped: boolean): Float64Array {
  let first = lo;
  let last = hi;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let width = (hi - lo) / (Math.log2(size) + 1);
  let nb: number;
  if (width === 0) nb = 1;
  else {
    if (integerTyped && width < 1) width = 1;
    nb = Math.ceil((last - first) / width);
  }
  const step = (last - first) / nb;
  const edges = new Float64Array(nb + 1);
  for (let i = 0; i <= nb; i++) edges[i] = i * step + first;
  edges[nb] = last;
  return edges;
}

/** `numpy.histogram(sorted, edges)` counts: [e_i, e_{i+1}) with the last bin closed; outside values ignored. */
export function histCount(sorted: Float64Array, edges: Float64Array): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  let prev = lowerBound(sorted, edges[0]);
  for (let i = 0; i < nb; i++) {
    const next = i === nb - 1 ? upperBound(sorted, edges[nb]) : lowerBound(sorted, edges[i + 1]);
    counts[i] = next - prev;
    prev = next;
  }
  return counts;
}

export function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface BinnedShares {
  /** Bin labels: numeric edges (length bins+1) or category keys (length bins). */
  edges: Float64Array | null;
  keys: (string | number)[] | null;
  ref: Float64Array;
  cur: Float64Array;
}

/**
 * Evidently's `get_binned_data` (docs/drift-spec.md §4.5): Sturges bins over the combined data for numeric columns with more than
 * 20 distinct reference values, one bin per key otherwise. Shares are counts / n.
 */
export function binnedShares(
  ref: ColumnSample,
  cur: ColumnSample,
  numerical: boolean,
  fillZeroes: boolean,
): BinnedShares {
  let result: BinnedShares;
  if (numerical && ref.sorted && cur.sorted && ref.distinct() > 20) {
    const r = ref.sorted;
    const c = cur.sorted;
    const lo = Math.min(r[0], c[0]);
    const hi = Math.max(r[r.length - 1], c[c.length - 1]);
    const edges = sturgesEdges(lo, hi, r.length + c.length, ref.integerTyped && cur.integerTyped);
    result = { edges, keys: null, ref: divide(histCount(r, edges), ref.n), cur: divide(histCount(c, edges), cur.n) };
  } else {
    const keys = unionKeys(ref, cur);
    const rc = ref.counts();
    const cc = cur.counts();
    result = {
      edges: null,
      keys,
      ref: Float64Array.from(keys, (k) => (rc.get(k) ?? 0) / ref.n),
      cur: Float64Array.from(keys, (k) => (cc.get(k) ?? 0) / cur.n),
    };
  }
  if (fillZeroes) {
    fillZeroShares(result.ref);
    fillZeroShares(result.cur);
  }
  return result;
}

function divide(counts: Float64Array, n: number): Float64Array {
  for (let i = 0; i < counts.length; i++) counts[i] /= n;
  return counts;
}

/** Zero smoothing (§4.5): zeros become min(nonzero)/1e6 when that minimum is ≤ 1e-4, else 1e-4; no renormalising. */
export function fillZeroShares(shares: Float64Array): void {
  let min = Infinity;
  for (const s of shares) if (s !== 0 && s < min) min = s;
  if (min === Infinity) return;
  const eps = min <= 1e-4 ? min / 1e6 : 1e-4;
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = eps;
}

/** Neumaier-compensated sum, so long sums keep the last digits NumPy's pairwise summation keeps. */
export function accurateSum(values: ArrayLike<number>): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + comp;
}
