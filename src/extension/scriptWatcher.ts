import * as vscode from 'vscode';
import type { ScriptsModel } from './models/scriptsModel';
import type { RefreshManager } from './refreshManager';

const SCRIPT_GLOB = '**/*.{py,js,mjs,cjs,ts}';
const SKIPPED = /[\\/](node_modules|\.git|\.mlops|\.venv|venv|dist|out|__pycache__)([\\/]|$)/;
/** A file written right after its folder was created can slip past the recursive watcher: look again after this. */
const NEW_FOLDER_RESCAN_MS = [0, 1000];

/**
 * Keeps the discovered training scripts current: a watcher on script files, plus a look into every new folder
 * (a `git checkout` or a generator creating a folder and its scripts at once).
 */
export function watchScripts(
  folder: vscode.WorkspaceFolder,
  scripts: ScriptsModel,
  refresh: RefreshManager,
  enabled: () => boolean,
): vscode.Disposable {
  const onScript = (uri: vscode.Uri, deleted = false) => {
    if (enabled() && !SKIPPED.test(uri.fsPath))
      refresh.schedule(`script:${uri.fsPath}`, () => scripts.updateFile(uri, deleted));
  };
  const scanFolder = async (dir: vscode.Uri) => {
    const found = await vscode.workspace.findFiles(
      new vscode.RelativePattern(dir, SCRIPT_GLOB),
      '**/{node_modules,.git,.mlops,.venv,venv}/**',
      2000,
    );
    for (const uri of found) onScript(uri);
  };
  const files = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, SCRIPT_GLOB));
  const folders = vscode.workspace.createFileSystemWatcher(
    new vscode.RelativePattern(folder, '**/*'),
    false,
    true,
    true,
  );
  const timers = new Set<NodeJS.Timeout>();
  const onCreated = async (uri: vscode.Uri) => {
    if (!enabled() || SKIPPED.test(uri.fsPath)) return;
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || !(stat.type & vscode.FileType.Directory)) return;
    for (const delay of NEW_FOLDER_RESCAN_MS) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void scanFolder(uri);
      }, delay);
      timers.add(timer);
    }
  };
  return vscode.Disposable.from(
    files,
    folders,
    files.onDidCreate((u) => onScript(u)),
    files.onDidChange((u) => onScript(u)),
    files.onDidDelete((u) => onScript(u, true)),
    folders.onDidCreate((u) => void onCreated(u)),
    { dispose: () => timers.forEach(clearTimeout) },
  );
}
