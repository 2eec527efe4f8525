import type * as vscode from 'vscode';
import type { RunStore } from '../../core/store/runStore';
import type { BackendHost } from '../backendHost';
import type { RunsModel } from '../models/runsModel';
import type { ScriptsModel } from '../models/scriptsModel';
import type { SpecModel } from '../models/specModel';
import type { RefreshManager } from '../refreshManager';

/** What command handlers need; built once in activate. */
export interface CommandDeps {
  workspace: string;
  extensionPath: string;
  store: RunStore;
  spec: SpecModel;
  scripts: ScriptsModel;
  runs: RunsModel;
  backend: BackendHost;
  refresh: RefreshManager;
  log: vscode.LogOutputChannel;
}
