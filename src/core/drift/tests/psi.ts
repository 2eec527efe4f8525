import type { StatTest } from '../statTest';
import { binnedShares } from '../binning';

/** Population Stability Index (docs/drift-spec.md §4.7): Σ (r − c)·ln(r/c) on smoothed, non-renormalised shares. Drift when ≥ t. */
export const psi: StatTest = {
  id: 'psi',
  label: 'PSI',
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  isDrift: (d, t) => d >= t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur, type) {
    const { ref: r, cur: c } = binnedShares(ref, cur, type === 'numerical', true);
    let s = 0;
    for (let i = 0; i < r.length; i++) s += (r[i] - c[i]) * Math.log(r[i] / c[i]);
    return { score: s };
  },
};
