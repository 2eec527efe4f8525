import { appendFile, stat } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { MlopsError, errorMessage } from '../core/errors';
import { FileRunStore } from '../core/store/fileRunStore';
import { storePaths, runPaths } from '../core/store/layout';
import type { RunStore } from '../core/store/runStore';
import type { RunId, RunRecord } from '../core/tracking/types';
import type { BackendEvent, GpuInventory, LaunchParams, LaunchResult, QueueSnapshot } from '../protocol/backend';
import { GpuMonitor } from './gpu/gpuMonitor';
import { chooseGpus } from './runs/gpuChoice';
import { processStartTime } from './process/procfs';
import { toSnapshot } from './queue/queueSnapshot';
import { applyClaims, chooseClaims, markRunNow, moveItem, setConcurrency, type ProcessRef } from './queue/queueState';
import { readQueue, updateQueue } from './queue/queueStore';
import { findClientPaths, type ClientPaths } from './runs/clientPaths';
import { runStatusEvent } from './runs/finalizeRun';
import { queuedRunFields, relocateCwd, writeLaunchPlan, type LaunchPlan } from './runs/launchPlan';
import { captureLineageAtLaunch } from './runs/lineageAtLaunch';
import { withStoreLock } from '../core/store/storeLock';
import { checkInputs } from '../core/lineage/dataHashing';
import { overridesToParams, planExperiment } from './runs/planExperiment';
import { reconcileRuns } from './runs/reconcile';
import { DEFAULT_TIMING, type RunnerContext, type RunnerTiming } from './runs/runnerContext';
import type { RunWatch } from './runs/runWatch';
import { reconcileSlurmRuns } from './slurm/reconcileSlurmRuns';
import { SlurmPoller } from './slurm/slurmPoller';
import { SlurmRunWatch } from './slurm/slurmRunWatch';
import { submitSlurmRun } from './slurm/submitSlurmRun';
import { topJob } from './slurm/slurmCommands';
import { SidecarQueue } from './runs/sidecarQueue';
import { startClaimedRun } from './runs/startRun';
import { cancelQueuedRun, stopRun } from './runs/stopRun';

export interface RunnerOptions {
  workspace: string;
  /**
   * `backend`: watches every run it starts and re-adopts runs nobody watches. `cli`: watches only the runs it was
   * asked to launch; other queued runs it starts (when it finds free capacity) are handed off to be re-adopted.
   */
  role: 'backend' | 'cli';
  store?: RunStore;
  pythonPath?: string;
  timing?: Partial<RunnerTiming>;
  clients?: ClientPaths;
  baseEnv?: NodeJS.ProcessEnv;
  captureLineage?: boolean;
  emit?: (event: BackendEvent) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * The run lifecycle, shared by the backend process and the CLI: launch (queue, then start when capacity and GPUs
 * allow), stop, queue operations, and finding runs again after a restart.
 */
export class Runner {
  readonly ctx: RunnerContext;
  private readonly supervisors = new Map<RunId, RunWatch>();
  private readonly own = new Set<RunId>();
  /** Slurm runs between their creation and their watch (sbatch in flight): recover leaves them alone. */
  private readonly submitting = new Set<RunId>();
  private readonly slurm: SlurmPoller;
  private chain: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: RunnerOptions) {
    const self: ProcessRef = { pid: process.pid, startTime: processStartTime(process.pid) };
    const log = options.log ?? (() => undefined);
    const timing = { ...DEFAULT_TIMING, ...options.timing };
    this.ctx = {
      workspace: options.workspace,
      store: options.store ?? new FileRunStore(options.workspace),
      clients: options.clients ?? findClientPaths(),
      gpuMonitor: new GpuMonitor(),
      self,
      timing,
      baseEnv: options.baseEnv ?? process.env,
      pythonPath: options.pythonPath,
      captureLineage: options.captureLineage ?? true,
      sidecars: new SidecarQueue(options.workspace, log, timing.sidecarMs),
      emit: options.emit ?? (() => undefined),
      log,
    };
    this.slurm = new SlurmPoller(this.ctx.timing.slurmPollMs, log);
  }

  /** Settles runs left behind by processes that are gone (and, for the backend, re-adopts live ones). */
  recover(): Promise<RunRecord[]> {
    return this.serial(async () => {
      const { adopted, ended } = await reconcileRuns(this.ctx, {
        adopt: (id) => this.options.role === 'backend' || this.own.has(id),
        watching: new Set(this.supervisors.keys()),
      });
      for (const supervisor of adopted) this.track(supervisor);
      const slurm = await reconcileSlurmRuns(this.ctx, this.slurm, {
        adopt: (id) => this.options.role === 'backend' || this.own.has(id),
        watching: new Set([...this.supervisors.keys(), ...this.submitting]),
      });
      for (const watch of slurm.adopted) this.track(watch);
      return [...ended, ...slurm.ended];
    });
  }

  async launch(params: LaunchParams, options: { supervise?: boolean } = {}): Promise<LaunchResult> {
    const plan = await planExperiment(this.ctx.workspace, params.experiment, overridesToParams(params.overrides), {
      pythonPath: this.ctx.pythonPath,
      tags: params.tags,
      executor: params.executor,
      defaultExecutor: params.defaultExecutor,
    });
    await checkInputs(this.ctx.workspace, plan.data);
    if (params.codeRoot) plan.cwd = relocateCwd(this.ctx.workspace, plan.cwd, params.codeRoot);
    if (plan.executor?.kind === 'slurm') return this.launchOnSlurm(params, plan, options);
    const gpuChoice = await chooseGpus(plan, params.cpu === true, () => this.ctx.gpuMonitor.inventory(5000));
    plan.gpus = gpuChoice.gpus;
    if (gpuChoice.cpuNote) {
      plan.env = { ...plan.env, CUDA_VISIBLE_DEVICES: '' };
      this.ctx.log('warn', gpuChoice.cpuNote);
    }
    const store = this.ctx.store;
    // One locked step: a run is never left `queued` outside the queue, whenever this process dies.
    const { result: record } = await updateQueue(this.ctx.workspace, async (state) => {
      const created = await store.writeNewRun(queuedRunFields(params, plan));
      await writeLaunchPlan(store.runDir(created.id), plan);
      state.items.push({
        runId: created.id,
        experiment: plan.experiment,
        gpus: plan.gpus,
        enqueuedAt: created.createdAt,
        display: plan.display,
      });
      if (params.runNow) markRunNow(state, created.id);
      return created;
    });
    const runDir = store.runDir(record.id);
    if (gpuChoice.cpuNote) await appendFile(runPaths(runDir).log, `mlops: ${gpuChoice.cpuNote}\n`);
    await store.refreshSummary(record.id);
    if (this.options.role === 'cli' && options.supervise !== false) this.own.add(record.id);
    this.ctx.emit(runStatusEvent(record));
    await this.tick();
    const position = (await readQueue(this.ctx.workspace)).items.findIndex((i) => i.runId === record.id);
    return {
      runId: record.id,
      runDir,
      status: position >= 0 ? 'queued' : 'running',
      position: position >= 0 ? position : null,
    };
  }

  /**
   * A Slurm run skips the local queue (Slurm's queue orders it, and it takes no local slot): it is created `queued`,
   * submitted at once, and watched by job id.
   */
  private async launchOnSlurm(
    params: LaunchParams,
    plan: LaunchPlan,
    options: { supervise?: boolean },
  ): Promise<LaunchResult> {
    const store = this.ctx.store;
    const supervise = this.options.role === 'backend' || options.supervise !== false;
    const record = await withStoreLock(this.ctx.workspace, async () => {
      const created = await store.writeNewRun({
        ...queuedRunFields(params, plan),
        executor: 'slurm',
        slurm: { jobId: null, state: null, reason: null, node: null, submitLine: '' },
      });
      await writeLaunchPlan(store.runDir(created.id), plan);
      return store.patchRecord(created.id, { supervisor: this.ctx.self });
    });
    this.submitting.add(record.id);
    try {
      await store.refreshSummary(record.id);
      this.ctx.emit(runStatusEvent(record));
      if (this.ctx.captureLineage) void captureLineageAtLaunch(this.ctx, record.id, plan).catch(() => undefined);
      const submitted = await submitSlurmRun(this.ctx, record.id, plan, { supervise });
      if (submitted.status === 'queued' && supervise) {
        if (this.options.role === 'cli') this.own.add(record.id);
        this.track(new SlurmRunWatch(this.ctx, submitted, this.slurm));
      }
      return { runId: record.id, runDir: store.runDir(record.id), status: 'queued', position: null };
    } finally {
      this.submitting.delete(record.id);
    }
  }

  /** Starts every queued run that fits now. */
  tick(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return;
      const queued = await readQueue(this.ctx.workspace);
      if (queued.items.length === 0) return;
      const indices = queued.items.some((i) => i.gpus > 0)
        ? (await this.ctx.gpuMonitor.inventory(2000)).gpus.map((g) => g.index)
        : [];
      const { result: claims } = await updateQueue(this.ctx.workspace, (state) => {
        const chosen = chooseClaims(state, indices);
        applyClaims(state, chosen, this.ctx.self);
        return chosen;
      });
      for (const { item, gpus } of claims) {
        const supervise = this.options.role === 'backend' || this.own.has(item.runId);
        try {
          const started = await startClaimedRun(this.ctx, item.runId, gpus, { supervise });
          if (started.supervisor) this.track(started.supervisor);
          else await started.lineage;
        } catch (err) {
          this.ctx.log('error', `run ${item.runId} could not start: ${errorMessage(err)}`);
        }
      }
    });
  }

  stop(runId: RunId): Promise<RunRecord> {
    return stopRun(this.ctx, runId, this.supervisors);
  }

  /** Stops a sweep's trial early: its process group is terminated gracefully and it ends `pruned`, points kept. */
  async prune(runId: RunId, reason: string, step: number | null): Promise<RunRecord> {
    await this.ctx.store.updateRun(runId, { prune: { reason, step } });
    return this.stop(runId);
  }

  /** Makes a CLI runner watch `runId` as its own (a sweep resumed from the CLI takes over its trials). */
  claim(runId: RunId): void {
    this.own.add(runId);
  }

  supervisorOf(runId: RunId): RunWatch | undefined {
    return this.supervisors.get(runId);
  }

  async cancel(runId: RunId): Promise<QueueSnapshot> {
    if ((await this.ctx.store.getRun(runId))?.slurm) await this.stop(runId);
    else await cancelQueuedRun(this.ctx, runId);
    return this.snapshot();
  }

  async reorder(runId: RunId, index: number): Promise<QueueSnapshot> {
    if ((await this.ctx.store.getRun(runId))?.slurm) {
      throw new MlopsError(
        `run ${runId} waits in Slurm's queue, which Slurm orders`,
        'conflict',
        'Use Run Now (scontrol top) to move it ahead of your other jobs.',
      );
    }
    await updateQueue(this.ctx.workspace, (state) => moveItem(state, runId, index));
    return this.snapshot();
  }

  async runNow(runId: RunId): Promise<QueueSnapshot> {
    const slurmJob = (await this.ctx.store.getRun(runId))?.slurm;
    if (slurmJob) {
      if (!slurmJob.jobId)
        throw new MlopsError(`run ${runId} has no Slurm job yet`, 'conflict', 'Wait until sbatch has answered.');
      await topJob(slurmJob.jobId);
      return this.snapshot();
    }
    await updateQueue(this.ctx.workspace, (state) => markRunNow(state, runId));
    await this.tick();
    return this.snapshot();
  }

  async setConcurrency(concurrency: number, allowGpuSharing?: boolean): Promise<QueueSnapshot> {
    await updateQueue(this.ctx.workspace, (state) => setConcurrency(state, concurrency, allowGpuSharing));
    await this.tick();
    return this.snapshot();
  }

  async snapshot(): Promise<QueueSnapshot> {
    const pids = new Map(
      [...this.supervisors].flatMap(([id, s]) => (s.pid === undefined ? [] : [[id, s.pid] as const])),
    );
    return toSnapshot(await readQueue(this.ctx.workspace), this.ctx.self, pids);
  }

  gpus(refresh = false): Promise<GpuInventory> {
    return this.ctx.gpuMonitor.inventory(refresh ? 0 : 10_000);
  }

  /** Resolves when the run has ended, starting it here if it is this process's turn; `signal` stops waiting. */
  async waitForEnd(runId: RunId, signal?: AbortSignal): Promise<RunRecord> {
    for (;;) {
      const supervisor = this.supervisors.get(runId);
      if (supervisor && !signal?.aborted) {
        const ended = await untilAborted(supervisor.done, signal);
        if (ended) return ended;
      }
      const record = await this.ctx.store.getRun(runId);
      if (!record) throw new MlopsError(`run ${runId} disappeared`, 'not-found');
      if (record.status !== 'queued' && record.status !== 'running') return record;
      if (signal?.aborted) return record;
      // Settling first frees the slots of runs that ended unwatched (e.g. ones this process handed off).
      await this.recover();
      if (record.status === 'queued') await this.tick();
      if (!this.supervisors.has(runId)) await delay(500, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Resolves once the series sidecars of every run that ended so far are written, or when `signal` aborts. */
  async sidecarsWritten(signal?: AbortSignal): Promise<void> {
    await untilAborted(this.ctx.sidecars.idle(), signal);
  }

  /**
   * Stops watching; runs keep going (found again later) unless `stopRuns`. Sidecars not written yet are dropped
   * (one being saved is finished first); call `sidecarsWritten()` before to keep them.
   */
  async close(options: { stopRuns?: boolean } = {}): Promise<void> {
    this.closed = true;
    if (options.stopRuns) await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
    for (const s of this.supervisors.values()) s.detach();
    this.supervisors.clear();
    this.slurm.close();
    await this.chain.catch(() => undefined);
    await this.ctx.sidecars.close();
  }

  private track(supervisor: RunWatch): void {
    this.supervisors.set(supervisor.runId, supervisor);
    void supervisor.done.finally(() => {
      if (this.supervisors.get(supervisor.runId) === supervisor) this.supervisors.delete(supervisor.runId);
      if (!this.closed) void this.tick().catch((err) => this.ctx.log('error', `queue: ${errorMessage(err)}`));
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** `promise`'s value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/**
 * Settles runs whose supervising process is gone (the reading commands call this first, so none shows `running` or
 * `queued` for a run that has ended or was never queued). Adopts nothing: live runs are left to whoever watches them.
 */
export async function settleStaleRuns(workspace: string): Promise<RunRecord[]> {
  if (!(await stat(storePaths(workspace).runs).catch(() => null))) return [];
  const runner = new Runner({ workspace, role: 'cli', captureLineage: false });
  try {
    return await runner.recover();
  } finally {
    await runner.close();
  }
}
