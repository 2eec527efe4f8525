import type { StatTest } from '../statTest';
import { accurateSum } from '../binning';

/**
 * Normed Wasserstein distance (docs/drift-spec.md §4.4): W1(R, C) / max(σ_R, 0.001), σ_R the population standard deviation of the
 * reference. Drift when d ≥ t.
 */
export const wasserstein: StatTest = {
  id: 'wasserstein',
  label: 'Wasserstein distance (normed)',
  scoreKind: 'distance',
  defaultThreshold: 0.1,
  isDrift: (d, t) => d >= t,
  accepts: ['numerical'],
  compute(ref, cur) {
    const w1 = wassersteinDistance(ref.sorted!, cur.sorted!);
    return { score: w1 / Math.max(populationStd(ref.sorted!), 0.001), statistic: w1 };
  },
};

/** scipy.stats.wasserstein_distance on sorted samples: Σ (v_{i+1} − v_i)·|F_R(v_i) − F_C(v_i)| over merged values. */
export function wassersteinDistance(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let sum = 0;
  let comp = 0;
  let prev = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i] <= y[j]) ? x[i] : y[j];
    if (v !== prev) {
      const term = (v - prev) * Math.abs(i / n1 - j / n2);
      const t = sum + term;
      comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
      sum = t;
      prev = v;
    }
    while (i < n1 && x[i] <= v) i++;
    while (j < n2 && y[j] <= v) j++;
  }
  return sum + comp;
}

/** NumPy `std` with ddof = 0 (two passes, compensated sums). */
export function populationStd(values: Float64Array): number {
  const mean = accurateSum(values) / values.length;
  let sum = 0;
  let comp = 0;
  for (let k = 0; k < values.length; k++) {
    const term = (values[k] - mean) * (values[k] - mean);
    const t = sum + term;
    comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return Math.sqrt((sum + comp) / values.length);
}
