/**
 * TPE (Bergstra et al. 2011): after `startupTrials` random trials, split the observations by a quantile into good
 * (l) and bad (g), fit a Parzen estimator per dimension to each, draw `candidates` values from l and keep the one
 * with the highest l(x)/g(x), which maximises expected improvement. Dimensions are sampled independently, as in
 * hyperopt and Optuna's default; a conditional param is fitted on the trials where it was active.
 */
import type { Goal } from '../spec/types';
import type { Prng } from './prng';
import { categoricalParzen, categoricalSample, numericLogPdf, numericParzen, numericSample } from './parzen';
import { clampInt, sampleDimension } from './randomSampler';
import { isActive, sameValue } from './space';
import type { Dimension, Observation, SearchSpace, TrialParams } from './types';

export interface TpeOptions {
  /** Random trials before the model is used. */
  startupTrials: number;
  /** Candidates drawn from l(x) per dimension. */
  candidates: number;
  /** Size of the good set for n observations. */
  gamma: (n: number) => number;
  priorWeight: number;
}

export const DEFAULT_TPE: TpeOptions = {
  startupTrials: 10,
  candidates: 24,
  gamma: (n) => Math.min(Math.ceil(0.1 * n), 25),
  priorWeight: 1,
};

/** The estimator's scale of a numeric dimension: log for log dimensions, ±0.5 around integer bounds. */
function scaleOf(d: Extract<Dimension, { kind: 'float' | 'int' }>) {
  const pad = d.kind === 'int' ? 0.5 : 0;
  const low = d.low - pad;
  const high = d.high + pad;
  return d.log
    ? { low: Math.log(low), high: Math.log(high), to: (x: number) => Math.log(x), from: (y: number) => Math.exp(y) }
    : { low, high, to: (x: number) => x, from: (y: number) => y };
}

function suggestDimension(d: Dimension, good: unknown[], bad: unknown[], rng: Prng, options: TpeOptions): unknown {
  if (d.kind === 'categorical') {
    const index = (v: unknown) => d.choices.findIndex((c) => sameValue(c, v));
    const l = categoricalParzen(good.map(index).filter((i) => i >= 0), d.choices.length, options.priorWeight);
    const g = categoricalParzen(bad.map(index).filter((i) => i >= 0), d.choices.length, options.priorWeight);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < options.candidates; i++) {
      const c = categoricalSample(l, rng);
      const score = Math.log(l[c]) - Math.log(g[c]);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return d.choices[best];
  }
  const scale = scaleOf(d);
  const l = numericParzen(good.map((v) => scale.to(v as number)), scale.low, scale.high, options.priorWeight);
  const g = numericParzen(bad.map((v) => scale.to(v as number)), scale.low, scale.high, options.priorWeight);
  let best = NaN;
  let bestScore = -Infinity;
  for (let i = 0; i < options.candidates; i++) {
    let y = numericSample(l, rng);
    if (d.kind === 'int') y = scale.to(clampInt(scale.from(y), d.low, d.high));
    const score = numericLogPdf(l, y) - numericLogPdf(g, y);
    if (score > bestScore) [best, bestScore] = [y, score];
  }
  const x = scale.from(best);
  return d.kind === 'int' ? clampInt(x, d.low, d.high) : Math.min(d.high, Math.max(d.low, x));
}

/** The next trial's params given the finished trials (`value` in the goal's direction). */
export function suggestTpe(space: SearchSpace, history: Observation[], goal: Goal, rng: Prng, options: TpeOptions = DEFAULT_TPE): TrialParams {
  const finite = history.filter((o) => Number.isFinite(o.value));
  const params: TrialParams = {};
  for (const d of space.dimensions) {
    if (!isActive(space, d.name, params)) continue;
    const relevant = finite.filter((o) => d.name in o.params);
    if (relevant.length < options.startupTrials) {
      params[d.name] = sampleDimension(d, rng);
      continue;
    }
    const ranked = relevant.map((o, i) => ({ o, i })).sort((a, b) => (goal === 'minimize' ? a.o.value - b.o.value : b.o.value - a.o.value) || a.i - b.i);
    const nGood = Math.max(1, options.gamma(relevant.length));
    const byAge = (list: typeof ranked) => list.sort((a, b) => a.i - b.i).map(({ o }) => o.params[d.name]);
    params[d.name] = suggestDimension(d, byAge(ranked.slice(0, nGood)), byAge(ranked.slice(nGood)), rng, options);
  }
  return params;
}
