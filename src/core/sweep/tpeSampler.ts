/**
 * TPE (Bergstra et al. 2011): after `startupTrials` random trials, split the finished trials by a quantile into good
 * (l) and bad (g), fit Parzen estimators to each, draw `candidates` points from l and keep the one with the highest
 * l(x)/g(x), which maximises expected improvement. The unconditional params are modelled jointly (each kernel is one
 * observation across every dimension, as Optuna's default multivariate TPE does), so interactions are kept; a
 * conditional param is modelled on its own, over the trials where it was active.
 */
import type { Goal } from '../spec/types';
import type { Prng } from './prng';
import {
  categoricalKernels,
  kernelLogWeights,
  kernelSample,
  mixtureLogPdf,
  numericKernels,
  pick,
  type Kernels,
} from './parzen';
import { clampInt, sampleDimension } from './randomSampler';
import { isActive, sameValue } from './space';
import type { Dimension, Observation, SearchSpace, TrialParams } from './types';

export interface TpeOptions {
  /** Random trials before the model is used. */
  startupTrials: number;
  /** Candidates drawn from l(x). */
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

/** How a dimension's values map onto the estimator's scale: log for log dimensions, ±0.5 around integer bounds. */
interface Codec {
  kernels(values: unknown[], priorWeight: number): Kernels;
  encode(value: unknown): number;
  /** Rounds a draw onto the values the dimension can take, still on the estimator's scale. */
  snap(x: number): number;
  decode(x: number): unknown;
}

function codecOf(d: Dimension): Codec {
  if (d.kind === 'categorical') {
    const encode = (v: unknown) =>
      Math.max(
        0,
        d.choices.findIndex((c) => sameValue(c, v)),
      );
    return {
      kernels: (values, priorWeight) => categoricalKernels(values.map(encode), d.choices.length, priorWeight),
      encode,
      snap: (x) => x,
      decode: (x) => d.choices[x],
    };
  }
  const pad = d.kind === 'int' ? 0.5 : 0;
  const to = d.log ? Math.log : (x: number) => x;
  const from = d.log ? Math.exp : (y: number) => y;
  const low = to(d.low - pad);
  const high = to(d.high + pad);
  const round = (x: number) => (d.kind === 'int' ? clampInt(x, d.low, d.high) : Math.min(d.high, Math.max(d.low, x)));
  return {
    kernels: (values) =>
      numericKernels(
        values.map((v) => to(v as number)),
        low,
        high,
      ),
    encode: (v) => to(v as number),
    snap: (y) => to(round(from(y))),
    decode: (y) => round(from(y)),
  };
}

/** The best of `options.candidates` draws from l over the dimensions `dims`, fitted to the good and bad params. */
function suggestJointly(
  dims: Dimension[],
  good: TrialParams[],
  bad: TrialParams[],
  rng: Prng,
  options: TpeOptions,
): TrialParams {
  const codecs = dims.map(codecOf);
  const fit = (set: TrialParams[]) => ({
    kernels: dims.map((d, j) =>
      codecs[j].kernels(
        set.map((p) => p[d.name]),
        options.priorWeight,
      ),
    ),
    logWeights: kernelLogWeights(set.length, options.priorWeight),
  });
  const l = fit(good);
  const g = fit(bad);
  const weights = l.logWeights.map(Math.exp);
  let best: number[] = [];
  let bestScore = -Infinity;
  for (let i = 0; i < options.candidates; i++) {
    const k = pick(weights, rng);
    const xs = l.kernels.map((kernels, j) => codecs[j].snap(kernelSample(kernels, k, rng)));
    const score = mixtureLogPdf(l.kernels, l.logWeights, xs) - mixtureLogPdf(g.kernels, g.logWeights, xs);
    if (score > bestScore || best.length === 0) [best, bestScore] = [xs, score];
  }
  return Object.fromEntries(dims.map((d, j) => [d.name, codecs[j].decode(best[j])]));
}

/** Good (best `gamma(n)` by value) and bad trials, each in trial order. */
function split(history: Observation[], goal: Goal, options: TpeOptions): { good: TrialParams[]; bad: TrialParams[] } {
  const ranked = history
    .map((o, i) => ({ o, i }))
    .sort((a, b) => (goal === 'minimize' ? a.o.value - b.o.value : b.o.value - a.o.value) || a.i - b.i);
  const nGood = Math.max(1, options.gamma(history.length));
  const inOrder = (list: typeof ranked) => list.sort((a, b) => a.i - b.i).map(({ o }) => o.params);
  return { good: inOrder(ranked.slice(0, nGood)), bad: inOrder(ranked.slice(nGood)) };
}

/** The next trial's params given the finished trials (`value` in the goal's direction). */
export function suggestTpe(
  space: SearchSpace,
  history: Observation[],
  goal: Goal,
  rng: Prng,
  options: TpeOptions = DEFAULT_TPE,
): TrialParams {
  const finite = history.filter((o) => Number.isFinite(o.value));
  const joint = space.dimensions.filter((d) => !space.conditions[d.name]);
  const params: TrialParams = {};
  if (finite.length < options.startupTrials) {
    for (const d of joint) params[d.name] = sampleDimension(d, rng);
  } else {
    const { good, bad } = split(finite, goal, options);
    Object.assign(params, suggestJointly(joint, good, bad, rng, options));
  }
  for (const d of space.dimensions.filter((x) => space.conditions[x.name])) {
    if (!isActive(space, d.name, params)) continue;
    const relevant = finite.filter((o) => d.name in o.params);
    if (relevant.length < options.startupTrials) {
      params[d.name] = sampleDimension(d, rng);
      continue;
    }
    const { good, bad } = split(relevant, goal, options);
    Object.assign(params, suggestJointly([d], good, bad, rng, options));
  }
  return params;
}
