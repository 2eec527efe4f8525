import { errorMessage } from '../../core/errors';
import type { RunRecord } from '../../core/tracking/types';
import type { ExitInfo } from '../process/exitStatus';
import { readExitStatus } from '../process/exitStatus';
import { isSameProcess } from '../process/procfs';
import { terminateGroup } from '../process/terminateGroup';
import { SystemSampler } from '../system/systemSampler';
import type { ChangeTrigger } from '../watch/changeTrigger';
import { followRunLog } from './followRunLog';
import { liveDvcliveDir } from './dvclivePickup';
import { finalizeRun } from './finalizeRun';
import type { RunnerContext } from './runnerContext';
import { TensorboardFollower } from './tensorboardPickup';

export interface WatchedProcess {
  pid: number;
  startTime: number | null;
  /** Settles when the process has ended, with its exit status when it is known. */
  exited: Promise<ExitInfo | undefined>;
  /** Stops waiting (the exit is then never reported). */
  cancel?(): void;
}

/** Waits for a process this backend did not spawn (a re-adopted run) by polling its pid, then reads its exit file. */
export function pollForExit(runDir: string, pid: number, startTime: number | null, pollMs: number): WatchedProcess {
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<ExitInfo | undefined>((resolve) => {
    timer = setInterval(() => {
      if (isSameProcess(pid, startTime)) return;
      clearInterval(timer);
      void readExitStatus(runDir).then(resolve);
    }, pollMs);
  });
  return { pid, startTime, exited, cancel: () => clearInterval(timer) };
}

/**
 * Watches one running run until it ends: streams its log as events, samples system metrics, keeps a heartbeat in
 * run.json, notices a dvclive folder, reads TensorBoard event files into its series, and records the outcome. `detach()` lets go without touching the process
 * (the backend is going away; the next one re-adopts the run).
 */
export class RunSupervisor {
  readonly done: Promise<RunRecord | undefined>;
  private readonly runDir: string;
  private readonly sampler: SystemSampler;
  private readonly logTrigger: ChangeTrigger;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly tensorboardTimer: NodeJS.Timeout;
  private tensorboardPoll: Promise<unknown> = Promise.resolve();
  private detached = false;
  private beating: Promise<void> = Promise.resolve();
  private resolveDetached: () => void = () => undefined;

  constructor(
    private readonly ctx: RunnerContext,
    private record: RunRecord,
    private readonly proc: WatchedProcess,
    options: { logOffset?: number; lineage?: Promise<void> } = {},
  ) {
    this.runDir = ctx.store.runDir(record.id);
    const startedAtMs = Date.parse(record.startedAt ?? record.createdAt);
    this.sampler = new SystemSampler({
      runDir: this.runDir,
      pid: proc.pid,
      gpus: record.gpus ?? [],
      startedAtMs,
      intervalMs: ctx.timing.systemSampleMs,
      gpuMonitor: ctx.gpuMonitor,
      onSample: (sample) => ctx.emit({ type: 'systemSample', runId: record.id, sample }),
    });
    this.sampler.start();
    this.logTrigger = followRunLog(ctx, record.id, this.runDir, options.logOffset);
    this.heartbeat = setInterval(() => {
      this.beating = this.beat(startedAtMs);
    }, ctx.timing.heartbeatMs);
    const tensorboard = new TensorboardFollower(record.cwd, this.runDir, startedAtMs);
    this.tensorboardTimer = setInterval(() => {
      // One poll at a time: a slow read is followed by the next tick, never overlapped.
      this.tensorboardPoll = this.tensorboardPoll.then(() =>
        tensorboard.poll().catch((err: unknown) => {
          ctx.log('warn', `run ${record.id}: could not read its TensorBoard event files yet: ${errorMessage(err)}`);
        }),
      );
    }, ctx.timing.tensorboardPollMs);
    const detachedSignal = new Promise<'detached'>((resolve) => (this.resolveDetached = () => resolve('detached')));
    this.done = Promise.race([proc.exited.then((exit) => ({ exit })), detachedSignal]).then(async (outcome) => {
      this.release();
      if (outcome === 'detached') return undefined;
      await this.beating;
      await this.tensorboardPoll;
      await options.lineage?.catch(() => undefined);
      await this.logTrigger.flush().catch(() => undefined);
      this.logTrigger.close();
      return finalizeRun(ctx, record.id, outcome.exit);
    });
  }

  get runId() {
    return this.record.id;
  }

  get pid() {
    return this.proc.pid;
  }

  /** SIGTERM to the run's process group, SIGKILL after the grace period; resolves when the run is recorded as ended. */
  async stop(graceMs = this.ctx.timing.stopGraceMs): Promise<RunRecord | undefined> {
    this.record = await this.ctx.store.updateRun(this.record.id, { stopRequestedAt: new Date().toISOString() });
    await terminateGroup(this.proc.pid, { graceMs, startTime: this.proc.startTime });
    return this.done;
  }

  detach(): void {
    this.detached = true;
    this.resolveDetached();
  }

  private release(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.tensorboardTimer);
    this.sampler.stop();
    if (this.detached) {
      this.proc.cancel?.();
      this.logTrigger.close();
    }
  }

  private async beat(startedAtMs: number): Promise<void> {
    try {
      const patch: Partial<RunRecord> = { heartbeatAt: new Date().toISOString() };
      if (!this.record.dvcliveDir) {
        const dvclive = await liveDvcliveDir(this.record.cwd, startedAtMs);
        if (dvclive) patch.dvcliveDir = dvclive;
      }
      if (this.detached) return;
      this.record = await this.ctx.store.updateRun(this.record.id, patch);
    } catch (err) {
      this.ctx.log('warn', `run ${this.record.id}: heartbeat failed: ${errorMessage(err)}`);
    }
  }
}
