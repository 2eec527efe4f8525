/**
 * The backend's serving and monitoring: deployments (serve.*), the monitor schedule and checks (monitor.*),
 * and their events. BackendService owns one and spreads its handlers into the protocol's.
 */
import { summariseMonitors } from '../../core/monitor/monitorSummary';
import { FileRegistryStore, type DeploymentRecord, type RegistryStore } from '../../core/registry';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import type { BackendEvent, DeploymentInfo } from '../../protocol/backend';
import type { BackendHandlers } from '../ipc/server';
import type { Runner } from '../runner';
import { DeploymentManager } from '../serving/deploymentManager';
import { MonitorScheduler } from './monitorScheduler';

type ServingMethods = 'serve.start' | 'serve.stop' | 'serve.restart' | 'serve.list' | 'monitor.run' | 'monitor.list';

export interface ServingServiceOptions {
  workspace: string;
  runner: Runner;
  emit(event: BackendEvent): void;
  registry?: RegistryStore;
  monitorTickMs?: number;
}

export class ServingService {
  readonly deployments: DeploymentManager;
  readonly monitors: MonitorScheduler;
  private readonly registry: RegistryStore;

  constructor(private readonly options: ServingServiceOptions) {
    const log = (level: 'info' | 'warn' | 'error', message: string) => options.emit({ type: 'log', level, message });
    this.registry = options.registry ?? new FileRegistryStore(options.workspace);
    this.deployments = new DeploymentManager({
      workspace: options.workspace,
      registry: this.registry,
      log,
      onChange: (record) => options.emit({ type: 'deploymentChanged', deployment: withoutStats(record) }),
    });
    this.monitors = new MonitorScheduler({
      workspace: options.workspace,
      registry: this.registry,
      runner: options.runner,
      log,
      tickMs: options.monitorTickMs,
      onChecked: (result) => options.emit({ type: 'monitorChecked', check: result.check }),
      onSettled: (outcome) => options.emit({ type: 'retrainSettled', outcome }),
    });
  }

  start(): void {
    this.monitors.start();
  }

  readonly handlers: Pick<BackendHandlers, ServingMethods> = {
    'serve.start': async (params) => withoutStats(await this.deployments.start(params)),
    'serve.stop': async ({ id }) => withoutStats(await this.deployments.stop(id)),
    'serve.restart': async ({ id }) => withoutStats(await this.deployments.restart(id)),
    'serve.list': () => this.deployments.list(),
    'monitor.run': ({ name }, { signal }) => this.monitors.runNow(name, signal),
    'monitor.list': async () =>
      summariseMonitors(
        this.options.workspace,
        requireValidSpec(await loadSpec(this.options.workspace), { allowMissing: true }),
        this.registry,
      ),
  };

  async close(): Promise<void> {
    this.monitors.close();
    await this.deployments.close();
  }
}

/** Handlers that reach the service when called, for a handler table built before the service exists. */
export function servingHandlers(service: () => ServingService): Pick<BackendHandlers, ServingMethods> {
  return {
    'serve.start': (p, request) => service().handlers['serve.start'](p, request),
    'serve.stop': (p, request) => service().handlers['serve.stop'](p, request),
    'serve.restart': (p, request) => service().handlers['serve.restart'](p, request),
    'serve.list': (p, request) => service().handlers['serve.list'](p, request),
    'monitor.run': (p, request) => service().handlers['monitor.run'](p, request),
    'monitor.list': (p, request) => service().handlers['monitor.list'](p, request),
  };
}

const withoutStats = (record: DeploymentRecord): DeploymentInfo => ({ ...record, stats: null });
