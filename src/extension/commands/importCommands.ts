import * as vscode from 'vscode';
import { IMPORT_KINDS } from '../../core/interop/importers';
import type { ImportKind } from '../../core/interop/importedRun';
import { formatImportReport, type ImportReport } from '../../core/interop/importReport';
import { command, withProgress } from './command';
import type { CommandDeps } from './commandDeps';
import { Commands } from './commandIds';

const KIND_PICKS: Array<vscode.QuickPickItem & { tool: ImportKind }> = [
  {
    tool: 'tensorboard',
    label: 'TensorBoard',
    detail: 'A log folder of event files (events.out.tfevents.*): each folder of events becomes a run',
  },
  {
    tool: 'mlflow',
    label: 'MLflow',
    detail: 'A file store (mlruns/): live runs with params, metrics, tags, parents and artifacts',
  },
  {
    tool: 'wandb',
    label: 'Weights & Biases',
    detail: 'A wandb/ folder of run folders: config, summary and plain-file history',
  },
];

/**
 * MLOps: Import Runs… — picks the tool and the folder (or takes them as arguments: kind, folder path), imports in the
 * backend with a cancellable progress notification, and writes the report to the output channel.
 */
export function registerImportCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    command(
      Commands.importRuns,
      { needsTrust: true, what: 'import runs' },
      async (kindArg?: ImportKind, pathArg?: string): Promise<ImportReport | undefined> => {
        const kind =
          kindArg && (IMPORT_KINDS as readonly string[]).includes(kindArg)
            ? kindArg
            : (await vscode.window.showQuickPick(KIND_PICKS, { title: 'MLOps: Import Runs — from which tool?' }))?.tool;
        if (!kind) return undefined;
        const path = pathArg ?? (await pickFolder(kind, deps.workspace));
        if (!path) return undefined;
        const report = await withProgress(
          { title: `MLOps: importing ${kind} runs`, cancellable: true },
          async (task) => {
            let reported = 0;
            const listener = deps.backend.onEvent((event) => {
              if (event.type !== 'importProgress' || event.path !== path) return;
              const pct = (100 * event.done) / Math.max(1, event.total);
              task.report(`${event.done}/${event.total}`, pct - reported);
              reported = pct;
            });
            try {
              return await deps.backend.request(
                'import',
                { kind, path },
                { signal: task.signal, timeoutMs: 60 * 60_000 },
              );
            } finally {
              listener.dispose();
            }
          },
        );
        await deps.runs.reload();
        deps.log.info(formatImportReport(report));
        const created = report.runs.filter((r) => r.outcome === 'created').length;
        const appended = report.runs.filter((r) => r.outcome === 'appended').length;
        const warnings = report.runs.reduce((n, r) => n + r.problems.length, 0) + report.notes.length;
        const message = `MLOps: imported ${created} new run(s)${appended ? `, updated ${appended}` : ''} from ${kind}${warnings ? `; ${warnings} warning(s)` : ''}.`;
        void vscode.window.showInformationMessage(message, 'Show Output').then((c) => c && deps.log.show());
        return report;
      },
    ),
  ];
}

async function pickFolder(kind: ImportKind, workspace: string): Promise<string | undefined> {
  const label =
    kind === 'tensorboard'
      ? 'Import this log folder'
      : kind === 'mlflow'
        ? 'Import this mlruns folder'
        : 'Import this wandb folder';
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: label,
    defaultUri: vscode.Uri.file(workspace),
  });
  return picked?.[0]?.fsPath;
}
