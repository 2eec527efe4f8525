import * as vscode from 'vscode';
import { join } from 'node:path';
import { writeSampleWorkspace } from '../../core/spec/sampleWorkspace';
import { Commands } from '../api';
import { requireTrust } from '../trust';
import type { CommandDeps } from './commandDeps';
import { reportError } from './reportError';

export function registerWorkspaceCommands(deps: CommandDeps, reloadAll: () => Promise<void>): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.refresh, async () => {
      await reloadAll();
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => deps.log.show()),
    vscode.commands.registerCommand('mlops.openSpec', async () => {
      if (deps.spec.file) await vscode.window.showTextDocument(vscode.Uri.file(deps.spec.file));
    }),
    vscode.commands.registerCommand(Commands.rebuildIndex, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'MLOps: rebuilding the run index', cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          try {
            const report = await deps.store.rebuildIndex({
              signal: controller.signal,
              onProgress: (done, total) => {
                const pct = (100 * done) / Math.max(1, total);
                progress.report({ message: `${done}/${total} runs`, increment: pct - reported });
                reported = pct;
              },
            });
            await deps.runs.reload();
            const bad = Object.entries(report.problems);
            deps.log.info(`index rebuilt: ${report.indexed} runs${report.movedAside ? `; corrupt index moved to ${report.movedAside}` : ''}`);
            for (const [id, why] of bad) deps.log.warn(`run folder ${id} could not be read: ${why}`);
            const message = `MLOps: indexed ${report.indexed} runs${bad.length ? `; ${bad.length} run folder(s) could not be read (kept on disk)` : ''}.`;
            void vscode.window.showInformationMessage(message, ...(bad.length ? ['Show Output'] : [])).then((c) => c && deps.log.show());
            return report;
          } catch (err) {
            if (!controller.signal.aborted) reportError(deps.log, 'could not rebuild the index', err);
            return undefined;
          }
        },
      ),
    ),
    vscode.commands.registerCommand(Commands.createSample, async () => {
      if (!requireTrust('creating the sample')) return undefined;
      try {
        const result = await writeSampleWorkspace(join(deps.extensionPath, 'examples', 'quickstart'), deps.workspace);
        deps.log.info(`sample written: ${result.written.length} file(s); kept existing: ${result.skipped.join(', ') || 'none'}`);
        await reloadAll();
        const spec = join(deps.workspace, 'mlops.yaml');
        await vscode.window.showTextDocument(vscode.Uri.file(spec));
        return result;
      } catch (err) {
        reportError(deps.log, 'could not create the sample', err);
        return undefined;
      }
    }),
  ];
}
