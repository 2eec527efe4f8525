/**
 * Parzen estimators for TPE (Bergstra et al. 2011), one per dimension: a weighted mixture of truncated normals over
 * the observed values plus a wide prior component (numeric), or smoothed weighted counts (categorical). Bandwidths
 * follow the neighbour-distance rule with the "magic clip" of hyperopt/Optuna.
 */
import type { Prng } from './prng';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** erf, Abramowitz & Stegun 7.1.26 refined by one Newton-free correction (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

function logSumExp(values: number[]): number {
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

export interface NumericParzen {
  low: number;
  high: number;
  mus: number[];
  sigmas: number[];
  weights: number[];
  logMass: number[];
}

/** A mixture over `values` (in the estimator's own scale, e.g. log values), within [low, high]. */
export function numericParzen(values: number[], low: number, high: number, priorWeight = 1): NumericParzen {
  const range = high - low;
  const observedWeights = observationWeights(values.length);
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const sorted = order.map((i) => values[i]);
  const sigmaSorted = sorted.map((mu, k) => {
    const left = k === 0 ? low : sorted[k - 1];
    const right = k === sorted.length - 1 ? high : sorted[k + 1];
    return Math.max(mu - left, right - mu);
  });
  if (sorted.length >= 2) {
    sigmaSorted[0] = sorted[1] - sorted[0];
    sigmaSorted[sorted.length - 1] = sorted[sorted.length - 1] - sorted[sorted.length - 2];
  }
  const minSigma = range / Math.min(100, 1 + values.length + 1);
  const sigmas = new Array<number>(values.length);
  order.forEach((original, k) => (sigmas[original] = Math.min(range, Math.max(minSigma, sigmaSorted[k]))));
  const mus = [...values, (low + high) / 2];
  const allSigmas = [...sigmas, range];
  const raw = [...observedWeights, priorWeight];
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / total);
  const logMass = mus.map((mu, i) => Math.log(Math.max(1e-300, normalCdf((high - mu) / allSigmas[i]) - normalCdf((low - mu) / allSigmas[i]))));
  return { low, high, mus, sigmas: allSigmas, weights, logMass };
}

export function numericLogPdf(p: NumericParzen, x: number): number {
  const terms = p.mus.map((mu, i) => {
    const z = (x - mu) / p.sigmas[i];
    return Math.log(p.weights[i]) - 0.5 * z * z - LOG_SQRT_2PI - Math.log(p.sigmas[i]) - p.logMass[i];
  });
  return logSumExp(terms);
}

function pickComponent(weights: number[], rng: Prng): number {
  let u = rng.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** A draw from the mixture, truncated to [low, high] by rejection (clipped after 100 tries). */
export function numericSample(p: NumericParzen, rng: Prng): number {
  const k = pickComponent(p.weights, rng);
  for (let tries = 0; tries < 100; tries++) {
    const x = p.mus[k] + p.sigmas[k] * rng.normal();
    if (x >= p.low && x <= p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, p.mus[k]));
}

/** Category probabilities: each observation's weight on its choice, smoothed by a uniform prior of `priorWeight`. */
export function categoricalParzen(indices: number[], choices: number, priorWeight = 1): number[] {
  const weights = observationWeights(indices.length);
  const probs = new Array<number>(choices).fill(priorWeight / choices);
  indices.forEach((c, i) => (probs[c] += weights[i]));
  const total = probs.reduce((a, b) => a + b, 0);
  return probs.map((p) => p / total);
}

export function categoricalSample(probs: number[], rng: Prng): number {
  return pickComponent(probs, rng);
}
