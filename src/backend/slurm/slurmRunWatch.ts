import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors';
import type { RunId, RunRecord, SlurmJobRecord } from '../../core/tracking/types';
import { readExitStatus } from '../process/exitStatus';
import { finalizeRun, runStatusEvent } from '../runs/finalizeRun';
import type { RunnerContext } from '../runs/runnerContext';
import type { RunWatch } from '../runs/runWatch';
import { appendSystemSample } from '../system/systemSampler';
import type { ChangeTrigger } from '../watch/changeTrigger';
import { followRunLog } from '../runs/followRunLog';
import { SLURM_ALLOC_FILE } from './sbatchScript';
import { finalJobInfo, scancel, sstatBatch } from './slurmCommands';
import type { SlurmPoller } from './slurmPoller';
import { isSlurmEnded, liveRunStatus, slurmOutcome, type SlurmJobInfo } from './slurmStates';

/** The node and GPUs the job reported when it started (written by the batch script). */
async function readAllocation(runDir: string): Promise<{ node: string; gpus: number[] } | undefined> {
  try {
    const alloc = JSON.parse(await readFile(join(runDir, SLURM_ALLOC_FILE), 'utf8')) as {
      node?: string;
      cuda?: string;
    };
    const gpus = (alloc.cuda ?? '')
      .split(',')
      .filter((s) => /^\d+$/.test(s.trim()))
      .map(Number);
    return { node: alloc.node ?? '', gpus };
  } catch {
    return undefined;
  }
}

/**
 * Watches one Slurm run until its job ends: squeue's state and reason into run.json (`queued (PD: Priority)`, then
 * `running` on its node), the Slurm output file as output events, sstat's CPU and memory as system samples, and the
 * end from sacct / `scontrol show job` with the exit file the wrapper wrote on the node. `detach()` lets go; the
 * job keeps going and is found again by its id.
 */
export class SlurmRunWatch implements RunWatch {
  readonly done: Promise<RunRecord | undefined>;
  readonly pid = undefined;
  private readonly runDir: string;
  private readonly jobId: string;
  private readonly unwatch: () => void;
  private readonly logTrigger: ChangeTrigger;
  private readonly heartbeat: NodeJS.Timeout;
  private sampler: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private finish: (ended: boolean) => void = () => undefined;
  private lastCpu: { at: number; seconds: number } | undefined;
  private ending = false;

  constructor(
    private readonly ctx: RunnerContext,
    private record: RunRecord,
    poller: SlurmPoller,
    options: { logOffset?: number } = {},
  ) {
    this.runDir = ctx.store.runDir(record.id);
    this.jobId = record.slurm!.jobId!;
    this.logTrigger = followRunLog(ctx, record.id, this.runDir, options.logOffset);
    this.heartbeat = setInterval(
      () => this.serial(() => this.patch({ heartbeatAt: new Date().toISOString() })),
      ctx.timing.heartbeatMs,
    );
    const finished = new Promise<boolean>((resolve) => (this.finish = resolve));
    this.done = finished.then(async (ended) => {
      this.release();
      if (!ended) {
        // Detached (the backend closes, the job goes on): stop following its log too, or its poll outlives us.
        this.logTrigger.close();
        return undefined;
      }
      await this.chain;
      await this.logTrigger.flush().catch(() => undefined);
      this.logTrigger.close();
      return this.settle();
    });
    this.unwatch = poller.watch(this.jobId, {
      seen: (info) => this.serial(() => this.onSeen(info)),
      gone: () => this.serial(async () => this.finish(true)),
    });
    if (record.status === 'running') this.startSampling();
  }

  get runId(): RunId {
    return this.record.id;
  }

  /** scancel; resolves when the run is recorded as ended (`killed`). */
  async stop(): Promise<RunRecord | undefined> {
    this.record = await this.ctx.store.updateRun(this.record.id, { stopRequestedAt: new Date().toISOString() });
    await scancel(this.jobId);
    return this.done;
  }

  detach(): void {
    this.finish(false);
  }

  private async onSeen(info: SlurmJobInfo): Promise<void> {
    if (isSlurmEnded(info.state)) {
      this.finish(true);
      return;
    }
    const status = liveRunStatus(info.state);
    const slurm: SlurmJobRecord = { ...this.record.slurm!, state: info.state, reason: info.reason, node: info.node };
    const before = this.record;
    const changed =
      before.status !== status ||
      before.slurm?.state !== slurm.state ||
      before.slurm?.reason !== slurm.reason ||
      before.slurm?.node !== slurm.node;
    if (!changed) return;
    const patch: Partial<RunRecord> = { status, slurm };
    if (status === 'running' && before.status !== 'running') {
      patch.startedAt = info.startTime ?? new Date().toISOString();
      const alloc = await readAllocation(this.runDir);
      if (alloc) patch.gpus = alloc.gpus;
      this.startSampling();
      this.ctx.log(
        'info',
        `run ${before.id} (${before.experiment}) started: Slurm job ${this.jobId} on ${info.node ?? '?'}`,
      );
    }
    await this.patch(patch);
    this.ctx.emit(runStatusEvent(this.record));
  }

  /** sstat every systemSampleMs while the job runs: CPU % (from CPU seconds) and RSS. */
  private startSampling(): void {
    if (this.sampler) return;
    const startedAtMs = Date.parse(this.record.startedAt ?? this.record.createdAt);
    this.sampler = setInterval(() => {
      void sstatBatch(this.jobId).then(
        async (stat) => {
          if (!stat || this.ending) return;
          const now = Date.now();
          const cpu =
            this.lastCpu && now > this.lastCpu.at
              ? (100 * Math.max(0, stat.cpuSeconds - this.lastCpu.seconds) * 1000) / (now - this.lastCpu.at)
              : 0;
          this.lastCpu = { at: now, seconds: stat.cpuSeconds };
          const sample = { timestamp: now, cpu: Math.round(cpu * 10) / 10, rss: Math.round(stat.rssMiB * 10) / 10 };
          if (!this.record.gpus?.length) {
            const alloc = await readAllocation(this.runDir);
            if (alloc?.gpus.length) await this.patch({ gpus: alloc.gpus });
          }
          appendSystemSample(this.runDir, startedAtMs, sample);
          this.ctx.emit({ type: 'systemSample', runId: this.record.id, sample });
        },
        (err) => this.ctx.log('warn', `run ${this.record.id}: sstat: ${errorMessage(err)}`),
      );
    }, this.ctx.timing.systemSampleMs);
  }

  private async settle(): Promise<RunRecord | undefined> {
    const info = await finalJobInfo(this.jobId).catch(() => undefined);
    const current = (await this.ctx.store.getRun(this.record.id)) ?? this.record;
    return settleSlurmRun(this.ctx, current, info);
  }

  private release(): void {
    this.ending = true;
    this.unwatch();
    clearInterval(this.heartbeat);
    if (this.sampler) clearInterval(this.sampler);
  }

  private async patch(patch: Partial<RunRecord>): Promise<void> {
    try {
      this.record = await this.ctx.store.updateRun(this.record.id, patch);
    } catch (err) {
      this.ctx.log('warn', `run ${this.record.id}: could not update run.json: ${errorMessage(err)}`);
    }
  }

  private serial(fn: () => Promise<void>): void {
    this.chain = this.chain
      .then(fn)
      .catch((err) => this.ctx.log('warn', `run ${this.record.id}: ${errorMessage(err)}`));
  }
}

/** Records the end of a Slurm run from Slurm's last word on its job and the exit file written on the node. */
export async function settleSlurmRun(
  ctx: RunnerContext,
  record: RunRecord,
  info: SlurmJobInfo | undefined,
): Promise<RunRecord | undefined> {
  const exitFile = await readExitStatus(ctx.store.runDir(record.id));
  const outcome = slurmOutcome(info, exitFile, Boolean(record.stopRequestedAt));
  if (info && record.slurm) {
    // A job that ran while nobody watched gets its start from Slurm (a job cancelled while pending has no node).
    const startedAt = record.startedAt ?? (info.node ? info.startTime : null);
    await ctx.store
      .updateRun(record.id, {
        startedAt,
        slurm: { ...record.slurm, state: info.state, reason: info.reason, node: info.node ?? record.slurm.node },
      })
      .catch(() => undefined);
  }
  // A sweep's early stop (scancel of a pruned trial) ends it `pruned`, as a local trial would.
  const pruned =
    record.prune && record.stopRequestedAt ? { status: 'pruned' as const, error: record.prune.reason } : undefined;
  return finalizeRun(ctx, record.id, outcome.exit, {
    outcome: pruned ?? { status: outcome.status, error: outcome.error },
  });
}
