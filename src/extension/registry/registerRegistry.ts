import * as vscode from 'vscode';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import { command, testHook } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands, TestHooks } from '../commands/commandIds';
import { GateDiagnostics } from './gateDiagnostics';
import { inspectTree } from '../trees/inspectTree';
import { ModelsTree } from './modelsTree';
import {
  archiveCommand,
  checkGatesCommand,
  compareWithProductionCommand,
  exportModelCardCommand,
  modelCardCommand,
  openLineageCommand,
  promoteCommand,
  registerFromRunCommand,
  type RegistryCommandDeps,
} from './registryCommands';
import { REGISTRY_DOC_SCHEME, RegistryDocuments } from './registryDocuments';
import { RegistryModel } from './registryModel';
import type { VersionArg } from './versionArg';
import type { TreeNode } from '../trees/treeNodes';

/** The Models view, its commands, model cards and gate problems on mlops.yaml. */
export function registerRegistry(deps: CommandDeps): vscode.Disposable[] {
  const registry = new RegistryModel(new FileRegistryStore(deps.workspace));
  const tree = new ModelsTree(registry, deps.spec);
  const diagnostics = new GateDiagnostics(deps.spec);
  const documents = new RegistryDocuments();
  const d: RegistryCommandDeps = { base: deps, registry, diagnostics, documents };
  const watcher = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(deps.workspace, '.mlops/registry.json'),
  );
  const reload = () => deps.refresh.schedule('models', () => registry.reload());
  reload();

  return [
    registry,
    tree,
    diagnostics,
    documents,
    watcher,
    watcher.onDidCreate(reload),
    watcher.onDidChange(reload),
    watcher.onDidDelete(reload),
    vscode.window.createTreeView('mlops.models', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.workspace.registerTextDocumentContentProvider(REGISTRY_DOC_SCHEME, documents),
    command(Commands.refreshModels, { needsTrust: false, what: 'refresh models' }, () => registry.reload()),
    command(
      Commands.registerModel,
      { needsTrust: true, what: 'registering a model' },
      (arg?: TreeNode | string, options?: unknown) => registerFromRunCommand(d, arg, options),
    ),
    command(
      Commands.promoteModel,
      { needsTrust: true, what: 'promoting a model' },
      (arg?: VersionArg, options?: unknown) => promoteCommand(d, arg, options),
    ),
    command(
      Commands.archiveModelVersion,
      { needsTrust: true, what: 'archiving a model version' },
      (arg?: VersionArg, options?: unknown) => archiveCommand(d, arg, options),
    ),
    command(Commands.checkGates, { needsTrust: true, what: 'checking gates' }, (arg?: VersionArg) =>
      checkGatesCommand(d, arg),
    ),
    command(
      Commands.compareWithProduction,
      { needsTrust: false, what: 'compare with production' },
      (arg?: VersionArg) => compareWithProductionCommand(d, arg),
    ),
    command(Commands.openModelLineage, { needsTrust: false, what: 'model lineage' }, (arg?: VersionArg) =>
      openLineageCommand(d, arg),
    ),
    command(Commands.openModelCard, { needsTrust: false, what: 'model card' }, (arg?: VersionArg) =>
      modelCardCommand(d, arg),
    ),
    command(
      Commands.exportModelCard,
      { needsTrust: false, what: 'export the model card' },
      (arg?: VersionArg, format?: unknown, target?: unknown) => exportModelCardCommand(d, arg, format, target),
    ),
    testHook(TestHooks.modelsInspect, () => ({ tree: inspectTree(tree), problems: diagnostics.problems() })),
  ];
}
