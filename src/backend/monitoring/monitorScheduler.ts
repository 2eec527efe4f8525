/**
 * Runs monitors while the backend is up: each monitor with `every:` is checked when its last check is that old
 * (the spec is read again at every tick, so edits apply without a restart), and on demand. Checks run one at a
 * time. A queued retraining run is watched until it ends, then settled (challenger registered, gates checked).
 */
import { CancelledError, errorMessage, MlopsError, throwIfAborted } from '../../core/errors';
import { parseEvery } from '../../core/monitor/every';
import { readMonitorState } from '../../core/monitor/monitorFiles';
import { runMonitor, settleMonitorRetrain, type MonitorRunResult } from '../../core/monitor/monitorRun';
import type { RetrainOutcome } from '../../core/monitor/retrain';
import type { RegistryStore } from '../../core/registry';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import type { MlopsSpec } from '../../core/spec/types';
import type { RunId } from '../../core/tracking/types';
import type { Runner } from '../runner';
import { retrainActions } from './retrainActions';

export interface MonitorSchedulerOptions {
  workspace: string;
  registry: RegistryStore;
  runner: Runner;
  onChecked?: (result: MonitorRunResult) => void;
  onSettled?: (outcome: RetrainOutcome) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** How often due monitors are looked for (default 30 s). */
  tickMs?: number;
}

export class MonitorScheduler {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly watched = new Set<string>();
  private readonly controller = new AbortController();

  constructor(private readonly options: MonitorSchedulerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 30_000);
    this.timer.unref();
    void this.tick();
  }

  /** Checks one monitor now (queued behind a check in progress); `signal` stops the check, waiting or running. */
  runNow(name: string, signal?: AbortSignal): Promise<MonitorRunResult> {
    return this.serial(async () => {
      throwIfAborted(signal, `monitor ${name} check`);
      const spec = requireValidSpec(await loadSpec(this.options.workspace));
      const monitor = spec.monitors[name];
      if (!monitor) {
        const known = Object.keys(spec.monitors);
        throw new MlopsError(
          `no monitor '${name}' in mlops.yaml`,
          'not-found',
          known.length ? `Monitors: ${known.join(', ')}.` : 'Declare one under monitors: in mlops.yaml.',
        );
      }
      return this.check(spec, name, signal);
    });
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.controller.abort();
  }

  private async tick(): Promise<void> {
    await this.serial(async () => {
      const loaded = await loadSpec(this.options.workspace);
      if (!loaded.spec) return;
      const now = Date.now();
      for (const monitor of Object.values(loaded.spec.monitors)) {
        if (this.controller.signal.aborted) return;
        const state = await readMonitorState(this.options.workspace, monitor.name);
        if (state.pending) this.watch(loaded.spec, monitor.name, state.pending.runId);
        if (!monitor.every) continue;
        const last = (await this.options.registry.getMonitor(monitor.name))?.lastCheck?.at;
        if (!last || now - Date.parse(last) >= parseEvery(monitor.every)) await this.check(loaded.spec, monitor.name);
      }
    }).catch((err) => {
      if (!(err instanceof CancelledError && this.controller.signal.aborted))
        this.options.log?.('error', `monitors: ${errorMessage(err)}`);
    });
  }

  private async check(spec: MlopsSpec, name: string, request?: AbortSignal): Promise<MonitorRunResult> {
    const { workspace, registry, runner } = this.options;
    const signal = request ? AbortSignal.any([this.controller.signal, request]) : this.controller.signal;
    const result = await runMonitor({
      workspace,
      monitor: spec.monitors[name],
      spec,
      registry,
      actions: retrainActions(runner, registry),
      signal,
    });
    this.options.log?.(
      result.check.status === 'drift' ? 'warn' : 'info',
      `monitor ${name}: ${result.check.status}${result.check.share !== null ? ` (share ${result.check.share.toFixed(2)})` : ''}${result.check.message ? `: ${result.check.message}` : ''}`,
    );
    this.options.onChecked?.(result);
    if (result.settled) this.options.onSettled?.(result.settled);
    if (result.check.retrain) this.watch(spec, name, result.check.retrain.runId);
    return result;
  }

  /** Settles the retraining run as soon as it ends. */
  private watch(spec: MlopsSpec, name: string, runId: string): void {
    if (this.watched.has(runId)) return;
    this.watched.add(runId);
    const { workspace, registry, runner } = this.options;
    void runner
      .waitForEnd(runId as RunId, this.controller.signal)
      .then(() =>
        this.serial(async () =>
          spec.monitors[name]
            ? settleMonitorRetrain(workspace, spec.monitors[name], spec, registry, retrainActions(runner, registry))
            : null,
        ),
      )
      .then((outcome) => {
        if (outcome) this.options.onSettled?.(outcome);
      })
      .catch((err) => this.options.log?.('error', `monitor ${name}: retraining run ${runId}: ${errorMessage(err)}`))
      .finally(() => this.watched.delete(runId));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
