import { stat } from 'node:fs/promises';
import { runPaths } from '../../core/store/layout';
import { readRunRecord } from '../../core/tracking/runReader';
import { isTerminal, type RunId, type RunRecord } from '../../core/tracking/types';
import { isSameProcess } from '../process/procfs';
import { readQueue, updateQueue } from '../queue/queueStore';
import type { ProcessRef, QueueState } from '../queue/queueState';
import { finalizeRun, runStatusEvent } from './finalizeRun';
import type { RunnerContext } from './runnerContext';
import { pollForExit, RunSupervisor } from './runSupervisor';

/** Log bytes replayed as output events when a run is re-adopted. */
const ADOPT_LOG_REPLAY = 16 * 1024;

const sameRef = (a: ProcessRef, b: ProcessRef) => a.pid === b.pid && a.startTime === b.startTime;
const alive = (ref: ProcessRef | null | undefined) =>
  Boolean(ref && ref.pid > 0 && isSameProcess(ref.pid, ref.startTime));

export interface ReconcileResult {
  adopted: RunSupervisor[];
  /** Runs whose process had ended unobserved: now completed/failed/killed (exit file) or interrupted (none). */
  ended: RunRecord[];
}

/**
 * Finds runs marked running that nobody alive watches (their backend or CLI died or exited) and settles them:
 * a run whose process is still there (same pid and start time) is re-adopted when `adopt` says so (the backend: all;
 * a CLI: its own run) and left alone otherwise; a run whose process is gone gets its outcome from its exit file, or `interrupted`.
 * Claims go through queue.json under the store lock, so two backends never adopt the same run.
 */
export async function reconcileRuns(
  ctx: RunnerContext,
  options: { adopt: (runId: RunId) => boolean; watching: ReadonlySet<RunId> },
): Promise<ReconcileResult> {
  // Slurm runs are found again by job id (slurm/reconcileSlurmRuns.ts), never through queue.json.
  const running = (await ctx.store.listRuns({ status: 'running' })).filter((r) => !r.slurm).map((r) => r.id);
  const queued = (await ctx.store.listRuns({ status: 'queued' })).filter((r) => !r.slurm).map((r) => r.id);
  if (running.length === 0 && queued.length === 0 && (await readQueue(ctx.workspace)).active.length === 0)
    return { adopted: [], ended: [] };
  const { result: claimed } = await updateQueue(ctx.workspace, async (state) => {
    const toAdopt: RunRecord[] = [];
    const toSettle: RunRecord[] = [];
    const unqueued = await settleUnqueued(ctx, state, queued);
    for (const id of running) {
      if (!state.active.some((a) => a.runId === id)) {
        state.active.push({
          runId: id,
          experiment: '',
          gpus: [],
          startedAt: new Date().toISOString(),
          claimedBy: { pid: 0, startTime: null },
        });
      }
    }
    const keep = [];
    for (const entry of state.active) {
      if (options.watching.has(entry.runId)) {
        keep.push(entry);
        continue;
      }
      const mine = sameRef(entry.claimedBy, ctx.self);
      if (!mine && alive(entry.claimedBy)) {
        keep.push(entry);
        continue;
      }
      const read = await readRunRecord(ctx.store.runDir(entry.runId));
      if (!read.ok || isTerminal(read.record.status)) continue;
      const record = read.record;
      entry.experiment ||= record.experiment;
      entry.gpus = record.gpus ?? entry.gpus;
      if (record.status === 'queued') {
        state.items.unshift({
          runId: record.id,
          experiment: record.experiment,
          gpus: 0,
          enqueuedAt: record.createdAt,
          display: record.command,
        });
        continue;
      }
      keep.push(entry);
      if (record.pid && isSameProcess(record.pid, record.pidStartTime)) {
        if (!options.adopt(record.id) || (!mine && record.supervisor && alive(record.supervisor))) continue;
        entry.claimedBy = ctx.self;
        toAdopt.push(record);
      } else if (!record.pid && alive(record.supervisor)) {
        continue;
      } else {
        entry.claimedBy = ctx.self;
        toSettle.push(record);
      }
    }
    state.active = keep;
    return { toAdopt, toSettle, unqueued };
  });
  for (const record of claimed.unqueued) {
    await ctx.store.refreshSummary(record.id).catch(() => undefined);
    ctx.emit(runStatusEvent(record));
  }
  const adopted: RunSupervisor[] = [];
  for (const record of claimed.toAdopt) {
    const updated = await ctx.store.updateRun(record.id, {
      supervisor: ctx.self,
      heartbeatAt: new Date().toISOString(),
    });
    const runDir = ctx.store.runDir(record.id);
    const logSize = await stat(runPaths(runDir).log).then(
      (s) => s.size,
      () => 0,
    );
    const proc = pollForExit(runDir, record.pid!, record.pidStartTime ?? null, ctx.timing.exitPollMs);
    adopted.push(new RunSupervisor(ctx, updated, proc, { logOffset: Math.max(0, logSize - ADOPT_LOG_REPLAY) }));
    ctx.log('info', `run ${record.id} (${record.experiment}) re-adopted: pid ${record.pid} is still running`);
  }
  const ended: RunRecord[] = [...claimed.unqueued];
  for (const record of claimed.toSettle) {
    const final = await finalizeRun(ctx, record.id, undefined);
    if (final) ended.push(final);
  }
  return { adopted, ended };
}

/**
 * Runs marked `queued` that neither wait in the queue nor are being started. A run and its queue entry are written in
 * one locked step, so under the lock such a run can only be the leftover of a process that died in that step (or of
 * an older version): it is recorded as `interrupted` rather than left waiting for ever.
 */
async function settleUnqueued(
  ctx: RunnerContext,
  state: QueueState,
  candidates: readonly RunId[],
): Promise<RunRecord[]> {
  await ctx.store.removeAbandonedStaging();
  const settled: RunRecord[] = [];
  for (const id of candidates) {
    if (state.items.some((i) => i.runId === id) || state.active.some((a) => a.runId === id)) continue;
    const read = await readRunRecord(ctx.store.runDir(id));
    if (!read.ok || read.record.status !== 'queued') continue;
    settled.push(
      await ctx.store.patchRecord(id, {
        status: 'interrupted',
        endedAt: new Date().toISOString(),
        error: 'it never reached the queue: the mlops process that queued it ended first',
      }),
    );
  }
  return settled;
}
