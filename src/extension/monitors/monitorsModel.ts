import * as vscode from 'vscode';
import { summariseMonitors, type MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RegistryStore } from '../../core/registry';
import { liveStats } from '../../backend/serving/liveStats';
import type { DeploymentInfo } from '../../protocol/backend';
import type { SpecModel } from '../models/specModel';

const ACTIVE = new Set(['starting', 'running', 'restarting', 'stopping']);

/**
 * Deployments and monitors as the registry and the monitors' files record them (read directly, so the view works
 * before the backend starts and in Restricted Mode), with live figures from each running deployment's /metrics.
 */
export class MonitorsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private deploymentList: DeploymentInfo[] = [];
  private monitorList: MonitorSummary[] = [];
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly workspace: string,
    private readonly registry: RegistryStore,
    private readonly spec: SpecModel,
  ) {}

  deployments(): DeploymentInfo[] {
    return this.deploymentList;
  }

  monitors(): MonitorSummary[] {
    return this.monitorList;
  }

  hasRunning(): boolean {
    return this.deploymentList.some((d) => ACTIVE.has(d.status));
  }

  /** Reloads; calls made while a reload runs are folded into one more. */
  reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = null;
      if (this.again) {
        this.again = false;
        void this.reload();
      }
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const records = await this.registry.listDeployments().catch(() => []);
    this.deploymentList = await Promise.all(records.map(async (r) => ({ ...r, stats: ACTIVE.has(r.status) && r.url ? await liveStats(r.url, 1000) : null })));
    const spec = this.spec.spec;
    this.monitorList = spec ? await summariseMonitors(this.workspace, spec, this.registry).catch(() => []) : [];
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
