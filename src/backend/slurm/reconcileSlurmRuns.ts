import { stat } from 'node:fs/promises';
import { withStoreLock } from '../../core/store/storeLock';
import { runPaths } from '../../core/store/layout';
import { isTerminal, type RunId, type RunRecord, type RunSummary } from '../../core/tracking/types';
import { isSameProcess } from '../process/procfs';
import { finalizeRun } from '../runs/finalizeRun';
import type { RunnerContext } from '../runs/runnerContext';
import type { SlurmPoller } from './slurmPoller';
import { settleSlurmRun, SlurmRunWatch } from './slurmRunWatch';
import { finalJobInfo, squeueJobs } from './slurmCommands';
import { isSlurmEnded } from './slurmStates';

const ADOPT_LOG_REPLAY = 16 * 1024;

/**
 * Finds Slurm runs (queued or running) that no live process watches and watches them again by job id: the job
 * itself lives in Slurm, so a reload or a backend restart loses nothing. A run whose sbatch never answered (its
 * process died while submitting) is `interrupted`. Claims are made under the store lock, so two backends never
 * watch the same run.
 */
export async function reconcileSlurmRuns(
  ctx: RunnerContext,
  poller: SlurmPoller,
  options: { adopt: (runId: RunId) => boolean; watching: ReadonlySet<RunId> },
): Promise<{ adopted: SlurmRunWatch[]; ended: RunRecord[] }> {
  const unwatched = [
    ...(await ctx.store.listRuns({ status: 'queued' })),
    ...(await ctx.store.listRuns({ status: 'running' })),
  ].filter((r) => r.slurm && !options.watching.has(r.id));
  const candidates = unwatched.filter((r) => options.adopt(r.id));
  const settledHere = await settleEndedJobs(
    ctx,
    unwatched.filter((r) => !options.adopt(r.id)),
  );
  if (candidates.length === 0) return { adopted: [], ended: settledHere };
  const claimed = await withStoreLock(ctx.workspace, async () => {
    const toWatch: RunRecord[] = [];
    const toSettle: RunRecord[] = [];
    for (const summary of candidates) {
      const record = await ctx.store.getRun(summary.id);
      if (!record?.slurm || isTerminal(record.status)) continue;
      const watcher = record.supervisor;
      const mine = watcher?.pid === ctx.self.pid && watcher.startTime === ctx.self.startTime;
      if (!mine && watcher && isSameProcess(watcher.pid, watcher.startTime)) continue;
      if (!record.slurm.jobId && mine) continue;
      if (!record.slurm.jobId) {
        toSettle.push(record);
        continue;
      }
      toWatch.push(
        await ctx.store.patchRecord(record.id, { supervisor: ctx.self, heartbeatAt: new Date().toISOString() }),
      );
    }
    return { toWatch, toSettle };
  });
  const adopted: SlurmRunWatch[] = [];
  for (const record of claimed.toWatch) {
    await ctx.store.refreshSummary(record.id).catch(() => undefined);
    const logSize = await stat(runPaths(ctx.store.runDir(record.id)).log).then(
      (s) => s.size,
      () => 0,
    );
    adopted.push(new SlurmRunWatch(ctx, record, poller, { logOffset: Math.max(0, logSize - ADOPT_LOG_REPLAY) }));
    ctx.log('info', `run ${record.id} (${record.experiment}) found again: Slurm job ${record.slurm!.jobId}`);
  }
  const ended: RunRecord[] = [...settledHere];
  for (const record of claimed.toSettle) {
    const final = await finalizeRun(ctx, record.id, undefined, {
      outcome: {
        status: 'interrupted',
        error: 'it was never submitted: the mlops process that submitted it ended before sbatch answered',
      },
    });
    if (final) ended.push(final);
  }
  return { adopted, ended };
}

/**
 * For a process that adopts nothing (a CLI listing runs): Slurm runs nobody watches whose job has left Slurm's queue
 * are settled now (one squeue call), so `mlops runs` after `mlops run --detach` shows how they ended even with no
 * editor open. Jobs still queued or running are left for a backend to watch.
 */
async function settleEndedJobs(ctx: RunnerContext, summaries: RunSummary[]): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (const summary of summaries) {
    const record = await ctx.store.getRun(summary.id);
    const watcher = record?.supervisor;
    if (
      !record?.slurm?.jobId ||
      isTerminal(record.status) ||
      (watcher && isSameProcess(watcher.pid, watcher.startTime))
    )
      continue;
    records.push(record);
  }
  if (records.length === 0) return [];
  const inQueue = await squeueJobs(records.map((r) => r.slurm!.jobId!)).catch(() => undefined);
  if (!inQueue) return [];
  const ended: RunRecord[] = [];
  for (const record of records) {
    const live = inQueue.get(record.slurm!.jobId!);
    if (live && !isSlurmEnded(live.state)) continue;
    const final = await settleSlurmRun(
      ctx,
      record,
      live ?? (await finalJobInfo(record.slurm!.jobId!).catch(() => undefined)),
    );
    if (final) ended.push(final);
  }
  return ended;
}
