import { appendFile, chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, MlopsError } from '../../core/errors';
import { runPaths } from '../../core/store/layout';
import type { RunId, RunRecord } from '../../core/tracking/types';
import type { LaunchPlan } from '../runs/launchPlan';
import { finalizeRun, runStatusEvent } from '../runs/finalizeRun';
import type { RunnerContext } from '../runs/runnerContext';
import { buildSbatchJob, SLURM_SCRIPT_FILE, sbatchLine } from './sbatchScript';
import { releaseJob, scancel, slurmCommand, slurmMessage } from './slurmCommands';

/** sbatch --parsable prints `jobid` or `jobid;cluster`. */
export function parseSbatchJobId(stdout: string): string | undefined {
  const first = stdout.trim().split('\n')[0]?.split(';')[0]?.trim();
  return first && /^\d+(_\d+)?$/.test(first) ? first : undefined;
}

/**
 * Submits a queued Slurm run: writes `<runDir>/slurm.sh`, runs `sbatch --hold --parsable` (argv, no shell), records
 * the job id in run.json, then releases the job, so a job never runs unrecorded. A refused submission (sbatch
 * missing, a bad partition, over the account's limits) fails the run with Slurm's own message and the sbatch line
 * that was tried; the runStatus event carries both to the editor's notification. Returns the run as recorded.
 */
export async function submitSlurmRun(
  ctx: RunnerContext,
  runId: RunId,
  plan: LaunchPlan,
  options: { supervise: boolean },
): Promise<RunRecord> {
  const runDir = ctx.store.runDir(runId);
  const scriptPath = join(runDir, SLURM_SCRIPT_FILE);
  let line = `sbatch … ${scriptPath}`;
  const fail = async (message: string) => {
    await appendFile(runPaths(runDir).log, `mlops: ${message}\n`).catch(() => undefined);
    return (await finalizeRun(ctx, runId, undefined, { failure: message })) ?? (await ctx.store.getRun(runId))!;
  };
  let args: string[];
  try {
    const job = buildSbatchJob({
      runId,
      runDir,
      workspace: ctx.workspace,
      experiment: plan.experiment,
      argv: plan.argv,
      cwd: plan.cwd,
      env: plan.env,
      params: plan.params,
      gpus: plan.gpus,
      options: plan.executor?.kind === 'slurm' ? plan.executor.options : {},
      clients: ctx.clients,
    });
    await writeFile(scriptPath, job.script);
    await chmod(scriptPath, 0o755);
    args = job.args;
    line = sbatchLine(args, scriptPath);
  } catch (err) {
    return fail(err instanceof MlopsError ? err.fullMessage : errorMessage(err));
  }
  const record = await ctx.store.updateRun(runId, {
    slurm: { jobId: null, state: null, reason: null, node: null, submitLine: line },
  });
  let jobId: string | undefined;
  try {
    const out = await slurmCommand(['sbatch', ...args, scriptPath], {
      env: { ...ctx.baseEnv, ELECTRON_RUN_AS_NODE: undefined },
    });
    if (out.code !== 0) return fail(`sbatch refused the job: ${slurmMessage(out)} (tried: ${line})`);
    jobId = parseSbatchJobId(out.stdout);
    if (!jobId) return fail(`sbatch answered without a job id: '${out.stdout.trim().slice(0, 200)}' (tried: ${line})`);
  } catch (err) {
    return fail(`${err instanceof MlopsError ? err.message : errorMessage(err)} (tried: ${line})`);
  }
  let recorded: RunRecord;
  try {
    recorded = await ctx.store.updateRun(runId, {
      slurm: { ...record.slurm!, jobId, state: 'PENDING', reason: 'JobHeldUser' },
      supervisor: options.supervise ? ctx.self : null,
      heartbeatAt: new Date().toISOString(),
    });
  } catch (err) {
    await scancel(jobId).catch(() => undefined);
    throw err;
  }
  try {
    await releaseJob(jobId);
  } catch (err) {
    await scancel(jobId).catch(() => undefined);
    return fail(`Slurm job ${jobId} was submitted but could not be released: ${errorMessage(err)}`);
  }
  await appendFile(runPaths(runDir).log, `mlops: submitted as Slurm job ${jobId}: ${line}\n`).catch(() => undefined);
  ctx.log('info', `run ${runId} (${plan.experiment}) submitted: Slurm job ${jobId}`);
  ctx.emit(runStatusEvent(recorded));
  return recorded;
}
