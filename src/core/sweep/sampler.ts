/** One entry point for every method: the params of trial `number`, a pure function of the seed and the history. */
import type { Goal } from '../spec/types';
import { gridPoints } from './gridSampler';
import { createPrng } from './prng';
import { sampleRandom } from './randomSampler';
import { DEFAULT_TPE, suggestTpe, type TpeOptions } from './tpeSampler';
import type { Observation, SearchSpace, SweepMethod, TrialParams } from './types';

export interface ProposeInput {
  method: SweepMethod;
  space: SearchSpace;
  seed: number;
  /** 0-based trial number; each trial draws from its own stream of the seed. */
  number: number;
  /** Finished trials with a value, in trial order (TPE only). */
  history: Observation[];
  goal: Goal;
  tpe?: TpeOptions;
}

/** How many trials a sweep runs: the grid's size (capped by `trials`), or `trials`. */
export function plannedTrials(method: SweepMethod, space: SearchSpace, trials: number | undefined): number {
  if (method === 'grid') return gridPoints(space, trials ?? undefined).length;
  return trials ?? 20;
}

export function proposeTrial(input: ProposeInput, grid?: TrialParams[]): TrialParams {
  const rng = createPrng(input.seed, input.number);
  switch (input.method) {
    case 'grid': {
      const points = grid ?? gridPoints(input.space, input.number + 1);
      return { ...points[input.number] };
    }
    case 'random':
      return sampleRandom(input.space, rng);
    case 'tpe':
      return suggestTpe(input.space, input.history, input.goal, rng, input.tpe ?? DEFAULT_TPE);
  }
}
