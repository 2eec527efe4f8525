import * as vscode from 'vscode';
import { FileRunStore } from '../core/store/fileRunStore';
import { errorMessage } from '../core/errors';
import type { RunId } from '../core/tracking/types';
import type { MlopsApi } from './api';
import { BackendHost } from './backendHost';
import { ScriptCodeLensProvider } from './codelens/scriptCodeLens';
import { SpecCodeLensProvider } from './codelens/specCodeLens';
import { configureCommands, lastCommandError, testHook } from './commands/command';
import { initDebugOptions } from './debugOptions';
import { recommendYamlExtension } from './yamlRecommendation';
import { TestHooks } from './commands/commandIds';
import type { CommandDeps } from './commands/commandDeps';
import { registerRunCommands } from './commands/runCommands';
import { registerRunItemCommands } from './commands/runItemCommands';
import { registerWorkspaceCommands } from './commands/workspaceCommands';
import { registerImportCommands } from './commands/importCommands';
import { registerPanels } from './panels/registerPanels';
import { registerDataPanels } from './drift/registerDataPanels';
import { registerMonitors } from './monitors/registerMonitors';
import { registerLineage } from './lineage/registerLineage';
import { registerRegistry } from './registry/registerRegistry';
import { RunsModel } from './models/runsModel';
import { QueueModel } from './models/queueModel';
import { registerQueueCommands } from './commands/queueCommands';
import { ScriptsModel } from './models/scriptsModel';
import { SpecModel } from './models/specModel';
import { RefreshManager } from './refreshManager';
import { watchScripts } from './scriptWatcher';
import { notifyRunOutcome } from './runOutcomeNotifier';
import { SpecDiagnostics } from './specDiagnostics';
import { RunStatusBar } from './statusBar';
import { ExperimentsTree } from './trees/experimentsTree';
import { SweepsModel } from './sweeps/sweepsModel';
import { ownerAlive, registerSweeps } from './sweeps/registerSweeps';
import { RunsTree } from './trees/runsTree';
import { bindBadge, runsBadge } from './trees/viewBadges';
import { requireTrust } from './trust';
import { WorkspaceWatcher } from './workspaceWatcher';

export function activate(context: vscode.ExtensionContext): MlopsApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('MLOps Workbench', { log: true });
  context.subscriptions.push(log);
  configureCommands(context, log);
  context.subscriptions.push(initDebugOptions(context));
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    log.info('no local workspace folder open: MLOps Workbench stays idle');
    return emptyApi();
  }
  const workspace = folder.uri.fsPath;
  const store = new FileRunStore(workspace);
  const spec = new SpecModel(workspace);
  const scripts = new ScriptsModel(workspace);
  const runs = new RunsModel(store);
  const refresh = new RefreshManager(100, (key, err) => log.error(`refresh ${key} failed: ${errorMessage(err)}`));
  const backend = new BackendHost(context.asAbsolutePath('dist/backend.js'), workspace, log);
  const sweeps = new SweepsModel(workspace, ownerAlive, log);
  const experimentsTree = new ExperimentsTree(spec, scripts, runs, sweeps);
  const queue = new QueueModel(backend);
  const runsTree = new RunsTree(runs, spec, queue);
  context.subscriptions.push(spec, scripts, runs, refresh, backend, queue, experimentsTree, runsTree, sweeps);
  const runsView = vscode.window.createTreeView('mlops.runs', {
    treeDataProvider: runsTree,
    showCollapseAll: true,
    canSelectMany: true,
  });
  context.subscriptions.push(
    runsView,
    bindBadge(runsView, runs.onDidChange, () => runsBadge(runs.all())),
    testHook(TestHooks.runsInspect, () => ({ badge: runsView.badge ?? null, selection: runsView.selection.length })),
    testHook(TestHooks.lastCommandError, () => lastCommandError()),
  );

  context.subscriptions.push(
    vscode.window.createTreeView('mlops.experiments', {
      treeDataProvider: experimentsTree,
      showCollapseAll: true,
      canSelectMany: true,
    }),
    vscode.languages.registerCodeLensProvider(
      { scheme: 'file', pattern: '**/mlops.{yaml,yml}' },
      new SpecCodeLensProvider(spec),
    ),
    vscode.languages.registerCodeLensProvider(
      ['python', 'javascript', 'typescript'].map((language) => ({ scheme: 'file', language })),
      new ScriptCodeLensProvider(),
    ),
    new SpecDiagnostics(spec),
    new RunStatusBar(runs, queue),
  );

  const refreshRun = (id: RunId) => refresh.schedule(`run:${id}`, () => runs.refreshRun(id));
  const watcher = new WorkspaceWatcher(workspace, {
    specChanged: () => {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === spec.file && d.isDirty);
      if (!open) refresh.schedule('spec', () => spec.reload());
    },
    runFolderAdded: refreshRun,
    runFolderRemoved: (id) => runs.remove(id),
    runFilesChanged: refreshRun,
  });
  context.subscriptions.push(watcher);
  context.subscriptions.push(
    runs.onDidChange(() =>
      watcher.setActiveRuns(
        runs.active().map((r) => r.id),
        (id) => store.runDir(id),
      ),
    ),
    backend.onEvent((event) => {
      if (event.type !== 'runStatus') return;
      refreshRun(event.runId);
      notifyRunOutcome(event, log);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!isSpecDocument(e.document, workspace)) return;
      const doc = e.document;
      refresh.schedule('spec-text', async () => spec.updateFromText(doc.uri.fsPath, doc.getText()));
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mlops.maxConcurrentRuns'))
        void backend.applyConcurrencySetting().catch((err) => log.warn(errorMessage(err)));
      if (e.affectsConfiguration('mlops.scanScripts')) void reloadAll();
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (isSpecDocument(doc, workspace)) refresh.schedule('spec', () => spec.reload());
    }),
  );

  const scanScripts = () => vscode.workspace.getConfiguration('mlops').get<boolean>('scanScripts', true);
  context.subscriptions.push(watchScripts(folder, scripts, refresh, scanScripts));

  const setContexts = () => {
    void vscode.commands.executeCommand('setContext', 'mlops.noSpec', spec.status === 'missing');
  };
  void vscode.commands.executeCommand('setContext', 'mlops.active', true);
  context.subscriptions.push(spec.onDidChange(setContexts));

  const reloadAll = async () => {
    await Promise.all([spec.reload(), runs.reload(), scanScripts() ? scripts.rescan() : Promise.resolve()]);
    const open = vscode.workspace.textDocuments.find((d) => isSpecDocument(d, workspace));
    if (open?.isDirty) spec.updateFromText(open.uri.fsPath, open.getText());
  };
  const deps: CommandDeps = {
    workspace,
    extensionPath: context.extensionPath,
    store,
    spec,
    scripts,
    runs,
    backend,
    refresh,
    log,
  };
  for (const item of [
    ...registerRunCommands(deps),
    ...registerRunItemCommands(deps),
    ...registerWorkspaceCommands(deps, reloadAll),
    ...registerImportCommands(deps),
  ])
    context.subscriptions.push(item);
  for (const item of registerQueueCommands(deps, queue)) context.subscriptions.push(item);
  for (const item of registerPanels(
    deps,
    context.extensionUri,
    () => runsView.selection,
    (panels) => registerSweeps(deps, sweeps, panels),
  ))
    context.subscriptions.push(item);
  for (const item of registerDataPanels(deps, context.extensionUri)) context.subscriptions.push(item);
  for (const item of registerMonitors(deps)) context.subscriptions.push(item);
  for (const item of registerLineage(deps, context)) context.subscriptions.push(item);
  for (const item of registerRegistry(deps)) context.subscriptions.push(item);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: running is enabled');
      void reloadAll();
    }),
  );

  let readyMs: number | null = null;
  const ready = reloadAll().then(
    () => {
      readyMs = Date.now() - started;
      setContexts();
      void recommendYamlExtension(context, spec.status !== 'missing').catch((err) =>
        log.warn(`YAML recommendation: ${errorMessage(err)}`),
      );
      // Queued runs wait for a backend and running ones need supervising again after a reload: start it for them.
      if (runs.active().length > 0 && requireTrust('Supervising running experiments', { notify: false })) {
        void backend
          .ensureStarted()
          .then((client) => client.request('queue.list', {}))
          .then(
            (q) => queue.set(q),
            (err) => log.warn(`backend: ${errorMessage(err)}`),
          );
      }
      log.info(
        `activated in ${Date.now() - started} ms: ${Object.keys(spec.spec?.experiments ?? {}).length} experiments, ${scripts.all().length} scripts, ${runs.all().length} runs${vscode.workspace.isTrusted ? '' : ' (Restricted Mode: nothing runs)'}`,
      );
    },
    (err) => log.error(`initial scan failed: ${errorMessage(err)}`),
  );

  const activateMs = Date.now() - started;
  return {
    ready,
    experiments: () => experimentsTree.experiments(),
    runs: () => runs.all(),
    specProblems: () => spec.problems,
    whenIdle: async () => {
      await ready;
      await refresh.whenIdle();
    },
    activation: () => ({ activateMs, readyMs }),
  };
}

function isSpecDocument(doc: vscode.TextDocument, workspace: string): boolean {
  return doc.uri.scheme === 'file' && /[\\/]mlops\.ya?ml$/.test(doc.uri.fsPath) && doc.uri.fsPath.startsWith(workspace);
}

function emptyApi(): MlopsApi {
  return {
    ready: Promise.resolve(),
    experiments: () => [],
    runs: () => [],
    specProblems: () => [],
    whenIdle: () => Promise.resolve(),
    activation: () => ({ activateMs: 0, readyMs: 0 }),
  };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code; the backend leaves training processes running.
}
