import erfc from '@stdlib/math-base-special-erfc';
import type { StatTest } from '../statTest';
import { unionKeys } from '../sample';

/**
 * Two-proportion Z-test (docs/drift-spec.md §4.3): x = 0 for the smallest key, 1 otherwise; z = (p1 − p2)/√(P(1−P)(1/nR + 1/nC)),
 * p = erfc(|z|/√2). Both samples holding the same single value give p = 1. Drift when p < t.
 */
export const z: StatTest = {
  id: 'z',
  label: 'Z-test p_value',
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  isDrift: (p, t) => p < t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur) {
    const keys = unionKeys(ref, cur);
    if (keys.length === 1) return { score: 1, statistic: 0 };
    const first = keys[0];
    const rc = ref.counts();
    const cc = cur.counts();
    const p1 = (ref.n - (rc.get(first) ?? 0)) / ref.n;
    const p2 = (cur.n - (cc.get(first) ?? 0)) / cur.n;
    const pooled = (p1 * ref.n + p2 * cur.n) / (ref.n + cur.n);
    const stat = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / ref.n + 1 / cur.n));
    if (Number.isNaN(stat)) return { score: 1, statistic: 0 };
    return { score: erfc(Math.abs(stat) / Math.SQRT2), statistic: stat };
  },
};
