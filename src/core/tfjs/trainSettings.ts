/** The training settings of a tfjs experiment: spec values, overridden by run params (e.g. from a sweep), with defaults. */
import { MlopsError } from '../errors';
import type { ExperimentSpec, TfjsTrainSpec } from '../spec/types';
import { EARLY_STOP_METRICS } from './validateModel';

export type OptimizerName = NonNullable<TfjsTrainSpec['optimizer']>;
export const OPTIMIZERS: readonly OptimizerName[] = ['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax'];

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  learningRate: number;
  /** Fraction of the training rows held out for validation (0 when a test file plays that role). */
  validationSplit: number;
  earlyStopping: { monitor: string; patience: number; minDelta: number } | null;
  task?: TfjsTrainSpec['task'];
  seed: number;
}

/** Param names that override train settings; `train.<key>` works too, and `lr` means learningRate. */
const OVERRIDABLE = ['epochs', 'batchSize', 'optimizer', 'learningRate', 'validationSplit', 'seed'] as const;

function paramOverrides(params: Record<string, unknown>): Partial<TfjsTrainSpec> {
  const out: Record<string, unknown> = {};
  if (params.lr !== undefined) out.learningRate = params.lr;
  for (const key of OVERRIDABLE) {
    const nested = (params.train as Record<string, unknown> | undefined)?.[key];
    for (const v of [params[key], params[`train.${key}`], nested]) if (v !== undefined) out[key] = v;
  }
  for (const [key, v] of Object.entries(out)) {
    if (key !== 'optimizer' && typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
      out[key] = Number(v);
  }
  return out as Partial<TfjsTrainSpec>;
}

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok)
    throw new MlopsError(
      `train.${what} is invalid: ${JSON.stringify(value)}`,
      'bad-input',
      'Fix it in mlops.yaml or in the run params.',
    );
}

export function resolveTrainSettings(spec: ExperimentSpec, params: Record<string, unknown> = {}): TrainSettings {
  const t: TfjsTrainSpec = { ...(spec.train ?? {}), ...paramOverrides(params) };
  const hasTest = typeof spec.data === 'object' && !Array.isArray(spec.data) && !!spec.data?.test;
  const s: TrainSettings = {
    epochs: t.epochs ?? 10,
    batchSize: t.batchSize ?? 32,
    optimizer: t.optimizer ?? 'adam',
    learningRate: t.learningRate ?? 0.001,
    validationSplit: t.validationSplit ?? (hasTest ? 0 : 0.2),
    earlyStopping: null,
    task: t.task,
    seed: t.seed ?? 42,
  };
  check(Number.isInteger(s.epochs) && s.epochs > 0, 'epochs', s.epochs);
  check(Number.isInteger(s.batchSize) && s.batchSize > 0, 'batchSize', s.batchSize);
  check(OPTIMIZERS.includes(s.optimizer), 'optimizer', s.optimizer);
  check(typeof s.learningRate === 'number' && s.learningRate > 0, 'learningRate', s.learningRate);
  check(
    typeof s.validationSplit === 'number' && s.validationSplit >= 0 && s.validationSplit < 1,
    'validationSplit',
    s.validationSplit,
  );
  check(Number.isInteger(s.seed), 'seed', s.seed);
  if (t.earlyStopping) {
    const hasValidation = s.validationSplit > 0 || hasTest;
    const monitor = t.earlyStopping.monitor ?? (hasValidation ? 'val_loss' : 'loss');
    check(EARLY_STOP_METRICS.includes(monitor), 'earlyStopping.monitor', monitor);
    if (monitor.startsWith('val_') && !hasValidation) {
      throw new MlopsError(
        `train.earlyStopping monitors ${monitor}, but there is no validation data`,
        'bad-input',
        'Set train.validationSplit or data.test, or monitor loss.',
      );
    }
    const patience = t.earlyStopping.patience ?? 3;
    const minDelta = t.earlyStopping.minDelta ?? 0;
    check(Number.isInteger(patience) && patience >= 0, 'earlyStopping.patience', patience);
    check(typeof minDelta === 'number' && minDelta >= 0, 'earlyStopping.minDelta', minDelta);
    s.earlyStopping = { monitor, patience, minDelta };
  }
  return s;
}
