/** The vocabulary of sweeps: search spaces, trials, observations and the sweep record on disk. */
import type { Goal } from '../spec/types';
import type { RunId, RunStatus } from '../tracking/types';

export type SweepMethod = 'grid' | 'random' | 'tpe';
export const SWEEP_METHODS: readonly SweepMethod[] = ['grid', 'random', 'tpe'];

export type Dimension =
  | { name: string; kind: 'categorical'; choices: unknown[] }
  | { name: string; kind: 'float'; low: number; high: number; log: boolean }
  | { name: string; kind: 'int'; low: number; high: number; log: boolean };

/** `param` is sampled only when the categorical param `on` takes one of `values`. */
export interface Condition {
  on: string;
  values: unknown[];
}

export interface SearchSpace {
  /** In the order of the spec, parents of conditions before the params they govern. */
  dimensions: Dimension[];
  conditions: Record<string, Condition>;
}

export type TrialParams = Record<string, unknown>;

/** A finished trial as a sampler sees it: its params and its value (in the metric's own direction). */
export interface Observation {
  params: TrialParams;
  value: number;
}

export type EarlyStopRule = 'median' | 'asha' | 'none';

export interface EarlyStopOptions {
  rule: EarlyStopRule;
  /** No trial is stopped before this step (median); the first rung (asha). */
  minSteps: number;
  /** median: earlier trials that must have reached the step. */
  minTrials: number;
  /** asha: keep the best 1/reductionFactor at each rung. */
  reductionFactor: number;
}

export type TrialStatus = RunStatus;

export interface TrialRecord {
  /** 0-based trial number: the order in which the sampler proposed it. */
  number: number;
  runId: RunId | null;
  params: TrialParams;
  status: TrialStatus;
  value: number | null;
  /** Why the trial failed, or why it was pruned. */
  error: string | null;
  /** Steps of the metric the trial logged (its last step + 1 when steps start at 0). */
  steps?: number;
  startedAt?: string | null;
  endedAt?: string | null;
}

export type SweepStatus = 'running' | 'completed' | 'failed' | 'stopped';

export interface SweepRecord {
  id: string;
  experiment: string;
  method: SweepMethod;
  trials: number;
  concurrency: number;
  seed: number;
  metric: { name: string; goal: Goal; summary: 'last' | 'best' };
  earlyStop: EarlyStopOptions;
  space: SearchSpace;
  status: SweepStatus;
  createdAt: string;
  endedAt: string | null;
  /** The first trial's error when every trial failed; why it stopped otherwise. */
  error: string | null;
  /** The process that drives the sweep; another one resumes it once this one is gone. */
  owner: { pid: number; startTime: number | null } | null;
  stopRequestedAt: string | null;
  best: { number: number; runId: RunId | null; params: TrialParams; value: number } | null;
  trialRecords: TrialRecord[];
}
