import { histCount, sturgesEdges } from './binning';
import type { ColumnOverlay, EcdfCurve } from './reportTypes';
import type { ColumnSample } from './sample';
import { compareKeys, unionKeys } from './sample';

const MAX_BARS = 20;
const ECDF_POINTS = 200;

/** Histogram (numbers, Sturges bins over both samples) or bar chart (categories, top 20 + other), as shares. */
export function overlayFor(ref: ColumnSample, cur: ColumnSample, numerical: boolean): ColumnOverlay {
  if (numerical && ref.sorted && cur.sorted) {
    const r = ref.sorted;
    const c = cur.sorted;
    const edges = sturgesEdges(
      Math.min(r[0], c[0]),
      Math.max(r[r.length - 1], c[c.length - 1]),
      r.length + c.length,
      false,
    );
    const share = (counts: Float64Array, n: number) => Array.from(counts, (v) => v / n);
    return {
      kind: 'histogram',
      edges: Array.from(edges),
      reference: share(histCount(r, edges), ref.n),
      current: share(histCount(c, edges), cur.n),
    };
  }
  const rc = ref.counts();
  const cc = cur.counts();
  const keys = unionKeys(ref, cur).sort(
    (a, b) => (rc.get(b) ?? 0) + (cc.get(b) ?? 0) - ((rc.get(a) ?? 0) + (cc.get(a) ?? 0)) || compareKeys(a, b),
  );
  const shown = keys.slice(0, MAX_BARS);
  const reference = shown.map((k) => (rc.get(k) ?? 0) / ref.n);
  const current = shown.map((k) => (cc.get(k) ?? 0) / cur.n);
  return {
    kind: 'bars',
    keys: shown.map(String),
    reference,
    current,
    otherReference: Math.max(0, 1 - reference.reduce((a, b) => a + b, 0)),
    otherCurrent: Math.max(0, 1 - current.reduce((a, b) => a + b, 0)),
  };
}

/** Both ECDFs on a common grid of at most 200 quantile points of the merged samples. */
export function ecdfFor(ref: ColumnSample, cur: ColumnSample): EcdfCurve | null {
  const r = ref.sorted;
  const c = cur.sorted;
  if (!r || !c || r.length === 0 || c.length === 0) return null;
  const xs = new Set<number>();
  for (let k = 0; k < ECDF_POINTS / 2; k++) {
    xs.add(r[Math.floor((k * (r.length - 1)) / (ECDF_POINTS / 2 - 1))]);
    xs.add(c[Math.floor((k * (c.length - 1)) / (ECDF_POINTS / 2 - 1))]);
  }
  const x = [...xs].sort((a, b) => a - b);
  const at = (s: Float64Array, v: number) => {
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo / s.length;
  };
  return { x, reference: x.map((v) => at(r, v)), current: x.map((v) => at(c, v)) };
}
