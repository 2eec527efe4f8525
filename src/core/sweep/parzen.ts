/**
 * Parzen estimators for TPE (Bergstra et al. 2011): per dimension, one kernel per observation plus a wide prior
 * kernel. Numeric kernels are truncated normals whose sigma is the larger gap to the neighbouring observations (the
 * bounds standing in at the ends), clipped to [range / min(100, kernels + 1), range] — the "magic clip" of
 * hyperopt/Optuna; the prior sits at the middle with sigma = range. A categorical kernel puts its observation's choice
 * first and smooths the rest by priorWeight / kernels; the prior kernel is uniform. Kernel weights are shared by every
 * dimension, so a mixture over several dimensions is the product of their kernels, component by component.
 */
import type { Prng } from './prng';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

export function logSumExp(values: number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/**
 * Weights for observations ordered oldest first: flat for the newest 25, a linear ramp down for older ones
 * (hyperopt's `linear_forgetting`).
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array(n).fill(1);
  const ramp = Array.from({ length: n - 25 }, (_, i) => (n - 25 === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (n - 26)));
  return [...ramp, ...new Array(25).fill(1)];
}

/** Log weights of the n observation kernels then the prior, normalised. */
export function kernelLogWeights(n: number, priorWeight = 1): number[] {
  const raw = [...observationWeights(n), priorWeight];
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => Math.log(w / total));
}

export interface NumericKernels {
  kind: 'numeric';
  low: number;
  high: number;
  mus: number[];
  sigmas: number[];
  logMass: number[];
}

export interface CategoricalKernels {
  kind: 'categorical';
  /** One probability row per kernel (observations, then the prior). */
  rows: number[][];
}

export type Kernels = NumericKernels | CategoricalKernels;

/** Kernels over `values` (in the estimator's own scale, e.g. log values) within [low, high], the prior last. */
export function numericKernels(values: number[], low: number, high: number): NumericKernels {
  const range = high - low;
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const sorted = [low, ...order.map((i) => values[i]), high];
  const sortedSigmas = order.map((_, k) => Math.max(sorted[k + 1] - sorted[k], sorted[k + 2] - sorted[k + 1]));
  if (sorted.length >= 4) {
    sortedSigmas[0] = sorted[2] - sorted[1];
    sortedSigmas[sortedSigmas.length - 1] = sorted[sorted.length - 2] - sorted[sorted.length - 3];
  }
  const minSigma = range / Math.min(100, 1 + values.length + 1);
  const sigmas = new Array<number>(values.length + 1);
  order.forEach((original, k) => (sigmas[original] = Math.min(range, Math.max(minSigma, sortedSigmas[k]))));
  sigmas[values.length] = range;
  const mus = [...values, (low + high) / 2];
  const logMass = mus.map((mu, i) =>
    Math.log(Math.max(1e-300, normalCdf((high - mu) / sigmas[i]) - normalCdf((low - mu) / sigmas[i]))),
  );
  return { kind: 'numeric', low, high, mus, sigmas, logMass };
}

export function categoricalKernels(indices: number[], choices: number, priorWeight = 1): CategoricalKernels {
  const epsilon = priorWeight / (indices.length + 1);
  const rows = indices.map((c) =>
    Array.from({ length: choices }, (_, k) => ((k === c ? 1 : 0) + epsilon) / (1 + choices * epsilon)),
  );
  rows.push(new Array(choices).fill(1 / choices));
  return { kind: 'categorical', rows };
}

/** log of kernel `k`'s density at x (a value on the estimator's scale, or a choice index). */
export function kernelLogPdf(kernels: Kernels, k: number, x: number): number {
  if (kernels.kind === 'categorical') return Math.log(kernels.rows[k][x]);
  const z = (x - kernels.mus[k]) / kernels.sigmas[k];
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(kernels.sigmas[k]) - kernels.logMass[k];
}

/** A draw from kernel `k`: truncated to [low, high] by rejection (its mean after 100 misses), or a choice index. */
export function kernelSample(kernels: Kernels, k: number, rng: Prng): number {
  if (kernels.kind === 'categorical') return pick(kernels.rows[k], rng);
  for (let tries = 0; tries < 100; tries++) {
    const x = kernels.mus[k] + kernels.sigmas[k] * rng.normal();
    if (x >= kernels.low && x <= kernels.high) return x;
  }
  return Math.min(kernels.high, Math.max(kernels.low, kernels.mus[k]));
}

/** An index drawn with the given probabilities. */
export function pick(probabilities: number[], rng: Prng): number {
  let u = rng.next();
  for (let i = 0; i < probabilities.length; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

/** log of the mixture's density at the point `xs` (one value per dimension). */
export function mixtureLogPdf(dims: Kernels[], logWeights: number[], xs: number[]): number {
  return logSumExp(logWeights.map((lw, k) => dims.reduce((sum, d, j) => sum + kernelLogPdf(d, k, xs[j]), lw)));
}
