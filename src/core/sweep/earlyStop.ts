/**
 * Early-stopping rules as pure functions over the trials' metric series. A trial is judged on points it has
 * logged; "earlier" trials are those with a lower trial number (median) or those that reached a rung before it (asha).
 */
import type { Goal } from '../spec/types';
import type { MetricPoint } from '../tracking/types';
import type { EarlyStopOptions, EarlyStopRule } from './types';

export interface TrialSeries {
  number: number;
  points: readonly MetricPoint[];
}

export interface StopDecision {
  stop: boolean;
  /** Why, in words, when `stop`. */
  reason: string | null;
  /** The step the decision was taken at. */
  step: number | null;
}

const KEEP: StopDecision = { stop: false, reason: null, step: null };

export const DEFAULT_EARLY_STOP: EarlyStopOptions = { rule: 'none', minSteps: 1, minTrials: 3, reductionFactor: 3 };

/** The options of a spec's `earlyStop` (a rule name or an object). */
export function earlyStopOptions(raw: EarlyStopRule | Partial<EarlyStopOptions> | undefined): EarlyStopOptions {
  if (raw === undefined) return DEFAULT_EARLY_STOP;
  if (typeof raw === 'string') return { ...DEFAULT_EARLY_STOP, rule: raw };
  return { ...DEFAULT_EARLY_STOP, ...raw };
}

/** Whether a sweep stops trials early (the Slurm executor asks, to know it must poll trials' metrics). */
export function usesEarlyStopping(raw: EarlyStopRule | Partial<EarlyStopOptions> | undefined): boolean {
  return earlyStopOptions(raw).rule !== 'none';
}

const better = (goal: Goal) => (a: number, b: number) => (goal === 'minimize' ? a < b : a > b);

/** The value at `step`: the last point with step ≤ `step`, if the series has reached `step`. */
export function valueAt(points: readonly MetricPoint[], step: number): MetricPoint | undefined {
  if (points.length === 0 || points[points.length - 1].step < step) return undefined;
  let found: MetricPoint | undefined;
  for (const p of points) {
    if (p.step > step) break;
    found = p;
  }
  return found;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median rule: stop when the trial's value at its latest step s ≥ minSteps is worse than the median of earlier trials' values at s. */
export function medianRule(
  trial: TrialSeries,
  others: readonly TrialSeries[],
  goal: Goal,
  options: EarlyStopOptions,
): StopDecision {
  const last = trial.points[trial.points.length - 1];
  if (!last || last.step < options.minSteps) return KEEP;
  const s = last.step;
  if (Number.isNaN(last.value)) return { stop: true, reason: `its metric is NaN at step ${s}`, step: s };
  const earlier = others
    .filter((o) => o.number < trial.number)
    .map((o) => valueAt(o.points, s)?.value)
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (earlier.length < options.minTrials) return KEEP;
  const m = median(earlier);
  if (better(goal)(m, last.value)) {
    return {
      stop: true,
      reason: `median rule: ${last.value} at step ${s} is worse than the median ${m} of ${earlier.length} earlier trials`,
      step: s,
    };
  }
  return KEEP;
}

/** The rung steps of ASHA: minSteps × reductionFactor^k (minSteps 0 counts as 1). */
export function ashaRungs(options: EarlyStopOptions, upTo: number): number[] {
  const rungs: number[] = [];
  const base = Math.max(1, options.minSteps);
  for (let r = base; r <= upTo; r *= options.reductionFactor) rungs.push(r);
  return rungs;
}

/**
 * ASHA (Li et al. 2018): at each rung the trial continues only if its value is among the best
 * max(1, ⌊n / reductionFactor⌋) of the n trials that had reached that rung when it did (itself included).
 * Only its highest rung is judged: the lower ones were passed when it reached them.
 */
export function ashaRule(
  trial: TrialSeries,
  others: readonly TrialSeries[],
  goal: Goal,
  options: EarlyStopOptions,
): StopDecision {
  const last = trial.points[trial.points.length - 1];
  if (!last) return KEEP;
  const rungs = ashaRungs(options, last.step);
  if (rungs.length === 0) return KEEP;
  const rung = rungs[rungs.length - 1];
  const mine = valueAt(trial.points, rung)!;
  if (Number.isNaN(mine.value)) return { stop: true, reason: `its metric is NaN at step ${rung}`, step: rung };
  const competing = [mine.value];
  for (const other of others) {
    if (other.number === trial.number) continue;
    const reached = other.points.find((p) => p.step >= rung);
    if (!reached || reached.timestamp > reachedAt(trial.points, rung)) continue;
    const v = valueAt(other.points, rung)?.value;
    if (v !== undefined && Number.isFinite(v)) competing.push(v);
  }
  const keep = Math.max(1, Math.floor(competing.length / options.reductionFactor));
  const sorted = [...competing].sort((a, b) => (goal === 'minimize' ? a - b : b - a));
  const threshold = sorted[keep - 1];
  if (better(goal)(threshold, mine.value)) {
    return {
      stop: true,
      reason: `asha: ${mine.value} at rung ${rung} is outside the best ${keep} of ${competing.length} trials that reached it`,
      step: rung,
    };
  }
  return KEEP;
}

function reachedAt(points: readonly MetricPoint[], step: number): number {
  return points.find((p) => p.step >= step)?.timestamp ?? Infinity;
}

export function shouldStop(
  trial: TrialSeries,
  others: readonly TrialSeries[],
  goal: Goal,
  options: EarlyStopOptions,
): StopDecision {
  switch (options.rule) {
    case 'median':
      return medianRule(trial, others, goal, options);
    case 'asha':
      return ashaRule(trial, others, goal, options);
    case 'none':
      return KEEP;
  }
}
