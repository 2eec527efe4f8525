import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LineageGraph } from '../../core/lineage/graph';
import { Commands } from '../commands/commandIds';

async function revealPath(workspace: string, relPath: string): Promise<void> {
  const full = join(workspace, relPath);
  if (!existsSync(full)) {
    void vscode.window.showWarningMessage(
      `${relPath} is no longer in the workspace; the lineage keeps its hash, not its contents.`,
    );
    return;
  }
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(full));
}

/**
 * What clicking a lineage node does: a run opens its detail panel, a dataset or artifact is revealed in the
 * Explorer, a model version opens its model card, a commit's sha is copied.
 */
export async function openLineageNode(workspace: string, graph: LineageGraph, nodeId: string): Promise<void> {
  const node = graph.node(nodeId);
  if (!node) return;
  const a = node.attrs;
  switch (node.kind) {
    case 'run':
      await vscode.commands.executeCommand(Commands.openRun, String(a.runId));
      return;
    case 'dataset':
    case 'artifact':
      await revealPath(workspace, String(a.path));
      return;
    case 'model-version':
      await vscode.commands.executeCommand(Commands.openModelCard, `${String(a.model)}:${String(a.version)}`);
      return;
    case 'commit':
      await vscode.env.clipboard.writeText(String(a.commit));
      vscode.window.setStatusBarMessage(`Copied commit ${String(a.commit).slice(0, 12)}`, 3000);
      return;
    case 'deployment':
      if (typeof a.url === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(a.url))
        await vscode.env.openExternal(vscode.Uri.parse(a.url));
      else
        void vscode.window.showInformationMessage(
          `Deployment ${String(a.id)} of ${String(a.model)}:${String(a.version)}${a.status ? ` (${String(a.status)})` : ''}`,
        );
      return;
  }
}
