/** Random search: every active param drawn independently, uniformly on its own scale. */
import type { Prng } from './prng';
import { isActive } from './space';
import type { Dimension, SearchSpace, TrialParams } from './types';

/** One value of `dimension`, uniform on its scale (log scale for log dimensions). */
export function sampleDimension(dimension: Dimension, rng: Prng): unknown {
  if (dimension.kind === 'categorical') return dimension.choices[rng.below(dimension.choices.length)];
  if (dimension.kind === 'float') {
    const { low, high } = dimension;
    const x = dimension.log
      ? Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)))
      : low + rng.next() * (high - low);
    return Math.min(high, Math.max(low, x));
  }
  const { low, high } = dimension;
  if (!dimension.log) return low + rng.below(high - low + 1);
  const a = Math.log(low - 0.5);
  const b = Math.log(high + 0.5);
  return clampInt(Math.round(Math.exp(a + rng.next() * (b - a))), low, high);
}

export function clampInt(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Math.round(x)));
}

export function sampleRandom(space: SearchSpace, rng: Prng): TrialParams {
  const params: TrialParams = {};
  for (const dimension of space.dimensions) {
    if (!isActive(space, dimension.name, params)) continue;
    params[dimension.name] = sampleDimension(dimension, rng);
  }
  return params;
}
