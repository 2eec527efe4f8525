/** Grid search: every combination of the discrete dimensions, the last dimension varying fastest. */
import { MlopsError } from '../errors';
import { isActive } from './space';
import type { Dimension, SearchSpace, TrialParams } from './types';

/** Beyond this many combinations a grid must be capped with `trials` (or searched with random or tpe). */
export const MAX_GRID_POINTS = 100_000;

function levels(dimension: Dimension): unknown[] {
  if (dimension.kind === 'categorical') return dimension.choices;
  if (dimension.kind === 'float') {
    throw new MlopsError(
      `a grid cannot enumerate the float range of '${dimension.name}'`,
      'bad-input',
      'Use values: [...] or int: [low, high] for a grid, or method: random or tpe.',
    );
  }
  const out: number[] = [];
  for (let v = dimension.low; v <= dimension.high; v++) out.push(v);
  return out;
}

/** The grid's size before conditions drop combinations that differ only in inactive params. */
export function gridSize(space: SearchSpace): number {
  return space.dimensions.reduce((n, d) => n * levels(d).length, 1);
}

/** Every distinct grid point, at most `cap` of them. */
export function gridPoints(space: SearchSpace, cap = MAX_GRID_POINTS): TrialParams[] {
  const lists = space.dimensions.map(levels);
  const size = lists.reduce((n, l) => n * l.length, 1);
  if (size > MAX_GRID_POINTS && cap >= MAX_GRID_POINTS) {
    throw new MlopsError(
      `the grid has ${size} combinations, more than ${MAX_GRID_POINTS}`,
      'bad-input',
      'Set sweep.trials (or --trials) to cap it, or use method: random or tpe.',
    );
  }
  const seen = new Set<string>();
  const points: TrialParams[] = [];
  for (let index = 0; index < size && points.length < cap; index++) {
    const params: TrialParams = {};
    let rest = index;
    const digits: number[] = new Array(lists.length);
    for (let d = lists.length - 1; d >= 0; d--) {
      digits[d] = rest % lists[d].length;
      rest = Math.floor(rest / lists[d].length);
    }
    space.dimensions.forEach((dimension, d) => {
      if (isActive(space, dimension.name, params)) params[dimension.name] = lists[d][digits[d]];
    });
    const key = JSON.stringify(params);
    if (seen.has(key)) continue;
    seen.add(key);
    points.push(params);
  }
  return points;
}
