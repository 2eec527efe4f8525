import type { StatTest } from '../statTest';
import { histCount, sturgesEdges } from '../binning';
import { unionKeys } from '../sample';

/**
 * Hellinger distance (docs/drift-spec.md §4.9): H = √(1 − clip(BC, 0, 1)). Categorical BC = Σ √(r_k·c_k); numerical BC from
 * densities over Sturges bins of the distinct values of R ∪ C. Drift when ≥ t.
 */
export const hellinger: StatTest = {
  id: 'hellinger',
  label: 'Hellinger distance',
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  isDrift: (d, t) => d >= t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur, type) {
    let bc = 0;
    if (type === 'numerical' && ref.sorted && cur.sorted) {
      const r = ref.sorted;
      const c = cur.sorted;
      const distinct = unionKeys(ref, cur).length;
      const lo = Math.min(r[0], c[0]);
      const hi = Math.max(r[r.length - 1], c[c.length - 1]);
      const edges = sturgesEdges(lo, hi, distinct, ref.integerTyped && cur.integerTyped);
      const hr = histCount(r, edges);
      const hc = histCount(c, edges);
      const nb = edges.length - 1;
      const w = (edges[nb] - edges[0]) / nb;
      const sr = hr.reduce((a, b) => a + b, 0);
      const sc = hc.reduce((a, b) => a + b, 0);
      let s = 0;
      for (let i = 0; i < nb; i++) {
        const db = edges[i + 1] - edges[i];
        s += Math.sqrt((hr[i] / db / sr) * (hc[i] / db / sc));
      }
      bc = s * w;
    } else {
      const rc = ref.counts();
      const cc = cur.counts();
      for (const k of unionKeys(ref, cur)) bc += Math.sqrt(((rc.get(k) ?? 0) / ref.n) * ((cc.get(k) ?? 0) / cur.n));
    }
    return { score: Math.sqrt(1 - Math.min(1, Math.max(0, bc))) };
  },
};
