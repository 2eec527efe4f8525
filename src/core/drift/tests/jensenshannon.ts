import type { StatTest } from '../statTest';
import { binnedShares } from '../binning';
import { relEntrSum } from './entropy';

/**
 * Jensen–Shannon distance in nats (docs/drift-spec.md §4.6), on §4.5 shares without smoothing, each normalised to sum 1:
 * √((Σ r·ln(r/M) + Σ c·ln(c/M))/2), M = (r + c)/2. Range [0, √ln2]. Drift when d ≥ t.
 */
export const jensenshannon: StatTest = {
  id: 'jensenshannon',
  label: 'Jensen-Shannon distance',
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  isDrift: (d, t) => d >= t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur, type) {
    const { ref: r, cur: c } = binnedShares(ref, cur, type === 'numerical', false);
    return { score: jensenShannon(r, c) };
  },
};

export function jensenShannon(p0: Float64Array, q0: Float64Array): number {
  const p = normalise(p0);
  const q = normalise(q0);
  const m = p.map((v, i) => (v + q[i]) / 2);
  return Math.sqrt((relEntrSum(p, m) + relEntrSum(q, m)) / 2);
}

export function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const x of v) s += x;
  return v.map((x) => x / s);
}
