import * as vscode from 'vscode';
import { join } from 'node:path';
import { writeSampleWorkspace } from '../../core/spec/sampleWorkspace';
import { command } from './command';
import type { CommandDeps } from './commandDeps';
import { Commands } from './commandIds';

export function registerWorkspaceCommands(deps: CommandDeps, reloadAll: () => Promise<void>): vscode.Disposable[] {
  return [
    command(Commands.refresh, { needsTrust: false }, () => reloadAll()),
    command(Commands.showOutput, { needsTrust: false }, () => deps.log.show()),
    command(Commands.openSpec, { needsTrust: false }, async () => {
      if (deps.spec.file) await vscode.window.showTextDocument(vscode.Uri.file(deps.spec.file));
    }),
    command(
      Commands.rebuildIndex,
      {
        needsTrust: false,
        what: 'rebuild the index',
        progress: { title: 'MLOps: rebuilding the run index', cancellable: true },
      },
      async (task) => {
        let reported = 0;
        const report = await deps.store.rebuildIndex({
          signal: task.signal,
          onProgress: (done, total) => {
            const pct = (100 * done) / Math.max(1, total);
            task.report(`${done}/${total} runs`, pct - reported);
            reported = pct;
          },
        });
        await deps.runs.reload();
        const bad = Object.entries(report.problems);
        deps.log.info(
          `index rebuilt: ${report.indexed} runs${report.movedAside ? `; corrupt index moved to ${report.movedAside}` : ''}`,
        );
        for (const [id, why] of bad) deps.log.warn(`run folder ${id} could not be read: ${why}`);
        const message = `MLOps: indexed ${report.indexed} runs${bad.length ? `; ${bad.length} run folder(s) could not be read (kept on disk)` : ''}.`;
        void vscode.window
          .showInformationMessage(message, ...(bad.length ? ['Show Output'] : []))
          .then((c) => c && deps.log.show());
        return report;
      },
    ),
    command(Commands.createSample, { needsTrust: true, what: 'creating the sample' }, async () => {
      const result = await writeSampleWorkspace(join(deps.extensionPath, 'examples', 'quickstart'), deps.workspace);
      deps.log.info(
        `sample written: ${result.written.length} file(s); kept existing: ${result.skipped.join(', ') || 'none'}`,
      );
      await reloadAll();
      const spec = join(deps.workspace, 'mlops.yaml');
      await vscode.window.showTextDocument(vscode.Uri.file(spec));
      return result;
    }),
  ];
}
