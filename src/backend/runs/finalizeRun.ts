import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors';
import { hashArtifacts } from '../../core/lineage/dataHashing';
import { runPaths } from '../../core/store/layout';
import { lastLogLines } from '../../core/tracking/runReader';
import type { RunId, RunRecord, RunStatus } from '../../core/tracking/types';
import type { ExitInfo } from '../process/exitStatus';
import { updateQueue } from '../queue/queueStore';
import { keepDvcliveCopy, liveDvcliveDir } from './dvclivePickup';
import type { RunnerContext } from './runnerContext';

export const FAILURE_LOG_LINES = 50;
const OUTPUT_HASH_TIMEOUT_MS = 120_000;

/** How a run ended, from its exit status (undefined: it ended unobserved and left none) and whether a stop was asked. */
export function outcomeOf(exit: ExitInfo | undefined, stopRequested: boolean): { status: RunStatus; error: string | null } {
  if (stopRequested) return { status: 'killed', error: null };
  if (!exit) return { status: 'interrupted', error: 'the run ended while no backend was watching it and left no exit status' };
  if (exit.signal && (exit.exitCode === null || exit.exitCode > 128)) return { status: 'killed', error: `killed by ${exit.signal}` };
  if (exit.exitCode === 0) return { status: 'completed', error: null };
  return { status: 'failed', error: `exited with code ${exit.exitCode}` };
}

async function trainerEngine(runDir: string): Promise<string | undefined> {
  try {
    const report = JSON.parse(await readFile(join(runDir, 'trainer.json'), 'utf8')) as { engine?: unknown };
    return typeof report.engine === 'string' ? report.engine : undefined;
  } catch {
    return undefined;
  }
}

export function runStatusEvent(record: RunRecord, logTail?: string[]) {
  return {
    type: 'runStatus' as const,
    runId: record.id,
    experiment: record.experiment,
    status: record.status,
    exitCode: record.exitCode,
    signal: record.signal,
    error: record.error ?? null,
    gpus: record.gpus ?? [],
    ...(logTail ? { logTail } : {}),
  };
}

/**
 * Records the end of a run: status, exit code and signal, the script's dvclive folder, the tfjs engine; refreshes
 * its index row, frees its queue slot and GPUs, and announces it; then queues the writing of its series sidecars.
 * Idempotent: a run already ended is left alone.
 */
export async function finalizeRun(
  ctx: RunnerContext,
  runId: RunId,
  exit: ExitInfo | undefined,
  options: { failure?: string } = {},
): Promise<RunRecord | undefined> {
  const current = await ctx.store.getRun(runId);
  if (!current) return undefined;
  if (current.status !== 'running' && current.status !== 'queued') {
    await releaseSlot(ctx, runId);
    return current;
  }
  const runDir = ctx.store.runDir(runId);
  const { status, error } = options.failure ? { status: 'failed' as const, error: options.failure } : outcomeOf(exit, Boolean(current.stopRequestedAt));
  const patch: Partial<RunRecord> = {
    status,
    endedAt: new Date().toISOString(),
    exitCode: exit?.exitCode ?? null,
    signal: exit?.signal ?? null,
    error: current.error ?? error,
  };
  const startedAtMs = current.startedAt ? Date.parse(current.startedAt) : Date.parse(current.createdAt);
  try {
    const dvclive = await liveDvcliveDir(current.cwd, startedAtMs);
    if (dvclive) patch.dvcliveDir = await keepDvcliveCopy(dvclive, runDir);
  } catch (err) {
    ctx.log('warn', `run ${runId}: could not keep its dvclive folder: ${errorMessage(err)}`);
  }
  const engine = await trainerEngine(runDir);
  if (engine) patch.engine = engine;
  const outputs = await hashArtifacts(ctx.workspace, runPaths(runDir).artifacts, { signal: AbortSignal.timeout(OUTPUT_HASH_TIMEOUT_MS) }).catch((err) => {
    ctx.log('warn', `run ${runId}: could not hash its artifacts: ${errorMessage(err)}`);
    return [];
  });
  if (outputs.length > 0) patch.data = [...current.data.filter((d) => d.role !== 'output'), ...outputs];
  const record = await ctx.store.updateRun(runId, patch);
  await ctx.store.refreshSummary(runId).catch(() => undefined);
  await releaseSlot(ctx, runId);
  const logTail = status === 'failed' || status === 'interrupted' ? await lastLogLines(runDir, FAILURE_LOG_LINES).catch(() => []) : undefined;
  ctx.emit(runStatusEvent(record, logTail));
  ctx.log(status === 'completed' ? 'info' : 'warn', `run ${runId} (${record.experiment}) ${status}${record.error ? `: ${record.error}` : ''}`);
  ctx.sidecars.add(runId, runDir);
  return record;
}

async function releaseSlot(ctx: RunnerContext, runId: RunId): Promise<void> {
  await updateQueue(ctx.workspace, (state) => {
    state.active = state.active.filter((a) => a.runId !== runId);
    state.items = state.items.filter((i) => i.runId !== runId);
  });
}
