import * as vscode from 'vscode';
import type { MonitorSummary } from '../../core/monitor/monitorSummary';
import type { RetrainOutcome } from '../../core/monitor/retrain';
import type { RegistryStore } from '../../core/registry';
import { promote } from '../../core/registry/promotion';
import type { DeploymentInfo } from '../../protocol/backend';
import type { CommandDeps } from '../commands/commandDeps';
import { reportError } from '../commands/reportError';
import { requireTrust } from '../trust';
import type { MonitorsModel } from './monitorsModel';
import type { MonitorsNode } from './monitorsTree';

export const MonitorCommandIds = {
  serveModel: 'mlops.serveModel',
  stopDeployment: 'mlops.stopDeployment',
  restartDeployment: 'mlops.restartDeployment',
  copyDeploymentUrl: 'mlops.copyDeploymentUrl',
  runMonitor: 'mlops.runMonitor',
  promoteChallenger: 'mlops.promoteChallenger',
  refreshMonitors: 'mlops.refreshMonitors',
} as const;

interface Context {
  deps: CommandDeps;
  registry: RegistryStore;
  model: MonitorsModel;
}

/** A model reference from a command argument: a string, a Models-tree node with model and version, or nothing. */
function refFromArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const a = arg as { model?: unknown; version?: unknown; name?: unknown } | undefined;
  const v = (a as { version?: { model?: string; version?: number } })?.version;
  if (v && typeof v === 'object' && typeof v.model === 'string' && typeof v.version === 'number') return `${v.model}:${v.version}`;
  if (typeof a?.model === 'string' && typeof a.version === 'number') return `${a.model}:${a.version}`;
  return undefined;
}

async function pickVersion(registry: RegistryStore): Promise<string | undefined> {
  const versions = await registry.listVersions();
  if (versions.length === 0) {
    void vscode.window.showInformationMessage('MLOps: no registered model versions yet. Register a run first (`mlops register <run-id> --model NAME`).');
    return undefined;
  }
  const items = versions.reverse().map((v) => ({ label: `${v.model}:${v.version}`, description: [v.stage, v.experiment].filter(Boolean).join(' · ') }));
  return (await vscode.window.showQuickPick(items, { title: 'Serve which model version?' }))?.label;
}

async function pickDeployment(model: MonitorsModel, arg: unknown, activeOnly: boolean): Promise<DeploymentInfo | undefined> {
  const node = arg as MonitorsNode | undefined;
  if (node?.kind === 'deployment') return node.deployment;
  const list = model.deployments().filter((d) => !activeOnly || d.status !== 'stopped');
  const picked = await vscode.window.showQuickPick(list.map((d) => ({ label: d.id, description: `${d.model}:${d.version} · ${d.status}`, d })), { title: 'Which deployment?' });
  return picked?.d;
}

async function pickMonitor(ctx: Context, arg: unknown): Promise<string | undefined> {
  const node = arg as MonitorsNode | undefined;
  if (node?.kind === 'monitor') return node.monitor.name;
  if (typeof arg === 'string') return arg;
  const names = Object.keys(ctx.deps.spec.spec?.monitors ?? {});
  if (names.length === 0) {
    void vscode.window.showInformationMessage('MLOps: mlops.yaml declares no monitors.');
    return undefined;
  }
  return vscode.window.showQuickPick(names, { title: 'Run which monitor?' });
}

/** The challenger against production, metric by metric, for the promotion prompt. */
async function comparison(registry: RegistryStore, model: string, version: number): Promise<string> {
  const challenger = await registry.getVersion(model, version);
  const production = (await registry.listVersions(model)).find((v) => v.stage === 'production');
  if (!challenger) return '';
  const names = Object.keys(challenger.metrics).filter((k) => /(^|[._])(test|val)[._]|accuracy|auc|f1|loss|rmse|mae/.test(k)).slice(0, 10);
  const fmt = (v: number | undefined) => (v === undefined ? '–' : Number(v.toPrecision(4)).toString());
  const lines = names.map((k) => `${k}: ${production ? `${fmt(production.metrics[k])} → ` : ''}${fmt(challenger.metrics[k])}`);
  return [`${model}:${version} (challenger)${production ? ` vs ${model}:${production.version} (production)` : ''}`, ...lines].join('\n');
}

async function promoteChallenger(ctx: Context, monitor: MonitorSummary | RetrainOutcome): Promise<void> {
  const outcome = 'lastRetrain' in monitor ? monitor.lastRetrain : monitor;
  if (!outcome || outcome.version === null) return;
  const { model, version } = { model: outcome.model, version: outcome.version };
  const detail = await comparison(ctx.registry, model, version);
  const choice = await vscode.window.showWarningMessage(`Promote ${model}:${version} to production?`, { modal: true, detail }, 'Promote');
  if (choice !== 'Promote') return;
  const result = await promote(ctx.registry, { model, version, to: { kind: 'stage', stage: 'production' }, note: `promoted challenger from monitor ${outcome.monitor}` });
  if (result.promoted) void vscode.window.showInformationMessage(`MLOps: ${model}:${version} is now in production.`);
  else void vscode.window.showErrorMessage(`MLOps: ${model}:${version} was not promoted; failed gates: ${result.failures.join('; ')}`);
  await ctx.model.reload();
}

/** What to tell the user when a monitor's retraining run has been registered. */
export function announceRetrain(ctx: Context, outcome: RetrainOutcome): void {
  if (outcome.version === null) {
    void vscode.window.showWarningMessage(`MLOps: retraining run ${outcome.runId} for monitor ${outcome.monitor} ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}.`);
    return;
  }
  const name = `${outcome.model}:${outcome.version}`;
  if (outcome.promoted) {
    void vscode.window.showInformationMessage(`MLOps: retrained ${name} passed its gates and was promoted to production (auto-promote).`);
  } else if (outcome.gates?.passed) {
    void vscode.window.showInformationMessage(`MLOps: retrained ${name} is the challenger and passes its gates.`, 'Promote challenger').then((c) => (c ? promoteChallenger(ctx, outcome) : undefined));
  } else {
    void vscode.window.showWarningMessage(`MLOps: retrained ${name} is the challenger but fails its gates: ${outcome.gates?.failures.join('; ') ?? 'not checked'}.`);
  }
}

export function registerMonitorCommands(ctx: Context): vscode.Disposable[] {
  const { deps, model } = ctx;
  const run = (title: string, fn: (arg?: unknown) => Promise<void>, needsTrust = true) => (arg?: unknown) => {
    if (needsTrust && !requireTrust(title)) return;
    return fn(arg).catch((err) => reportError(deps.log, title, err));
  };
  return [
    vscode.commands.registerCommand(MonitorCommandIds.serveModel, run('serving a model', async (arg) => {
      const ref = refFromArg(arg) ?? (await pickVersion(ctx.registry));
      if (!ref) return;
      const started = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Serving ${ref}…` }, () => deps.backend.request('serve.start', { model: ref }, { timeoutMs: 120_000 }));
      await model.reload();
      const copy = await vscode.window.showInformationMessage(`MLOps: ${started.model}:${started.version} is served at ${started.url} (POST /predict).`, 'Copy URL');
      if (copy && started.url) await vscode.env.clipboard.writeText(started.url);
    })),
    vscode.commands.registerCommand(MonitorCommandIds.stopDeployment, run('stopping a deployment', async (arg) => {
      const d = await pickDeployment(model, arg, true);
      if (!d) return;
      await deps.backend.request('serve.stop', { id: d.id });
      await model.reload();
    })),
    vscode.commands.registerCommand(MonitorCommandIds.restartDeployment, run('restarting a deployment', async (arg) => {
      const d = await pickDeployment(model, arg, false);
      if (!d) return;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Restarting ${d.id}…` }, () => deps.backend.request('serve.restart', { id: d.id }, { timeoutMs: 120_000 }));
      await model.reload();
    })),
    vscode.commands.registerCommand(MonitorCommandIds.copyDeploymentUrl, run('copying a URL', async (arg) => {
      const d = await pickDeployment(model, arg, false);
      if (d?.url) await vscode.env.clipboard.writeText(d.url);
    }, false)),
    vscode.commands.registerCommand(MonitorCommandIds.runMonitor, run('running a monitor', async (arg) => {
      const name = await pickMonitor(ctx, arg);
      if (!name) return;
      const { check } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking monitor ${name}…` }, () => deps.backend.request('monitor.run', { name }, { timeoutMs: 300_000 }));
      await model.reload();
      if (check.status !== 'drift') void vscode.window.showInformationMessage(`MLOps: monitor ${name}: ${check.status}${check.share !== null ? ` (share ${check.share.toFixed(2)})` : ''}${check.message ? ` – ${check.message}` : ''}`);
    })),
    vscode.commands.registerCommand(MonitorCommandIds.promoteChallenger, run('promoting a challenger', async (arg) => {
      const node = arg as MonitorsNode | undefined;
      const monitor = node?.kind === 'monitor' ? node.monitor : model.monitors().find((m) => m.lastRetrain?.version);
      if (monitor) await promoteChallenger(ctx, monitor);
    })),
    vscode.commands.registerCommand(MonitorCommandIds.refreshMonitors, run('refreshing monitors', () => model.reload(), false)),
  ];
}
