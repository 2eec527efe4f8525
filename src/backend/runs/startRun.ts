import { appendFile, stat } from 'node:fs/promises';
import { errorMessage, MlopsError } from '../../core/errors';
import { runPaths } from '../../core/store/layout';
import type { RunId } from '../../core/tracking/types';
import { resolveExecutable } from '../process/resolveExecutable';
import { spawnDetached } from '../process/spawnDetached';
import { readLaunchPlan } from './launchPlan';
import { captureLineageAtLaunch } from './lineageAtLaunch';
import { finalizeRun, runStatusEvent } from './finalizeRun';
import { trainerLaunch } from '../trainer/trainerLaunch';
import type { LaunchPlan } from './launchPlan';
import { buildRunEnv } from './runEnv';
import type { RunnerContext } from './runnerContext';
import { RunSupervisor } from './runSupervisor';

export interface StartedRun {
  runId: RunId;
  /** Present when this process watches the run; absent for a run handed off (it is re-adopted later). */
  supervisor?: RunSupervisor;
  /** Lineage capture in progress (resolves, never rejects). */
  lineage: Promise<void>;
}

/** What to spawn: the plan's command, or the tfjs trainer child (its experiment written next to the run). */
function commandFor(
  ctx: RunnerContext,
  runId: RunId,
  plan: LaunchPlan,
): { argv: string[]; cwd: string; env: Record<string, string> } {
  if (!plan.tfjs) return { argv: plan.argv, cwd: plan.cwd, env: {} };
  const runDir = ctx.store.runDir(runId);
  const launch = trainerLaunch({ runDir, runId, workspace: ctx.workspace, spec: plan.tfjs, params: plan.params });
  return {
    argv: [launch.executable, ...launch.args],
    cwd: launch.cwd,
    env: { MLOPS_TRAINER_CONFIG: launch.env.MLOPS_TRAINER_CONFIG },
  };
}

async function checkCwd(cwd: string): Promise<void> {
  const info = await stat(cwd).catch(() => null);
  if (!info?.isDirectory())
    throw new MlopsError(
      `working directory ${cwd} does not exist`,
      'bad-input',
      "Fix the experiment's cwd in mlops.yaml.",
    );
}

/**
 * Starts a run the scheduler has claimed: records it as running, spawns its command (detached, own process group,
 * output to log.txt) and, when `supervise`, watches it to the end. A command that cannot start fails the run with
 * the reason (e.g. "command `pythn` not found; is it on PATH?") in run.json and log.txt.
 */
export async function startClaimedRun(
  ctx: RunnerContext,
  runId: RunId,
  gpus: number[],
  options: { supervise: boolean },
): Promise<StartedRun> {
  const runDir = ctx.store.runDir(runId);
  const plan = await readLaunchPlan(runDir);
  const now = new Date().toISOString();
  let record = await ctx.store.updateRun(runId, {
    status: 'running',
    startedAt: now,
    gpus,
    supervisor: options.supervise ? ctx.self : null,
    ...(plan ? { argv: plan.argv, shell: plan.shell, command: plan.display, cwd: plan.cwd } : {}),
  });
  ctx.emit(runStatusEvent(record));
  const fail = async (message: string, hint?: string) => {
    await appendFile(runPaths(runDir).log, `mlops: ${message}\n${hint ? `mlops: ${hint}\n` : ''}`).catch(
      () => undefined,
    );
    await finalizeRun(ctx, runId, undefined, { failure: message });
    return { runId, lineage: Promise.resolve() };
  };
  if (!plan) return fail('launch.json is missing from the run folder, so the queued run cannot start');
  const lineage = ctx.captureLineage
    ? captureLineageAtLaunch(ctx, runId, plan).catch(() => undefined)
    : Promise.resolve();
  try {
    const command = commandFor(ctx, runId, plan);
    await checkCwd(command.cwd);
    const env = buildRunEnv({
      base: ctx.baseEnv,
      extra: { ...plan.env, ...command.env },
      runId,
      runDir,
      workspace: ctx.workspace,
      params: plan.params,
      gpus,
      clients: ctx.clients,
      selfExecutable: command.argv[0] === process.execPath,
    });
    if (!plan.shell) await resolveExecutable(command.argv[0], { cwd: command.cwd, path: env.PATH });
    const proc = await spawnDetached({
      argv: command.argv,
      cwd: command.cwd,
      env,
      logPath: runPaths(runDir).log,
      runDir,
    });
    record = await ctx.store
      .updateRun(runId, {
        pid: proc.pid,
        pidStartTime: proc.startTime,
        heartbeatAt: new Date().toISOString(),
        ...(plan.tfjs ? { argv: command.argv, cwd: command.cwd } : {}),
      })
      .catch((err) => {
        proc.child.kill('SIGKILL');
        throw err;
      });
    proc.release();
    ctx.log(
      'info',
      `run ${runId} (${record.experiment}) started: pid ${proc.pid}${gpus.length ? `, GPUs ${gpus.join(',')}` : ''}`,
    );
    ctx.sidecars.follow(runId, runDir);
    if (!options.supervise) {
      proc.child.unref();
      return { runId, lineage };
    }
    const supervisor = new RunSupervisor(
      ctx,
      record,
      { pid: proc.pid, startTime: proc.startTime, exited: proc.exited },
      { lineage },
    );
    return { runId, supervisor, lineage };
  } catch (err) {
    await lineage;
    return err instanceof MlopsError ? fail(err.message, err.hint) : fail(errorMessage(err));
  }
}
