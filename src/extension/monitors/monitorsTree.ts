import * as vscode from 'vscode';
import type { MonitorSummary } from '../../core/monitor/monitorSummary';
import type { DeploymentInfo } from '../../protocol/backend';
import { rowStamp } from '../trees/rowStamp';
import { StableRows } from '../trees/stableRows';
import type { MonitorsModel } from './monitorsModel';

export type MonitorsNode =
  | { kind: 'section'; section: 'deployments' | 'monitors' }
  | { kind: 'deployment'; deployment: DeploymentInfo }
  | { kind: 'monitor'; monitor: MonitorSummary };

const STATUS_ICON: Record<string, [string, string?]> = {
  running: ['vm-running', 'testing.iconPassed'],
  starting: ['loading~spin'],
  restarting: ['sync~spin', 'editorWarning.foreground'],
  stopping: ['loading~spin'],
  stopped: ['vm-outline'],
  failed: ['error', 'testing.iconFailed'],
  ok: ['pass', 'testing.iconPassed'],
  drift: ['warning', 'editorWarning.foreground'],
  error: ['error', 'testing.iconFailed'],
  unknown: ['circle-outline'],
  disabled: ['circle-slash'],
};

function icon(status: string): vscode.ThemeIcon {
  const [id, color] = STATUS_ICON[status] ?? ['circle-outline'];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

/** A challenger that a monitor's retraining registered, that passed its gates and is not in production or archived since. */
export function promotableChallenger(m: MonitorSummary): boolean {
  const r = m.lastRetrain;
  const now = m.challenger;
  return Boolean(
    r &&
    r.version !== null &&
    r.gates?.passed &&
    !r.promoted &&
    now &&
    now.stage !== 'production' &&
    now.stage !== 'archived',
  );
}

/** What became of the last retraining, in a few words for the row. */
function retrainNote(m: MonitorSummary): string {
  if (m.pending) return ' · retraining…';
  const r = m.lastRetrain;
  if (!r || r.version === null || !m.challenger) return '';
  if (promotableChallenger(m)) return ` · challenger v${r.version} ready`;
  if (m.challenger.stage === 'production' || m.challenger.stage === 'archived') return '';
  return r.gates?.passed ? '' : ` · challenger v${r.version} fails gates`;
}

/** Latency as the row shows it: milliseconds, one decimal under 10 ms. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** The row's tree item id, stable for as long as the deployment, monitor or section exists. */
function nodeId(node: MonitorsNode): string {
  if (node.kind === 'deployment') return `deployment:${node.deployment.id}`;
  if (node.kind === 'monitor') return `monitor:${node.monitor.name}`;
  return `section:${node.section}`;
}

function deploymentItem(d: DeploymentInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(d.id, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId({ kind: 'deployment', deployment: d });
  const stats = d.stats ? ` · ${d.stats.requests} req · p95 ${formatMs(d.stats.p95)} ms · ${d.stats.errors} err` : '';
  item.description = `${d.model}:${d.version} · ${d.status}${stats}`;
  item.iconPath = icon(d.status);
  const active = d.status === 'running' || d.status === 'starting' || d.status === 'restarting';
  item.contextValue = active ? 'deployment.running' : 'deployment.stopped';
  item.tooltip = new vscode.MarkdownString(
    [
      `**${d.id}**: ${d.model}:${d.version} (${d.kind}, from \`${d.ref}\`)`,
      `status: ${d.status}${d.restarts ? `, ${d.restarts} restart(s)` : ''}`,
      d.url ? `URL: \`${d.url}\` (POST /predict, GET /health, GET /metrics, POST /feedback)` : '',
      d.error ? `last error: ${d.error}` : '',
      d.stats
        ? `requests ${d.stats.requests}, errors ${d.stats.errors}, latency p50/p95/p99 ${d.stats.p50}/${d.stats.p95}/${d.stats.p99} ms`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return item;
}

function monitorItem(m: MonitorSummary): vscode.TreeItem {
  const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
  item.id = nodeId({ kind: 'monitor', monitor: m });
  const last = m.lastCheck;
  const share = last?.share !== null && last?.share !== undefined ? ` · share ${last.share.toFixed(2)}` : '';
  // A check without enough rows keeps the previous state; before any real check that state says nothing.
  const state = m.status === 'unknown' && last?.status === 'insufficient-data' ? 'too few rows' : m.status;
  item.description = `${state}${share}${last ? ` · ${ago(last.at)}` : ' · never checked'}${retrainNote(m)}`;
  item.iconPath = icon(m.status);
  item.contextValue = promotableChallenger(m) ? 'monitor.challenger' : 'monitor';
  item.tooltip = new vscode.MarkdownString(
    [
      `**${m.name}** watches \`${m.model}\` (current: ${m.current}; ${m.every ? `every ${m.every}` : 'on demand'})`,
      last
        ? `last check ${last.at}: ${last.status ?? m.status}${last.rows !== null ? ` on ${last.rows} rows` : ''}${last.performanceDrift ? ', performance drift' : ''}${last.message ? ` (${last.message})` : ''}`
        : 'not checked yet',
      m.pending ? `retraining run ${m.pending.runId} (${m.pending.reason}) in progress` : '',
      m.lastRetrain?.version
        ? `last retraining: ${m.lastRetrain.model}:${m.lastRetrain.version} as challenger, gates ${m.lastRetrain.gates?.passed ? 'pass' : `fail (${m.lastRetrain.gates?.failures.join('; ')})`}${m.lastRetrain.promoted ? ', promoted' : m.challenger?.stage ? `; now ${m.challenger.stage}` : ''}`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  );
  return item;
}

/** Deployments (URL, version, requests, p95, errors) and monitors (drift state, share, when). */
export class MonitorsTree implements vscode.TreeDataProvider<MonitorsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MonitorsNode | MonitorsNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly rows = new StableRows<MonitorsNode>(
    { id: nodeId, stamp: (node) => rowStamp(this.getTreeItem(node)) },
    (node) => this.freshChildren(node),
  );

  constructor(private readonly model: MonitorsModel) {
    this.subscription = model.onDidChange(() => this.rows.tell((rows) => this.changed.fire(rows)));
  }

  getChildren(node?: MonitorsNode): MonitorsNode[] {
    return this.rows.children(node);
  }

  private freshChildren(node?: MonitorsNode): MonitorsNode[] {
    if (!node) {
      const sections: MonitorsNode[] = [];
      if (this.model.deployments().length) sections.push({ kind: 'section', section: 'deployments' });
      if (this.model.monitors().length) sections.push({ kind: 'section', section: 'monitors' });
      return sections;
    }
    if (node.kind !== 'section') return [];
    return node.section === 'deployments'
      ? this.model.deployments().map((deployment) => ({ kind: 'deployment', deployment }))
      : this.model.monitors().map((monitor) => ({ kind: 'monitor', monitor }));
  }

  getTreeItem(node: MonitorsNode): vscode.TreeItem {
    if (node.kind === 'deployment') return deploymentItem(node.deployment);
    if (node.kind === 'monitor') return monitorItem(node.monitor);
    const item = new vscode.TreeItem(
      node.section === 'deployments' ? 'Deployments' : 'Monitors',
      vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = nodeId(node);
    item.contextValue = `section.${node.section}`;
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
