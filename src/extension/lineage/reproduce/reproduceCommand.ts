import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadRunSnapshot } from '../../../core/lineage/runSnapshot';
import { flatten } from '../../../core/tracking/flatten';
import type { RunId } from '../../../core/tracking/types';
import type { CommandDeps } from '../../commands/commandDeps';
import { requireTrust } from '../../trust';
import { pickRun, runIdOf, type RunArg } from '../runArgs';
import { checkReproduction } from './reproCheck';
import { reproPrompt, WORKTREE } from './reproPrompt';
import { createRunWorktree } from './worktree';

export interface ReproduceResult {
  runId: RunId;
  derivedFrom: RunId;
  worktree: string | null;
}

const COMPARE_RUNS = 'mlops.compareRuns';

/**
 * "Reproduce run": compares the recorded commit, uncommitted changes and data hashes with the workspace, asks
 * (Continue anyway / Apply recorded patch in a worktree / Cancel) when anything differs, then launches the same
 * experiment with the recorded params, linked to the original by `derivedFrom`, and opens both in the compare panel.
 */
export async function reproduceRun(
  deps: CommandDeps,
  worktreesDir: string,
  arg?: RunArg,
): Promise<ReproduceResult | undefined> {
  const id = runIdOf(arg) ?? (await pickRun(deps, 'Reproduce run'));
  if (!id || !requireTrust('reproducing a run')) return undefined;
  const { record, params } = await loadRunSnapshot(deps.workspace, id);
  const check = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `MLOps: checking code and data against run ${record.id.slice(-8)}`,
      cancellable: true,
    },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return checkReproduction(deps.workspace, record, abort.signal);
    },
  );
  const prompt = reproPrompt(record, check);
  let codeRoot: string | null = null;
  let worktree: string | null = null;
  if (prompt) {
    const choice = await vscode.window.showWarningMessage(
      prompt.message,
      { modal: true, detail: prompt.detail },
      ...prompt.choices,
    );
    if (!choice) return undefined;
    if (choice === WORKTREE) {
      const tree = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "MLOps: restoring the run's code in a git worktree" },
        () => createRunWorktree(deps.workspace, record, worktreesDir),
      );
      deps.log.info(
        `reproducing ${record.id} in worktree ${tree.root}${tree.linkedData.length ? ` (data linked from the workspace: ${tree.linkedData.join(', ')})` : ''}`,
      );
      codeRoot = tree.workspace;
      worktree = tree.root;
    }
  }
  const launched = await deps.backend.request('launch', {
    experiment: record.experiment,
    overrides: flatten(params),
    tags: { reproduces: record.id },
    derivedFrom: record.id,
    ...(codeRoot ? { codeRoot } : {}),
  });
  await deps.runs.refreshRun(launched.runId);
  if ((await vscode.commands.getCommands(true)).includes(COMPARE_RUNS))
    await vscode.commands.executeCommand(COMPARE_RUNS, [record.id, launched.runId]);
  return { runId: launched.runId, derivedFrom: record.id, worktree };
}

export function worktreesFolder(globalStorage: vscode.Uri): string {
  return join(globalStorage.fsPath, 'worktrees');
}
