/** The Monitors view, its commands, and drift/retraining alerts from the backend's monitor events. */
import * as vscode from 'vscode';
import type { StatTestId } from '../../core/drift/statTest';
import { FileRegistryStore } from '../../core/registry';
import type { CommandDeps } from '../commands/commandDeps';
import { reportDrift } from '../drift/reportDrift';
import { announceRetrain, registerMonitorCommands } from './monitorCommands';
import { inspectMonitorsTree } from './monitorsInspection';
import { MonitorsModel } from './monitorsModel';
import { MonitorsTree } from './monitorsTree';

const STATS_POLL_MS = 5000;

/** Not in the palette: the rendered Monitors tree, for tests. */
export const INSPECT_MONITORS = 'mlops.monitors.inspect';

export function registerMonitors(deps: CommandDeps): vscode.Disposable[] {
  const registry = new FileRegistryStore(deps.workspace);
  const model = new MonitorsModel(deps.workspace, registry, deps.spec);
  const tree = new MonitorsTree(model);
  const view = vscode.window.createTreeView('mlops.monitors', { treeDataProvider: tree });
  const reload = () => deps.refresh.schedule('monitors', () => model.reload());
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.workspace, '.mlops/{registry.json,monitors/*/history.jsonl}'));
  const ctx = { deps, registry, model };
  const poll = setInterval(() => {
    if (view.visible && model.hasRunning()) reload();
  }, STATS_POLL_MS);
  reload();
  return [
    model,
    tree,
    view,
    watcher,
    watcher.onDidChange(reload),
    watcher.onDidCreate(reload),
    watcher.onDidDelete(reload),
    deps.spec.onDidChange(reload),
    view.onDidChangeVisibility(() => view.visible && reload()),
    { dispose: () => clearInterval(poll) },
    deps.backend.onEvent((event) => {
      if (event.type === 'deploymentChanged' || event.type === 'monitorChecked' || event.type === 'retrainSettled') reload();
      if (event.type === 'monitorChecked' && event.check.status !== 'insufficient-data' && event.check.status !== 'error') {
        const c = event.check;
        void reportDrift({
          monitor: c.monitor,
          model: c.version !== null ? `${c.model}:${c.version}` : c.model,
          at: c.at,
          report: { datasetDrift: c.status === 'drift', share: c.share, driftShare: c.driftShare, tested: c.tested, drifted: c.drifted, columns: c.columns.map((col) => ({ column: col.column, drifted: col.drifted, score: col.score, test: col.test as StatTestId | null })) },
        });
      }
      if (event.type === 'retrainSettled') announceRetrain(ctx, event.outcome);
    }),
    ...registerMonitorCommands(ctx),
    vscode.commands.registerCommand(INSPECT_MONITORS, () => ({ tree: inspectMonitorsTree(tree) })),
  ];
}
