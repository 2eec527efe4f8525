import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { LineageFilter } from '../../protocol/webview/lineage';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { registryLineageProvider } from '../../core/registry/lineageSource';
import { command, testHook } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands, TestHooks } from '../commands/commandIds';
import { PanelReports } from '../panels/panelReports';
import type { TreeNode } from '../trees/treeNodes';
import { DatasetsTree } from './datasetsTree';
import { compareRunsCode } from './diffCommand';
import { LineagePanel, LINEAGE_VIEW, type LineagePanelContext } from './lineagePanel';
import { LineageSource } from './lineageSource';
import { lineageTarget, type LineageArg } from './lineageTarget';
import { reproduceRun, worktreesFolder } from './reproduce/reproduceCommand';
import type { RunArg } from './runArgs';
import { RUN_DIFF_SCHEME, RUN_FILE_SCHEME, RunFilesProvider } from './runFiles';

/** The lineage panel, the Datasets view, "Compare code/data/params" and "Reproduce run". */
export function registerLineage(deps: CommandDeps, context: vscode.ExtensionContext): vscode.Disposable[] {
  const registry = new FileRegistryStore(deps.workspace);
  const report = (what: string, err: unknown) => deps.log.error(`${what}: ${errorMessage(err)}`);
  const source = new LineageSource({
    store: deps.store,
    runs: deps.runs,
    providers: () => [registryLineageProvider(registry)],
    schedule: (key, job) => deps.refresh.schedule(key, job),
    reportError: report,
  });
  const reports = new PanelReports();
  const ctx: LineagePanelContext = {
    workspace: deps.workspace,
    extensionUri: context.extensionUri,
    source,
    reports,
    reportError: report,
  };
  const files = new RunFilesProvider(deps.workspace, deps.store);
  const datasets = new DatasetsTree(deps.workspace, source, deps.runs);
  let panel: LineagePanel | undefined;

  const adopt = (p: LineagePanel) => {
    panel = p;
    p.onDidDispose(() => (panel = panel === p ? undefined : panel));
    return p;
  };
  const registryWatcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(deps.workspace, '.mlops/registry.json'),
  );
  const registryChanged = () => deps.refresh.schedule('lineage-registry', () => source.rebuild());

  return [
    source,
    datasets,
    files,
    registryWatcher,
    registryWatcher.onDidCreate(registryChanged),
    registryWatcher.onDidChange(registryChanged),
    registryWatcher.onDidDelete(registryChanged),
    vscode.window.createTreeView('mlops.datasets', { treeDataProvider: datasets, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(RUN_FILE_SCHEME, files),
    vscode.workspace.registerTextDocumentContentProvider(RUN_DIFF_SCHEME, files),
    command(
      Commands.openLineage,
      { needsTrust: false, what: 'lineage' },
      async (arg?: LineageArg, second?: unknown) => {
        // From a tree's context menu the second argument is the selection; from code it may be a filter.
        const filter =
          second && typeof second === 'object' && 'direction' in second ? (second as LineageFilter) : undefined;
        const graph = await source.graph();
        const root = await lineageTarget(graph, deps.workspace, arg);
        if (!root) return undefined;
        if (panel) await panel.show(root, filter);
        else adopt(LineagePanel.create(ctx, root, graph, filter));
        return root;
      },
    ),
    command(
      Commands.diffRuns,
      { needsTrust: false, what: 'compare code/data/params' },
      (arg?: RunArg | string[], many?: TreeNode[]) => compareRunsCode(deps, files, arg, many),
    ),
    command(Commands.reproduceRun, { needsTrust: false, what: 'reproduce run' }, (arg?: RunArg) =>
      reproduceRun(deps, worktreesFolder(context.globalStorageUri), arg),
    ),
    command(Commands.refreshDatasets, { needsTrust: false, what: 'refresh datasets' }, () => source.rebuild()),
    testHook(TestHooks.lineageInspect, () => ({ panels: reports.list(), state: panel?.state ?? null })),
    vscode.window.registerWebviewPanelSerializer(LINEAGE_VIEW, {
      deserializeWebviewPanel: async (webviewPanel, state: { root?: string; filter?: LineageFilter } | undefined) => {
        if (!state?.root) webviewPanel.dispose();
        else adopt(new LineagePanel(ctx, webviewPanel, state.root, state.filter));
      },
    }),
    { dispose: () => panel?.dispose() },
  ];
}
