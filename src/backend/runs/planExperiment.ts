import type { DataInput } from '../../core/lineage/dataHashing';
import { findExperiment } from '../../core/spec/experiments';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import { parseParamOverrides } from '../../core/spec/paramOverrides';
import { resolveLaunch } from '../../core/spec/resolveLaunch';
import type { ExecutorKind, ExperimentSpec } from '../../core/spec/types';
import { chooseExecutor } from '../../core/spec/executor';
import type { Params } from '../../core/tracking/types';
import { resolveExecutable } from '../process/resolveExecutable';
import type { LaunchPlan } from './launchPlan';

export interface PlanOptions {
  /** The interpreter for commands starting with `python`/`python3` (the user's setting). */
  pythonPath?: string;
  tags?: Record<string, string>;
  /** `mlops run --executor`: wins over the experiment's `executor:`. */
  executor?: ExecutorKind;
  /** The `mlops.executor` setting: used when the experiment names none. */
  defaultExecutor?: ExecutorKind;
}

/** `--param k=v` texts or a params object (dotted keys set nested params). */
export function overridesToParams(overrides: string[] | Record<string, unknown> | undefined): Params {
  if (!overrides) return {};
  if (Array.isArray(overrides)) return parseParamOverrides(overrides);
  return parseParamOverrides(Object.entries(overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`));
}

/** `python` when it is on PATH, else `python3` when that is (Debian and macOS ship only python3). */
async function defaultPython(workspace: string): Promise<string | undefined> {
  const path = process.env.PATH;
  const found = await resolveExecutable('python', { cwd: workspace, path }).then(
    () => true,
    () => false,
  );
  if (found) return undefined;
  return resolveExecutable('python3', { cwd: workspace, path }).then(
    () => 'python3',
    () => undefined,
  );
}

function dataInputs(experiment: ExperimentSpec): DataInput[] {
  const data = experiment.data;
  if (!data) return [];
  if (Array.isArray(data)) return data;
  return [
    { path: data.train, purpose: 'train' },
    ...(data.test ? [{ path: data.test, purpose: 'eval' as const }] : []),
  ];
}

/** Resolves an experiment of the workspace (mlops.yaml, or a script path) into a launch plan. */
export async function planExperiment(
  workspace: string,
  name: string,
  overrides: Params,
  options: PlanOptions = {},
): Promise<LaunchPlan> {
  const spec = requireValidSpec(await loadSpec(workspace), { allowMissing: true });
  const experiment = findExperiment(spec, name);
  const pythonPath = options.pythonPath ?? (await defaultPython(workspace));
  const launch = resolveLaunch(experiment, overrides, workspace, { pythonPath });
  const executor = chooseExecutor(experiment.executor, options.executor, options.defaultExecutor);
  const base = {
    ...(executor.kind === 'slurm' ? { executor } : {}),
    experiment: experiment.name,
    display: launch.display,
    cwd: launch.cwd,
    env: launch.env,
    params: launch.params,
    gpus: experiment.gpus ?? 0,
    gpuFallback: experiment.gpuFallback ?? 'fail',
    data: dataInputs(experiment),
    source: experiment.source === 'script' ? ('script' as const) : ('spec' as const),
    tags: { ...(experiment.tags ?? {}), ...(options.tags ?? {}) },
  };
  if (launch.kind === 'tfjs') {
    return {
      ...base,
      argv: [],
      shell: false,
      tfjs: { ...launch.experiment, params: launch.params, train: launch.train },
    };
  }
  if (launch.shell) return { ...base, argv: ['/bin/sh', '-c', launch.executable], shell: true };
  return { ...base, argv: [launch.executable, ...launch.args], shell: false };
}
