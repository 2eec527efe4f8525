import { setTimeout as delay } from 'node:timers/promises';
import { MlopsError } from '../../core/errors';
import { isTerminal, type RunId, type RunRecord } from '../../core/tracking/types';
import { readExitStatus } from '../process/exitStatus';
import { isSameProcess } from '../process/procfs';
import { terminateGroup } from '../process/terminateGroup';
import { updateQueue } from '../queue/queueStore';
import { cancelItem } from '../queue/queueState';
import { finalizeRun, runStatusEvent } from './finalizeRun';
import type { RunnerContext } from './runnerContext';
import type { RunWatch } from './runWatch';
import { stopSlurmRun } from '../slurm/stopSlurmRun';

/**
 * Removes a queued run from the queue and records it as killed before it started, in one locked step. A run marked
 * `queued` that no queue holds (left by a process that died while queuing it) is cancelled the same way.
 */
export async function cancelQueuedRun(ctx: RunnerContext, runId: RunId): Promise<RunRecord> {
  const { result: record } = await updateQueue(ctx.workspace, async (state) => {
    const current = await ctx.store.getRun(runId);
    if (current && isTerminal(current.status)) return current;
    const inQueue = state.items.some((i) => i.runId === runId);
    const orphan = !inQueue && current?.status === 'queued' && !state.active.some((a) => a.runId === runId);
    if (!orphan) cancelItem(state, runId);
    return ctx.store.patchRecord(runId, {
      status: 'killed',
      endedAt: new Date().toISOString(),
      error: 'cancelled before it started',
    });
  });
  await ctx.store.refreshSummary(runId);
  ctx.emit(runStatusEvent(record));
  return record;
}

async function waitUntilEnded(ctx: RunnerContext, runId: RunId, timeoutMs: number): Promise<RunRecord | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await ctx.store.getRun(runId);
    if (!record || isTerminal(record.status) || Date.now() > deadline) return record;
    await delay(100);
  }
}

/**
 * Stops a run wherever it is: a queued one leaves the queue; one this process watches is stopped through its
 * supervisor; one watched by another process (another window, a CLI) is signalled by pid here and recorded as
 * `killed` by whoever sees it end (this process, when nobody else watches it).
 */
export async function stopRun(
  ctx: RunnerContext,
  runId: RunId,
  supervisors: ReadonlyMap<RunId, RunWatch>,
): Promise<RunRecord> {
  const local = supervisors.get(runId);
  if (local) return (await local.stop()) ?? (await ctx.store.getRun(runId))!;
  const record = await ctx.store.getRun(runId);
  if (!record) throw new MlopsError(`no run ${runId}`, 'not-found', "Run 'mlops runs' to list run ids.");
  if (record.slurm && !isTerminal(record.status)) return stopSlurmRun(ctx, record);
  if (record.status === 'queued') return cancelQueuedRun(ctx, runId);
  if (isTerminal(record.status)) return record;
  await ctx.store.updateRun(runId, { stopRequestedAt: new Date().toISOString() });
  if (record.pid) await terminateGroup(record.pid, { graceMs: ctx.timing.stopGraceMs, startTime: record.pidStartTime });
  const watcher = record.supervisor;
  const watched = watcher && !(watcher.pid === ctx.self.pid) && isSameProcess(watcher.pid, watcher.startTime);
  if (watched) {
    const ended = await waitUntilEnded(ctx, runId, ctx.timing.exitPollMs * 3 + 5000);
    if (ended && isTerminal(ended.status)) return ended;
  }
  const exit = record.pid ? await readExitStatus(ctx.store.runDir(runId)) : undefined;
  return (await finalizeRun(ctx, runId, exit)) ?? record;
}
