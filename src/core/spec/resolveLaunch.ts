/**
 * Turns an experiment plus param overrides into what to spawn. Pure: no file system, no environment reads.
 * MLOPS_* variables are added later by the runner.
 */
import { isAbsolute, resolve } from 'node:path';
import { MlopsError } from '../errors';
import type { Params } from '../tracking/types';
import { mergeParams } from './paramOverrides';
import { interpolate } from './placeholders';
import { formatCommandLine, shellQuote } from './shellQuote';
import type { ExperimentSpec, TfjsTrainSpec } from './types';

export interface LaunchOptions {
  /** Replaces a leading `python`/`python3` (the interpreter the user picked). */
  pythonPath?: string;
  /** Replaces a leading `node`. */
  nodePath?: string;
  /** Decides shell quoting for string commands (default: this process's platform). */
  platform?: NodeJS.Platform;
}

interface LaunchBase {
  /** Defaults merged with the overrides; what the run records as its params. */
  params: Params;
  /** Absolute working directory. */
  cwd: string;
  /** The experiment's own variables, placeholders resolved. */
  env: Record<string, string>;
  /** The command line as shown to people. */
  display: string;
}

export interface CommandLaunch extends LaunchBase {
  kind: 'command';
  /**
   * argv[0] when `shell` is false; when `shell` is true, the whole command line,
   * to be spawned as `spawn(executable, [], { shell: true })`.
   */
  executable: string;
  args: string[];
  shell: boolean;
}

/** The built-in tfjs trainer: the backend spawns its own trainer child with this experiment. */
export interface TfjsLaunch extends LaunchBase {
  kind: 'tfjs';
  experiment: ExperimentSpec;
  /** `train` with params of the same names (epochs, learningRate …) applied, so sweeps can search them. */
  train: TfjsTrainSpec;
}

export type LaunchPlan = CommandLaunch | TfjsLaunch;

/** Params that override the tfjs trainer's `train` block when set. */
export const TFJS_TRAIN_PARAMS = [
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'validationSplit',
  'seed',
] as const;

export function resolveLaunch(
  experiment: ExperimentSpec,
  overrides: Params,
  workspace: string,
  options: LaunchOptions = {},
): LaunchPlan {
  const params = mergeParams(experiment.params ?? {}, overrides);
  const cwd = resolveCwd(experiment, params, workspace);
  const env = Object.fromEntries(
    Object.entries(experiment.env ?? {}).map(([key, value]) => [key, interpolate(String(value), params)]),
  );
  if (experiment.trainer === 'tfjs' && experiment.command === undefined) {
    const train: Record<string, unknown> = { ...(experiment.train ?? {}) };
    for (const key of TFJS_TRAIN_PARAMS) if (params[key] !== undefined) train[key] = params[key];
    return {
      kind: 'tfjs',
      experiment,
      train: train as TfjsTrainSpec,
      params,
      cwd,
      env,
      display: `tfjs trainer (${experiment.name})`,
    };
  }
  const platform = options.platform ?? process.platform;
  const { command } = experiment;
  if (typeof command === 'string') {
    const line = replaceLeadingInterpreter(
      interpolate(command, params, (value) => shellQuote(value, platform)),
      options,
      platform,
    );
    return { kind: 'command', executable: line, args: [], shell: true, params, cwd, env, display: line };
  }
  if (Array.isArray(command) && command.length > 0) {
    const argv = command.map((item) => interpolate(String(item), params));
    const executable = interpreterFor(argv[0], options) ?? argv[0];
    const args = argv.slice(1);
    return {
      kind: 'command',
      executable,
      args,
      shell: false,
      params,
      cwd,
      env,
      display: formatCommandLine([executable, ...args], platform),
    };
  }
  throw new MlopsError(
    `experiment '${experiment.name}' has nothing to run`,
    'bad-input',
    'Give it a command (an argv list or a string) or trainer: tfjs.',
  );
}

function resolveCwd(experiment: ExperimentSpec, params: Params, workspace: string): string {
  if (!experiment.cwd) return workspace;
  const cwd = interpolate(experiment.cwd, params);
  return isAbsolute(cwd) ? cwd : resolve(workspace, cwd);
}

function interpreterFor(program: string, options: LaunchOptions): string | undefined {
  if ((program === 'python' || program === 'python3') && options.pythonPath) return options.pythonPath;
  if (program === 'node' && options.nodePath) return options.nodePath;
  return undefined;
}

function replaceLeadingInterpreter(line: string, options: LaunchOptions, platform: NodeJS.Platform): string {
  const match = /^(python3?|node)(?=\s|$)/.exec(line);
  const replacement = match ? interpreterFor(match[1], options) : undefined;
  return replacement ? shellQuote(replacement, platform) + line.slice(match![1].length) : line;
}
