import * as vscode from 'vscode';
import { FileRegistryStore } from '../../core/registry/fileRegistryStore';
import type { CommandDeps } from '../commands/commandDeps';
import { reportError } from '../commands/reportError';
import { GateDiagnostics } from './gateDiagnostics';
import { inspectTree } from '../trees/inspectTree';
import { ModelsTree } from './modelsTree';
import {
  archiveCommand,
  checkGatesCommand,
  compareWithProductionCommand,
  modelCardCommand,
  openLineageCommand,
  promoteCommand,
  registerFromRunCommand,
  type RegistryCommandDeps,
} from './registryCommands';
import { REGISTRY_DOC_SCHEME, RegistryDocuments } from './registryDocuments';
import { RegistryModel } from './registryModel';

export const RegistryCommands = {
  refreshModels: 'mlops.refreshModels',
  registerModel: 'mlops.registerModel',
  promoteModel: 'mlops.promoteModel',
  archiveModelVersion: 'mlops.archiveModelVersion',
  checkGates: 'mlops.checkGates',
  compareWithProduction: 'mlops.compareWithProduction',
  openModelLineage: 'mlops.openModelLineage',
  openModelCard: 'mlops.openModelCard',
  /** Not in the palette: the rendered Models tree and the gate problems, for tests. */
  inspect: 'mlops.models.inspect',
} as const;

/** The Models view, its commands, model cards and gate problems on mlops.yaml. */
export function registerRegistry(deps: CommandDeps): vscode.Disposable[] {
  const registry = new RegistryModel(new FileRegistryStore(deps.workspace));
  const tree = new ModelsTree(registry, deps.spec);
  const diagnostics = new GateDiagnostics(deps.spec);
  const documents = new RegistryDocuments();
  const d: RegistryCommandDeps = { base: deps, registry, diagnostics, documents };
  const guarded =
    <A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await fn(...args);
      } catch (err) {
        reportError(deps.log, what, err);
        return undefined;
      }
    };
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(deps.workspace, '.mlops/registry.json'));
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
    vscode.commands.registerCommand(RegistryCommands.refreshModels, guarded('refresh models', () => registry.reload())),
    vscode.commands.registerCommand(RegistryCommands.registerModel, guarded('register model', (arg, options) => registerFromRunCommand(d, arg, options))),
    vscode.commands.registerCommand(RegistryCommands.promoteModel, guarded('promote', (arg, options) => promoteCommand(d, arg, options))),
    vscode.commands.registerCommand(RegistryCommands.archiveModelVersion, guarded('archive', (arg, options) => archiveCommand(d, arg, options))),
    vscode.commands.registerCommand(RegistryCommands.checkGates, guarded('check gates', (arg) => checkGatesCommand(d, arg))),
    vscode.commands.registerCommand(RegistryCommands.compareWithProduction, guarded('compare with production', (arg) => compareWithProductionCommand(d, arg))),
    vscode.commands.registerCommand(RegistryCommands.openModelLineage, guarded('model lineage', (arg) => openLineageCommand(d, arg))),
    vscode.commands.registerCommand(RegistryCommands.openModelCard, guarded('model card', (arg) => modelCardCommand(d, arg))),
    vscode.commands.registerCommand(RegistryCommands.inspect, () => ({ tree: inspectTree(tree), problems: diagnostics.problems() })),
  ];
}
