import * as vscode from 'vscode';
import type { CommandDeps } from '../commands/commandDeps';
import type { TreeNode } from '../trees/treeNodes';
import type { DatasetNode } from './datasetRows';

/** What a command gets from a tree row, a panel, the palette or another command. */
export type RunArg = string | TreeNode | DatasetNode | undefined;

export function runIdOf(arg: RunArg): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  if (arg.kind === 'run' && 'run' in arg) return arg.run.id;
  if (arg.kind === 'runSection') return arg.run.id;
  if (arg.kind === 'run' && 'runId' in arg) return arg.runId;
  return undefined;
}

export async function pickRun(deps: CommandDeps, title: string, exclude?: string): Promise<string | undefined> {
  const items = deps.runs
    .all()
    .filter((r) => r.id !== exclude)
    .map((r) => ({
      label: `${r.experiment} ${r.id.slice(-8)}`,
      description: `${r.status} · ${r.createdAt.slice(0, 16).replace('T', ' ')}`,
      detail: r.gitCommit ? `commit ${r.gitCommit.slice(0, 10)}` : undefined,
      id: r.id,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('MLOps: there are no runs to choose from yet.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true }))?.id;
}
