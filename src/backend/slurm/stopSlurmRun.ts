import { setTimeout as delay } from 'node:timers/promises';
import { isTerminal, type RunRecord } from '../../core/tracking/types';
import { isSameProcess } from '../process/procfs';
import type { RunnerContext } from '../runs/runnerContext';
import { finalJobInfo, scancel } from './slurmCommands';
import { settleSlurmRun } from './slurmRunWatch';
import { isSlurmEnded } from './slurmStates';

/**
 * Stops a Slurm run this process does not watch: `scancel`, then either the process that watches it records the end,
 * or (nobody does) this one does once Slurm reports the job ended. A run whose sbatch never answered is settled as is.
 */
export async function stopSlurmRun(ctx: RunnerContext, record: RunRecord): Promise<RunRecord> {
  await ctx.store.updateRun(record.id, { stopRequestedAt: new Date().toISOString() });
  const jobId = record.slurm?.jobId;
  if (jobId) await scancel(jobId);
  const watcher = record.supervisor;
  const watched = watcher && watcher.pid !== ctx.self.pid && isSameProcess(watcher.pid, watcher.startTime);
  const deadline = Date.now() + ctx.timing.stopGraceMs + 30_000;
  for (;;) {
    const current = (await ctx.store.getRun(record.id)) ?? record;
    if (isTerminal(current.status)) return current;
    const info = jobId ? await finalJobInfo(jobId).catch(() => undefined) : undefined;
    if (!watched && (!jobId || !info || isSlurmEnded(info.state) || Date.now() > deadline)) {
      return (await settleSlurmRun(ctx, current, info)) ?? current;
    }
    if (Date.now() > deadline) return current;
    await delay(500);
  }
}
