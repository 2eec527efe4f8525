import * as vscode from 'vscode';
import { summariseMonitors, type MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RegistryStore } from '../../core/registry';
import { liveStats } from '../../backend/serving/liveStats';
import type { DeploymentInfo } from '../../protocol/backend';
import type { SpecModel } from '../models/specModel';
import { requireTrust } from '../trust';

const ACTIVE = new Set(['starting', 'running', 'restarting', 'stopping']);

/**
 * Deployments and monitors as the registry and the monitors' files record them (read directly, so the view works
 * before the backend starts and in Restricted Mode), with live figures from each running deployment's /metrics
 * (not in Restricted Mode).
 */
export class MonitorsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private deploymentList: DeploymentInfo[] = [];
  private monitorList: MonitorSummary[] = [];
  private loading: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private shown = '';

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

  /**
   * Reloads. A call made while a load runs gets one more load after it (calls meanwhile share that one), since
   * the running load may have read the files before the change the caller wants to see.
   */
  reload(): Promise<void> {
    if (!this.loading) return this.startLoad();
    if (!this.queued) {
      const next = () => {
        this.queued = null;
        return this.startLoad();
      };
      this.queued = this.loading.then(next, next);
    }
    return this.queued;
  }

  private startLoad(): Promise<void> {
    this.loading = this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /**
   * Tells the view only when something it shows changed (or a minute passed, for the "5m ago" texts): a tree
   * refreshed every poll makes an inline action clicked during the refresh reach its command without its row.
   */
  private async load(): Promise<void> {
    const records = await this.registry.listDeployments().catch(() => []);
    // An untrusted workspace's registry.json may name any URL: no request leaves for it in Restricted Mode.
    const live = requireTrust('Reading live deployment figures', { notify: false });
    const deployments = await Promise.all(
      records.map(async (r) => ({
        ...r,
        stats: live && ACTIVE.has(r.status) && r.url ? await liveStats(r.url, 1000) : null,
      })),
    );
    const spec = this.spec.spec;
    const monitors = spec ? await summariseMonitors(this.workspace, spec, this.registry).catch(() => []) : [];
    const shown = JSON.stringify([deployments, monitors, Math.floor(Date.now() / 60_000)]);
    this.deploymentList = deployments;
    this.monitorList = monitors;
    if (shown === this.shown) return;
    this.shown = shown;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
