/** The Monitors view, its commands, drift alerts from monitor checks and retraining notifications. */
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { monitorPaths } from '../../core/monitor/monitorFiles';
import { FileRegistryStore } from '../../core/registry';
import { testHook } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { TestHooks } from '../commands/commandIds';
import { MonitorAlerts } from './monitorAlerts';
import { announceRetrain, registerMonitorCommands } from './monitorCommands';
import { inspectTree } from '../trees/inspectTree';
import { bindBadge, monitorsBadge } from '../trees/viewBadges';
import { MonitorsModel } from './monitorsModel';
import { MonitorsTree } from './monitorsTree';

const STATS_POLL_MS = 5000;

const HISTORY_POLL_MS = 3000;

export function registerMonitors(deps: CommandDeps): vscode.Disposable[] {
  const registry = new FileRegistryStore(deps.workspace);
  const model = new MonitorsModel(deps.workspace, registry, deps.spec);
  const tree = new MonitorsTree(model);
  const view = vscode.window.createTreeView('mlops.monitors', { treeDataProvider: tree });
  const reload = () => deps.refresh.schedule('monitors', () => model.reload());
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(deps.workspace, '.mlops/{registry.json,monitors/*/history.jsonl}'),
  );
  const ctx = { deps, registry, model };
  const alerts = new MonitorAlerts(deps.workspace);
  const alertFailed = (err: unknown) => deps.log.warn(`monitor alert: ${errorMessage(err)}`);
  const onFile = (uri: vscode.Uri) => {
    reload();
    void alerts.historyChanged(uri).catch(alertFailed);
  };
  const poll = setInterval(() => {
    if (view.visible && model.hasRunning()) reload();
  }, STATS_POLL_MS);
  // File events can be lost (a busy recursive watcher, network file systems): a cheap stat of each monitor's
  // history backs them up, so a check written by a terminal or a scheduled job always reaches the view and alerts.
  const seen = new Map<string, string>();
  const historyPoll = setInterval(() => {
    for (const name of Object.keys(deps.spec.spec?.monitors ?? {})) {
      const file = monitorPaths(deps.workspace, name).history;
      void stat(file).then(
        (info) => {
          const stamp = `${info.size}:${info.mtimeMs}`;
          const before = seen.get(file);
          seen.set(file, stamp);
          if (before !== undefined && before !== stamp) onFile(vscode.Uri.file(file));
        },
        () => seen.set(file, 'absent'),
      );
    }
  }, HISTORY_POLL_MS);
  reload();
  return [
    model,
    tree,
    view,
    watcher,
    watcher.onDidChange(onFile),
    watcher.onDidCreate(onFile),
    watcher.onDidDelete(reload),
    deps.spec.onDidChange(reload),
    view.onDidChangeVisibility(() => view.visible && reload()),
    { dispose: () => clearInterval(poll) },
    { dispose: () => clearInterval(historyPoll) },
    deps.backend.onEvent((event) => {
      if (event.type === 'deploymentChanged' || event.type === 'monitorChecked' || event.type === 'retrainSettled')
        reload();
      if (event.type === 'monitorChecked') void alerts.check(event.check).catch(alertFailed);
      if (event.type === 'retrainSettled') announceRetrain(ctx, event.outcome);
    }),
    ...registerMonitorCommands(ctx),
    bindBadge(view, model.onDidChange, () => monitorsBadge(model.monitors())),
    testHook(TestHooks.monitorsInspect, () => ({ tree: inspectTree(tree), badge: view.badge ?? null })),
  ];
}
