/** A new sweep's record from an experiment's `sweep:` block and the command line's overrides, checked before any run starts. */
import { MlopsError } from '../errors';
import type { ExperimentSpec } from '../spec/types';
import { newRunId } from '../tracking/runId';
import { earlyStopOptions } from './earlyStop';
import { plannedTrials } from './sampler';
import { parseSearchSpace } from './space';
import { SWEEP_METHODS, type SweepMethod, type SweepRecord } from './types';

export interface SweepOverrides {
  method?: SweepMethod;
  trials?: number;
  concurrency?: number;
  seed?: number;
}

export function planSweep(experiment: ExperimentSpec, overrides: SweepOverrides = {}, now = new Date()): SweepRecord {
  const sweep = experiment.sweep;
  if (!sweep) {
    throw new MlopsError(
      `experiment '${experiment.name}' has no sweep: block`,
      'bad-input',
      `Add sweep: {method: tpe, trials: 20, space: {lr: {log: [1e-4, 1e-1]}}} to '${experiment.name}' in mlops.yaml.`,
    );
  }
  if (!experiment.metric) {
    throw new MlopsError(
      `the sweep of '${experiment.name}' has no metric to optimise`,
      'bad-input',
      `Add metric: {name: val_loss, goal: minimize} to '${experiment.name}' in mlops.yaml.`,
    );
  }
  const method = overrides.method ?? sweep.method;
  if (!SWEEP_METHODS.includes(method))
    throw new MlopsError(
      `unknown sweep method '${String(method)}'`,
      'bad-input',
      `Use one of: ${SWEEP_METHODS.join(', ')}.`,
    );
  const space = parseSearchSpace(sweep, method);
  const requested = overrides.trials ?? sweep.trials;
  if (method !== 'grid' && requested === undefined) {
    throw new MlopsError(
      `a ${method} sweep needs a number of trials`,
      'bad-input',
      'Set sweep.trials in mlops.yaml or pass --trials N.',
    );
  }
  const trials = plannedTrials(method, space, requested);
  return {
    id: newRunId(now.getTime()),
    experiment: experiment.name,
    method,
    trials,
    concurrency: overrides.concurrency ?? sweep.concurrency ?? 1,
    seed: overrides.seed ?? sweep.seed ?? 0,
    metric: {
      name: experiment.metric.name,
      goal: experiment.metric.goal,
      summary: experiment.metric.summary ?? 'last',
    },
    earlyStop: earlyStopOptions(sweep.earlyStop),
    space,
    status: 'running',
    createdAt: now.toISOString(),
    endedAt: null,
    error: null,
    owner: null,
    stopRequestedAt: null,
    best: null,
    trialRecords: [],
  };
}
