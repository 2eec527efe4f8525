import type { StatTest } from '../statTest';
import { binnedShares } from '../binning';
import { relEntrSum } from './entropy';
import { normalise } from './jensenshannon';

/** KL(reference‖current) in nats (docs/drift-spec.md §4.8) on smoothed shares renormalised to 1 (SciPy `entropy`). Drift when ≥ t. */
export const klDiv: StatTest = {
  id: 'kl_div',
  label: 'Kullback-Leibler divergence',
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  isDrift: (d, t) => d >= t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur, type) {
    const { ref: r, cur: c } = binnedShares(ref, cur, type === 'numerical', true);
    return { score: relEntrSum(normalise(r), normalise(c)) };
  },
};
