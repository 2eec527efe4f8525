import { MlopsError } from '../../core/errors';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { writeJsonAtomic } from '../../core/store/atomicWrite';
import type { DataInput } from '../../core/lineage/dataHashing';
import type { ExperimentSpec } from '../../core/spec/types';
import type { Executor } from '../../core/spec/executor';
import type { Params, RunRecord } from '../../core/tracking/types';
import type { NewRun } from '../../core/store/runStore';
import type { LaunchParams } from '../../protocol/backend';

/**
 * Everything needed to start a run, fixed when it is launched or queued: a queued run starts with the spec as it was
 * when the user asked for it. Kept in `<runDir>/launch.json`, so queue.json only orders run ids.
 */
export interface LaunchPlan {
  experiment: string;
  /** argv[0] is the executable. For a shell command: ['/bin/sh', '-c', command]. Empty for the tfjs trainer (set at start). */
  argv: string[];
  shell: boolean;
  /** Human-readable command line. */
  display: string;
  cwd: string;
  /** The experiment's own environment variables. */
  env: Record<string, string>;
  params: Params;
  /** GPUs the run waits for. */
  gpus: number;
  /** What to do when the machine has fewer GPUs than `gpus` (default `fail`). */
  gpuFallback?: 'cpu' | 'fail';
  /** Paths hashed for lineage at launch. */
  data: DataInput[];
  source: NonNullable<RunRecord['source']>;
  tags: Record<string, string>;
  /** Where the run executes (absent: local). */
  executor?: Executor;
  /** Set for the built-in trainer: the resolved experiment it trains (its child is started through trainerLaunch). */
  tfjs?: ExperimentSpec;
}

/** The new run.json of a launch, `queued`, whichever executor runs it. */
export function queuedRunFields(params: LaunchParams, plan: LaunchPlan): NewRun {
  return {
    experiment: plan.experiment,
    command: plan.display,
    argv: plan.argv,
    shell: plan.shell,
    cwd: plan.cwd,
    params: plan.params,
    status: 'queued',
    parent: params.parent ?? null,
    derivedFrom: params.derivedFrom ?? null,
    name: params.name ?? null,
    tags: plan.tags,
    source: plan.source,
    sweep: params.sweep ?? null,
  };
}

export const LAUNCH_FILE = 'launch.json';

export function writeLaunchPlan(runDir: string, plan: LaunchPlan): Promise<void> {
  return writeJsonAtomic(join(runDir, LAUNCH_FILE), plan);
}

export async function readLaunchPlan(runDir: string): Promise<LaunchPlan | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir, LAUNCH_FILE), 'utf8')) as LaunchPlan;
  } catch {
    return undefined;
  }
}

/**
 * The experiment's working folder, moved from the workspace into `codeRoot` (the workspace's folder inside a git
 * worktree, for "Reproduce run"). Data and the run store stay in the workspace.
 */
export function relocateCwd(workspace: string, cwd: string, codeRoot: string): string {
  const rel = relative(workspace, cwd);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new MlopsError(
      `the experiment's folder ${cwd} is outside the workspace`,
      'bad-input',
      'Reproduce in a worktree needs the experiment to run inside the workspace.',
    );
  }
  if (!isAbsolute(codeRoot)) throw new MlopsError(`codeRoot must be an absolute path, got '${codeRoot}'`, 'bad-input');
  return join(codeRoot, rel);
}
