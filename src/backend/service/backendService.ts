import { importers } from '../../core/interop/importers';
import { join } from 'node:path';
import { CancelledError, errorMessage, MlopsError } from '../../core/errors';
import { storePaths } from '../../core/store/layout';
import type { RunId } from '../../core/tracking/types';
import type { BackendEvent } from '../../protocol/backend';
import type { BackendHandlers } from '../ipc/server';
import { readQueue } from '../queue/queueStore';
import { Runner, type RunnerOptions } from '../runner';
import { ServingService, servingHandlers } from '../monitoring/servingService';
import { ChangeTrigger } from '../watch/changeTrigger';
import { RunSubscription } from './runSubscription';
import { SweepService } from '../sweep/sweepService';

export interface BackendServiceOptions extends Omit<RunnerOptions, 'role' | 'emit' | 'log'> {
  emit(event: BackendEvent): void;
  /** How often runs nobody watches (e.g. started by `mlops run --detach`) are looked for. */
  recoverEveryMs?: number;
  /** Called by the `shutdown` method once runs are let go. */
  onShutdown?: () => void;
}

/**
 * The backend process's state: a Runner in the `backend` role, live metric subscriptions, and a watch on
 * queue.json so that queue changes made anywhere (another window, the CLI) start runs and reach the extension.
 */
export class BackendService {
  readonly runner: Runner;
  readonly serving: ServingService;
  readonly sweeps: SweepService;
  private readonly subscriptions = new Map<RunId, RunSubscription>();
  private readonly queueWatch: ChangeTrigger;
  private lastQueue = '';
  private lastRecover = 0;

  private constructor(private readonly options: BackendServiceOptions) {
    const log = (level: 'info' | 'warn' | 'error', message: string) => options.emit({ type: 'log', level, message });
    this.runner = new Runner({ ...options, role: 'backend', log });
    this.serving = new ServingService({ workspace: options.workspace, runner: this.runner, emit: options.emit });
    this.sweeps = new SweepService({ runner: this.runner, emit: options.emit });
    this.queueWatch = new ChangeTrigger({
      paths: [storePaths(options.workspace).root],
      recursive: false,
      filter: (name) => name === 'queue.json',
      pollMs: this.runner.ctx.timing.queuePollMs,
      onChange: () => this.onQueueFile(),
      onError: (err) => log('error', `queue: ${errorMessage(err)}`),
    });
  }

  /** Finds runs left by a previous backend (re-adopting live ones), then starts taking queued runs. */
  static async start(options: BackendServiceOptions): Promise<BackendService> {
    const service = new BackendService(options);
    await service.runner.recover();
    service.lastRecover = Date.now();
    await service.queueWatch.flush();
    service.serving.start();
    await service.sweeps.resumeOrphans();
    return service;
  }

  readonly handlers: BackendHandlers = {
    ping: async () => ({ pid: process.pid, version: '1' }),
    launch: (params) => this.runner.launch(params),
    stop: async ({ runId }) => {
      const record = await this.runner.stop(await this.runner.ctx.store.resolveRunId(runId));
      return { runId: record.id, status: record.status };
    },
    'queue.list': () => this.runner.snapshot(),
    'queue.cancel': ({ runId }) => this.runner.cancel(runId),
    'queue.reorder': ({ runId, index }) => this.runner.reorder(runId, index),
    'queue.runNow': ({ runId }) => this.runner.runNow(runId),
    'queue.setConcurrency': ({ concurrency, allowGpuSharing }) =>
      this.runner.setConcurrency(concurrency, allowGpuSharing),
    gpus: async ({ refresh }) => {
      const inventory = await this.runner.gpus(refresh);
      this.options.emit({ type: 'gpuInventory', inventory });
      return inventory;
    },
    subscribe: async ({ runId }, { signal }) => {
      const result = await this.subscribe(runId);
      // Nobody waits for this answer any more, so nobody will unsubscribe: let the subscription go now.
      if (signal.aborted) {
        this.unsubscribe(result.runId);
        throw new CancelledError(`subscribe to ${runId}`);
      }
      return result;
    },
    unsubscribe: async ({ runId }) => {
      this.unsubscribe(runId);
      return {};
    },
    ...servingHandlers(() => this.serving),
    'sweep.start': (params) => this.sweeps.start(params),
    'sweep.stop': ({ sweepId }) => this.sweeps.stop(sweepId),
    import: ({ kind, path, experiment }, { signal }) =>
      importers[kind](this.runner.ctx.store, {
        path,
        experiment,
        signal,
        onProgress: (done, total) => this.options.emit({ type: 'importProgress', path, done, total }),
      }),
    shutdown: async ({ stopRuns }) => {
      await this.close({ stopRuns });
      setImmediate(() => this.options.onShutdown?.());
      return {};
    },
  };

  async close(options: { stopRuns?: boolean } = {}): Promise<void> {
    this.queueWatch.close();
    await this.sweeps.close();
    await this.serving.close();
    for (const sub of this.subscriptions.values()) sub.close();
    this.subscriptions.clear();
    await this.runner.close(options);
  }

  private unsubscribe(runId: RunId): void {
    const sub = this.subscriptions.get(runId);
    if (sub && --sub.refs <= 0) {
      sub.close();
      this.subscriptions.delete(runId);
    }
  }

  private async subscribe(runId: RunId) {
    const store = this.runner.ctx.store;
    const id = await store.resolveRunId(runId);
    if (!(await store.getRun(id))) throw new MlopsError(`no run ${runId}`, 'not-found');
    let sub = this.subscriptions.get(id);
    if (sub) sub.refs++;
    else {
      sub = await RunSubscription.open(store, id, this.options.emit, this.runner.ctx.timing.followPollMs);
      this.subscriptions.set(id, sub);
    }
    return { runId: id, series: await sub.snapshot() };
  }

  private async onQueueFile(): Promise<void> {
    const state = await readQueue(this.options.workspace);
    const text = JSON.stringify(state);
    if (text !== this.lastQueue) {
      this.lastQueue = text;
      this.options.emit({ type: 'queueChanged', queue: await this.runner.snapshot() });
    }
    if (Date.now() - this.lastRecover >= (this.options.recoverEveryMs ?? 10_000)) {
      this.lastRecover = Date.now();
      await this.runner.recover();
    }
    if (state.items.length > 0) await this.runner.tick();
  }
}

export const backendLogPath = (workspace: string) => join(storePaths(workspace).root, 'backend.log');
