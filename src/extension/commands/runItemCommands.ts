import * as vscode from 'vscode';
import { runPaths } from '../../core/store/layout';
import type { TreeNode } from '../trees/treeNodes';
import { command } from './command';
import type { CommandDeps } from './commandDeps';
import { Commands } from './commandIds';
import { runIdFrom } from './runCommands';

export function registerRunItemCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    command(Commands.openRunLog, { needsTrust: false }, async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Open the log of which run?');
      if (!runId) return;
      const log = vscode.Uri.file(runPaths(deps.store.runDir(runId)).log);
      try {
        await vscode.window.showTextDocument(log, { preview: true });
      } catch {
        void vscode.window.showInformationMessage(`MLOps: run ${runId} has no log yet.`);
      }
    }),
    command(Commands.openRunFolder, { needsTrust: false }, async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Reveal which run?');
      if (runId) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(deps.store.runDir(runId)));
    }),
    command(Commands.copyRunId, { needsTrust: false }, async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Copy the id of which run?');
      if (runId) await vscode.env.clipboard.writeText(runId);
    }),
    command(
      Commands.deleteRun,
      { needsTrust: true, what: 'deleting runs' },
      async (arg: string | TreeNode | undefined) => {
        const runId = await runIdFrom(deps, arg, 'Delete which run?');
        if (!runId) return;
        const run = deps.runs.get(runId);
        if (run && (run.status === 'running' || run.status === 'queued')) {
          void vscode.window.showWarningMessage(`MLOps: stop run ${runId} before deleting it.`);
          return;
        }
        const ok = await vscode.window.showWarningMessage(
          `Delete run ${runId}${run ? ` of ${run.experiment}` : ''}? Its folder, metrics and artifacts are removed.`,
          { modal: true },
          'Delete',
        );
        if (ok !== 'Delete') return;
        await deps.store.deleteRun(runId);
        deps.runs.remove(runId);
      },
    ),
  ];
}
