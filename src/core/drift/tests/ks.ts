import type { StatTest } from '../statTest';
import { ksTwoSample } from '../ks/ksTwoSample';

/** Two-sample Kolmogorov–Smirnov, SciPy `ks_2samp(method="auto")` (docs/drift-spec.md §4.1). Drift when p ≤ threshold. */
export const ks: StatTest = {
  id: 'ks',
  label: 'K-S p_value',
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  isDrift: (p, t) => p <= t,
  accepts: ['numerical'],
  compute(ref, cur) {
    const { statistic, pvalue } = ksTwoSample(ref.sorted!, cur.sorted!);
    return { score: pvalue, statistic };
  },
};
