import * as vscode from 'vscode';
import { DATA_EXCLUDE, DATA_GLOB, displayPath } from './dataArgs';

const BROWSE = '$(folder-opened) Browse…';
const MAX_FILES = 2000;

/**
 * A quick pick of the workspace's data files (CSV, TSV, JSON Lines, Parquet), with "Browse…" for a file elsewhere.
 * `exclude` leaves one file out (the reference already chosen).
 */
export async function pickDataFile(
  workspace: string,
  options: { title: string; placeHolder: string; exclude?: string },
): Promise<string | undefined> {
  const files = (await vscode.workspace.findFiles(DATA_GLOB, DATA_EXCLUDE, MAX_FILES))
    .map((u) => u.fsPath)
    .filter((p) => p !== options.exclude);
  files.sort((a, b) => displayPath(a, workspace).localeCompare(displayPath(b, workspace)));
  const items: Array<vscode.QuickPickItem & { path?: string }> = files.map((path) => ({
    label: displayPath(path, workspace),
    path,
  }));
  items.push({ label: BROWSE, alwaysShow: true });
  const pick = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: options.placeHolder,
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (pick.path) return pick.path;
  const chosen = await vscode.window.showOpenDialog({
    title: options.title,
    canSelectMany: false,
    defaultUri: vscode.Uri.file(workspace),
    filters: { 'Data files': ['csv', 'tsv', 'jsonl', 'ndjson', 'json', 'parquet', 'pq'], 'All files': ['*'] },
  });
  return chosen?.[0]?.fsPath;
}
