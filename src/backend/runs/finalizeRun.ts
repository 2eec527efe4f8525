import { appendFile, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { errorMessage } from '../../core/errors';
import { hashArtifacts } from '../../core/lineage/dataHashing';
import { runPaths } from '../../core/store/layout';
import { lastLogLines } from '../../core/tracking/runReader';
import type { RunId, RunRecord, RunStatus } from '../../core/tracking/types';
import { exitStatusPath, readExitStatus, type ExitInfo } from '../process/exitStatus';
import { terminateGroup } from '../process/terminateGroup';
import { syncLatestMetrics } from '../../core/tracking/seriesLastPoint';
import { updateQueue } from '../queue/queueStore';
import { keepDvcliveCopy, liveDvcliveDir } from './dvclivePickup';
import { pickUpTensorboard } from './tensorboardPickup';
import type { RunnerContext } from './runnerContext';

export const FAILURE_LOG_LINES = 50;
const OUTPUT_HASH_TIMEOUT_MS = 120_000;

/** How a run ended, from its exit status (undefined: it ended unobserved and left none) and whether a stop was asked. */
export function outcomeOf(
  exit: ExitInfo | undefined,
  stopRequested: boolean,
): { status: RunStatus; error: string | null } {
  if (stopRequested) return { status: 'killed', error: null };
  if (!exit)
    return { status: 'interrupted', error: 'the run ended while no backend was watching it and left no exit status' };
  if (exit.signal && (exit.exitCode === null || exit.exitCode > 128))
    return { status: 'killed', error: `killed by ${exit.signal}` };
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
  options: { failure?: string; outcome?: { status: RunStatus; error: string | null } } = {},
): Promise<RunRecord | undefined> {
  const current = await ctx.store.getRun(runId);
  if (!current) return undefined;
  if (current.status !== 'running' && current.status !== 'queued') {
    await releaseSlot(ctx, runId);
    return current;
  }
  const runDir = ctx.store.runDir(runId);
  await endLeftoverProcesses(ctx, current);
  const exitFile = await readExitFile(runDir);
  const ended = exitFile?.exit ?? exit;
  const { status, error } = options.failure
    ? { status: 'failed' as const, error: options.failure }
    : options.outcome
      ? options.outcome
      : !ended && !current.pid && !current.stopRequestedAt
        ? {
            status: 'interrupted' as const,
            error: 'it never started: the mlops process that launched it ended before its command could start',
          }
        : current.prune && current.stopRequestedAt
          ? { status: 'pruned' as const, error: current.prune.reason }
          : outcomeOf(ended, Boolean(current.stopRequestedAt));
  const patch: Partial<RunRecord> = {
    status,
    endedAt: exitFile?.writtenAt ?? new Date().toISOString(),
    exitCode: ended?.exitCode ?? null,
    signal: ended?.signal ?? null,
    error: current.error ?? error,
  };
  const startedAtMs = current.startedAt ? Date.parse(current.startedAt) : Date.parse(current.createdAt);
  try {
    const dvclive = await liveDvcliveDir(current.cwd, startedAtMs);
    if (dvclive) patch.dvcliveDir = await keepDvcliveCopy(dvclive, runDir);
  } catch (err) {
    ctx.log('warn', `run ${runId}: could not keep its dvclive folder: ${errorMessage(err)}`);
  }
  try {
    const tensorboard = await pickUpTensorboard(current.cwd, runDir, startedAtMs);
    if (tensorboard.folders > 0) {
      await appendFile(runPaths(runDir).log, tensorboard.messages.map((m) => `mlops: ${m}\n`).join('')).catch(
        () => undefined,
      );
      for (const m of tensorboard.messages)
        ctx.log(m.startsWith('warning') || m.includes('could not be read') ? 'warn' : 'info', `run ${runId}: ${m}`);
    }
  } catch (err) {
    ctx.log('warn', `run ${runId}: could not import its TensorBoard event files: ${errorMessage(err)}`);
  }
  await syncSummaryWithSeries(ctx, runDir, patch.dvcliveDir ?? current.dvcliveDir);
  const engine = await trainerEngine(runDir);
  if (engine) patch.engine = engine;
  const skipped: Array<{ path: string; target: string }> = [];
  const outputs = await hashArtifacts(ctx.workspace, runPaths(runDir).artifacts, {
    signal: AbortSignal.timeout(OUTPUT_HASH_TIMEOUT_MS),
    confineTo: runDir,
    onSkipped: (link) => skipped.push(link),
  }).catch((err) => {
    ctx.log('warn', `run ${runId}: could not hash its artifacts: ${errorMessage(err)}`);
    return [];
  });
  if (skipped.length > 0) {
    patch.skippedArtifacts = skipped;
    const lines = skipped.map(
      (l) =>
        `mlops: artifact ${l.path} links outside the run folder (to ${l.target}); it was not hashed or recorded as an output\n`,
    );
    await appendFile(runPaths(runDir).log, lines.join('')).catch(() => undefined);
    ctx.log(
      'warn',
      `run ${runId}: ${skipped.length} artifact link(s) outside the run folder skipped: ${skipped.map((l) => l.path).join(', ')}`,
    );
  }
  if (outputs.length > 0) patch.data = [...current.data.filter((d) => d.role !== 'output'), ...outputs];
  const record = await ctx.store.updateRun(runId, patch);
  await ctx.store.refreshSummary(runId).catch(() => undefined);
  await releaseSlot(ctx, runId);
  const logTail =
    status === 'failed' || status === 'interrupted'
      ? await lastLogLines(runDir, FAILURE_LOG_LINES).catch(() => [])
      : undefined;
  ctx.emit(runStatusEvent(record, logTail));
  ctx.log(
    status === 'completed' ? 'info' : 'warn',
    `run ${runId} (${record.experiment}) ${status}${record.error ? `: ${record.error}` : ''}`,
  );
  ctx.sidecars.add(runId, runDir);
  return record;
}

/**
 * Ends whatever of the run is still running (an orphan whose wrapper shell was killed, a background child) before the
 * run is recorded as ended, so nothing writes into an ended run.
 */
async function endLeftoverProcesses(ctx: RunnerContext, record: RunRecord): Promise<void> {
  if (!record.pid) return;
  const sent = await terminateGroup(record.pid, { graceMs: ctx.timing.stopGraceMs, startTime: record.pidStartTime });
  if (!sent) return;
  const message = `processes of the run were still running after it ended; ended them with ${sent}`;
  ctx.log('warn', `run ${record.id}: ${message}`);
  await appendFile(runPaths(ctx.store.runDir(record.id)).log, `mlops: ${message}\n`).catch(() => undefined);
}

/** The wrapper's exit status and when it was written (the moment the run's command ended). */
async function readExitFile(runDir: string): Promise<{ exit: ExitInfo; writtenAt: string } | undefined> {
  const exit = await readExitStatus(runDir);
  if (!exit) return undefined;
  const info = await stat(exitStatusPath(runDir)).catch(() => null);
  return { exit, writtenAt: (info ? info.mtime : new Date()).toISOString() };
}

/** metrics.json (and so `mlops show` and the index) takes each series' last whole line, in the run's own folders. */
async function syncSummaryWithSeries(
  ctx: RunnerContext,
  runDir: string,
  dvcliveDir: string | null | undefined,
): Promise<void> {
  const roots = [runDir, ...(dvcliveDir && isInside(runDir, dvcliveDir) ? [dvcliveDir] : [])];
  for (const root of roots) {
    await syncLatestMetrics(root).catch((err) =>
      ctx.log('warn', `could not update ${root}/metrics.json from its series: ${errorMessage(err)}`),
    );
  }
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function releaseSlot(ctx: RunnerContext, runId: RunId): Promise<void> {
  await updateQueue(ctx.workspace, (state) => {
    state.active = state.active.filter((a) => a.runId !== runId);
    state.items = state.items.filter((i) => i.runId !== runId);
  });
}
