/**
 * Param importance as the share of the metric's variance explained by each param alone: the correlation ratio η²
 * (between-group variance / total variance), numeric params grouped into up to 5 quantile bins (on their log scale
 * for log dimensions), categorical ones by value. It is the first-order (main-effect) term of an fANOVA
 * decomposition estimated from the trials themselves, without a surrogate model; interactions are not counted.
 */
import { sameValue } from './space';
import type { Dimension } from './types';

export interface Importance {
  param: string;
  /** η² in [0, 1]. */
  eta2: number;
  /** η² normalised over the params, summing to 1 (0 for all when none explains anything). */
  share: number;
}

export const IMPORTANCE_METHOD = 'main-effect variance share (η², fANOVA first-order term, binned)';

function groups(d: Dimension, values: unknown[]): number[] {
  if (d.kind === 'categorical') return values.map((v) => d.choices.findIndex((c) => sameValue(c, v)));
  const xs = values.map((v) => (d.log ? Math.log(v as number) : (v as number)));
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const bins = Math.min(5, distinct.length);
  const cuts = Array.from({ length: bins - 1 }, (_, i) => distinct[Math.floor(((i + 1) * distinct.length) / bins)]);
  return xs.map((x) => cuts.filter((c) => x >= c).length);
}

export function paramImportance(
  dimensions: Dimension[],
  trials: Array<{ params: Record<string, unknown>; value: number }>,
): Importance[] {
  const rows = trials.filter((t) => Number.isFinite(t.value));
  const out = dimensions.map((d) => {
    const present = rows.filter((t) => d.name in t.params);
    if (present.length < 3) return { param: d.name, eta2: 0, share: 0 };
    const ys = present.map((t) => t.value);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    const total = ys.reduce((a, y) => a + (y - mean) ** 2, 0);
    if (total === 0) return { param: d.name, eta2: 0, share: 0 };
    const g = groups(
      d,
      present.map((t) => t.params[d.name]),
    );
    const sums = new Map<number, { n: number; s: number }>();
    g.forEach((k, i) => {
      const e = sums.get(k) ?? { n: 0, s: 0 };
      e.n++;
      e.s += ys[i];
      sums.set(k, e);
    });
    let between = 0;
    for (const { n, s } of sums.values()) between += n * (s / n - mean) ** 2;
    return { param: d.name, eta2: between / total, share: 0 };
  });
  const sum = out.reduce((a, o) => a + o.eta2, 0);
  for (const o of out) o.share = sum > 0 ? o.eta2 / sum : 0;
  return out;
}
