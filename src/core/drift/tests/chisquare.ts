import gammainc from '@stdlib/math-base-special-gammainc';
import type { StatTest } from '../statTest';
import { unionKeys } from '../sample';

/**
 * Evidently's chi-square: goodness of fit of the current counts against reference proportions (docs/drift-spec.md §4.2).
 * E_k = countR(k)·nC/nR, O_k = countC(k), X² = Σ (O−E)²/E, df = keys − 1, p = Q(df/2, X²/2). Drift when p < t.
 */
export const chisquare: StatTest = {
  id: 'chisquare',
  label: 'chi-square p_value',
  scoreKind: 'p_value',
  defaultThreshold: 0.05,
  isDrift: (p, t) => p < t,
  accepts: ['numerical', 'categorical'],
  compute(ref, cur) {
    const keys = unionKeys(ref, cur);
    const rc = ref.counts();
    const cc = cur.counts();
    const kNorm = cur.n / ref.n;
    let x2 = 0;
    for (const k of keys) {
      const expected = (rc.get(k) ?? 0) * kNorm;
      const observed = cc.get(k) ?? 0;
      x2 += expected === 0 ? Infinity : ((observed - expected) * (observed - expected)) / expected;
    }
    const df = keys.length - 1;
    if (df < 1) return { score: NaN, statistic: x2 };
    return { score: chi2Sf(x2, df), statistic: x2 };
  },
};

export function chi2Sf(x2: number, df: number): number {
  if (x2 === Infinity) return 0;
  if (x2 <= 0) return 1;
  return gammainc(x2 / 2, df / 2, true, true);
}
