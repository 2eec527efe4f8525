import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { MlopsError } from '../../core/errors';
import type { ExportFormat } from '../../protocol/webview/common';
import { command, withProgress } from '../commands/command';
import type { CommandDeps } from '../commands/commandDeps';
import { Commands } from '../commands/commandIds';
import { panelRegistry, type OpenPanel } from './panelRegistry';

/** How long to wait for VS Code to say where a moved panel landed. */
const MOVE_WAIT_MS = 5000;

const FORMATS: Record<ExportFormat, { label: string; extension: string; filter: string }> = {
  png: { label: 'PNG image', extension: 'png', filter: 'PNG image' },
  html: { label: 'HTML page', extension: 'html', filter: 'HTML page' },
};

function activePanel(): OpenPanel {
  const panel = panelRegistry.active();
  if (!panel)
    throw new MlopsError('no MLOps panel is open', 'not-found', 'Open a panel (runs table, compare, drift…) first.');
  return panel;
}

/** A file name from a panel's title: "MLOps Compare (3 runs)" → "mlops-compare-3-runs". */
export function fileStem(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'mlops-panel'
  );
}

function asUri(target: unknown): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (typeof target === 'string' && target !== '') return vscode.Uri.file(target);
  return undefined;
}

/** Asks where to save, starting in the workspace with a name from `stem`; undefined when the user cancels. */
export async function saveTarget(
  deps: CommandDeps,
  stem: string,
  extension: string,
  filterName: string,
  given: unknown,
): Promise<vscode.Uri | undefined> {
  return (
    asUri(given) ??
    (await vscode.window.showSaveDialog({
      title: 'Save as…',
      defaultUri: vscode.Uri.file(join(deps.workspace, `${stem}.${extension}`)),
      filters: { [filterName]: [extension] },
    }))
  );
}

/** Tells the user where the file went, with a way to open it; never holds the command's result back. */
export function announceSaved(uri: vscode.Uri): void {
  void vscode.window
    .showInformationMessage(`MLOps: saved ${uri.fsPath}`, 'Open', 'Reveal in Explorer')
    .then((choice) => {
      if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
      if (choice === 'Reveal in Explorer') void vscode.commands.executeCommand('revealFileInOS', uri);
    });
}

/**
 * The editor title's actions on every MLOps panel: refresh, open in a new editor group, and (compare and drift)
 * export. Each acts on the focused panel; from code, `mlops.panel.export` takes a format and a target path.
 */
export function registerPanelActions(deps: CommandDeps): vscode.Disposable[] {
  return [
    command(Commands.refreshPanel, { needsTrust: false, what: 'refresh the panel' }, () => activePanel().reload()),
    command(Commands.openPanelToSide, { needsTrust: false, what: 'open the panel in a new editor group' }, async () => {
      const { panel } = activePanel();
      const before = panel.viewColumn;
      // Resolves with the panel's new column, which VS Code reports in a view-state event after the move.
      const moved = new Promise<void>((resolve) => {
        const done = () => {
          subscription.dispose();
          clearTimeout(timer);
          resolve();
        };
        const subscription = panel.onDidChangeViewState(() => panel.viewColumn !== before && done());
        const timer = setTimeout(done, MOVE_WAIT_MS);
      });
      // The panel moves rather than splits (a webview lives in one place) into the group to the right, created when
      // missing. Alone in its group it stays where it is: the emptied group closes.
      panel.reveal(before, false);
      await vscode.commands.executeCommand('moveActiveEditor', { to: 'right', by: 'group' });
      await moved;
      return panel.viewColumn;
    }),
    command(
      Commands.exportPanel,
      { needsTrust: false, what: 'export the panel' },
      async (format?: ExportFormat, target?: unknown) => {
        const panel = activePanel();
        if (!panel.exportable)
          throw new MlopsError(`${panel.title} cannot be exported`, 'bad-input', 'Export the compare or drift panel.');
        const chosen =
          format && format in FORMATS
            ? format
            : (
                await vscode.window.showQuickPick(
                  (Object.keys(FORMATS) as ExportFormat[]).map((f) => ({ label: FORMATS[f].label, format: f })),
                  { title: `Export ${panel.title} as…` },
                )
              )?.format;
        if (!chosen) return undefined;
        const { extension, filter } = FORMATS[chosen];
        const uri = await saveTarget(deps, fileStem(panel.title), extension, filter, target);
        if (!uri) return undefined;
        const data = await withProgress(
          { title: `MLOps: drawing ${panel.title} as ${extension.toUpperCase()}`, location: 'window' },
          () => panel.requestExport(chosen),
        );
        await writeFile(uri.fsPath, chosen === 'png' ? Buffer.from(data, 'base64') : data);
        if (!asUri(target)) announceSaved(uri);
        return uri;
      },
    ),
  ];
}
