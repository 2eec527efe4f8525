/** Typed view of a valid `mlops.yaml`. The JSON Schema in schemas/mlops.schema.json is the source of truth. */

export type Goal = 'maximize' | 'minimize';

export interface MetricGoal {
  name: string;
  goal: Goal;
  /** A run's value for sweeps: its last point (default) or its best point. */
  summary?: 'last' | 'best';
}

export type SearchDimension =
  | { values: unknown[] }
  | { uniform: [number, number] }
  | { log: [number, number] }
  | { loguniform: [number, number] }
  | { int: [number, number] }
  | { logint: [number, number] };

export type EarlyStopRule = 'median' | 'asha' | 'none';

export interface EarlyStopSpec {
  rule: EarlyStopRule;
  minSteps?: number;
  minTrials?: number;
  reductionFactor?: number;
}

export interface SweepSpec {
  method: 'grid' | 'random' | 'tpe';
  trials?: number;
  space: Record<string, SearchDimension>;
  /** Param → {param of a `values` dimension: the values under which it is sampled}. */
  conditions?: Record<string, Record<string, unknown>>;
  earlyStop?: EarlyStopRule | EarlyStopSpec;
  concurrency?: number;
  seed?: number;
}

/** Data for the built-in tfjs trainer. */
export interface TfjsDataSpec {
  train: string;
  test?: string;
  label: string;
  features?: string[];
}

export interface TfjsPreprocessSpec {
  standardize?: string[];
  minmax?: string[];
  onehot?: string[];
  impute?: 'mean' | 'median' | 'zero' | 'drop';
  /** Columns holding arrays (e.g. "[0.1, 0.2, ...]" or space-separated) reshaped for conv layers. */
  arrays?: Record<string, { shape: number[] }>;
}

/** One layer: exactly one layer key (dense, dropout, batchNorm, conv1d, conv2d, flatten, maxPool1d, maxPool2d …) plus options. */
export type TfjsLayerSpec = Record<string, unknown>;

export interface TfjsTrainSpec {
  epochs?: number;
  batchSize?: number;
  optimizer?: 'adam' | 'sgd' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax';
  learningRate?: number;
  validationSplit?: number;
  earlyStopping?: { monitor?: string; patience?: number; minDelta?: number };
  task?: 'classification' | 'regression';
  seed?: number;
}

export type GpuFallback = 'cpu' | 'fail';

/** sbatch options of `executor: {slurm: {...}}`; what is left out takes the cluster's defaults. */
export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpus?: number;
  mem?: string;
  gres?: string;
  account?: string;
  qos?: string;
  /** More sbatch arguments, each one `--name=value`. */
  extra?: string[];
}

export type ExecutorKind = 'local' | 'slurm';
export type ExecutorSpec = ExecutorKind | { slurm: SlurmOptions };

export interface ExperimentSpec {
  name: string;
  description?: string;
  /** argv array (spawned without a shell) or a string (run through the user's shell). */
  command?: string | string[];
  trainer?: 'tfjs';
  cwd?: string;
  env?: Record<string, string>;
  params: Record<string, unknown>;
  /** Inputs hashed for lineage: a list of paths, or the tfjs trainer's data block. */
  data?: string[] | TfjsDataSpec;
  metric?: MetricGoal;
  /** GPUs the run needs (`gpus: N`, or the `count` of `gpus: {count, fallback}`). */
  gpus?: number;
  /** When the machine has fewer GPUs than `gpus`: `fail` (the default) refuses the run, `cpu` runs it on CPU. */
  gpuFallback?: GpuFallback;
  sweep?: SweepSpec;
  /** Where runs execute: `local` (default), `slurm`, or `{slurm: {...sbatch options}}`; see core/spec/executor.ts. */
  executor?: ExecutorSpec;
  preprocess?: TfjsPreprocessSpec;
  model?: { layers: TfjsLayerSpec[] };
  train?: TfjsTrainSpec;
  tags?: Record<string, string>;
  /** Where the experiment comes from: mlops.yaml, or a training script found in the workspace. */
  source?: 'spec' | 'script';
}

export interface ServeSpec {
  /** The user's serving command (docs/serving.md has its contract). */
  command?: string | string[];
  /** `module:function` taking a list of row dicts and returning a list of predictions, served by the Python client. */
  python?: string;
  port?: number;
  health?: string;
}

export interface ModelSpec {
  name: string;
  experiment?: string;
  description?: string;
  intendedUse?: string;
  gates: string[];
  serve?: ServeSpec;
  autoPromote?: boolean;
}

export interface RetrainSpec {
  on: Array<'drift' | 'data-change'>;
  experiment: string;
  autoPromote?: boolean;
}

export interface MonitorSpec {
  name: string;
  model: string;
  reference: string;
  current: string;
  every?: string;
  threshold?: number;
  driftShare?: number;
  tests?: Record<string, string>;
  retrain?: RetrainSpec;
}

export interface MlopsSpec {
  experiments: Record<string, ExperimentSpec>;
  models: Record<string, ModelSpec>;
  monitors: Record<string, MonitorSpec>;
}

/** A problem in the spec, positioned for the Problems panel (1-based line and column). */
export interface SpecProblem {
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** JSON pointer-ish path to the offending node, e.g. "experiments.mlp.command". */
  path: string;
}

/** A 1-based source position (the key of an experiment, model or monitor). */
export interface SpecPosition {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where each experiment/model/monitor key sits in mlops.yaml, for CodeLens; filled even when the spec has errors. */
export interface SpecLocations {
  experiments: Record<string, SpecPosition>;
  models: Record<string, SpecPosition>;
  monitors: Record<string, SpecPosition>;
}

export interface SpecParseResult {
  /** The normalised spec, or null when there is at least one error (warnings do not block it). */
  spec: MlopsSpec | null;
  problems: SpecProblem[];
  locations: SpecLocations;
}
