import * as vscode from 'vscode';
import { runPaths } from '../../core/store/layout';
import { Commands } from '../api';
import { requireTrust } from '../trust';
import type { TreeNode } from '../trees/treeNodes';
import type { CommandDeps } from './commandDeps';
import { reportError } from './reportError';
import { runIdFrom } from './runCommands';

export function registerRunItemCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.openRunLog, async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Open the log of which run?');
      if (!runId) return;
      const log = vscode.Uri.file(runPaths(deps.store.runDir(runId)).log);
      try {
        await vscode.window.showTextDocument(log, { preview: true });
      } catch {
        void vscode.window.showInformationMessage(`MLOps: run ${runId} has no log yet.`);
      }
    }),
    vscode.commands.registerCommand('mlops.openRunFolder', async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Reveal which run?');
      if (runId) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(deps.store.runDir(runId)));
    }),
    vscode.commands.registerCommand('mlops.copyRunId', async (arg: string | TreeNode | undefined) => {
      const runId = await runIdFrom(deps, arg, 'Copy the id of which run?');
      if (runId) await vscode.env.clipboard.writeText(runId);
    }),
    vscode.commands.registerCommand('mlops.deleteRun', async (arg: string | TreeNode | undefined) => {
      if (!requireTrust('deleting runs')) return;
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
      try {
        await deps.store.deleteRun(runId);
        deps.runs.remove(runId);
      } catch (err) {
        reportError(deps.log, `could not delete ${runId}`, err);
      }
    }),
  ];
}
