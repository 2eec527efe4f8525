import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LineageGraph } from '../../core/lineage/graph';

/** Commands other features contribute; each is used when it exists in this window. */
const OPEN_RUN = 'mlops.openRun';
const OPEN_MODEL = 'mlops.openModel';

async function hasCommand(id: string): Promise<boolean> {
  return (await vscode.commands.getCommands(true)).includes(id);
}

async function revealPath(workspace: string, relPath: string): Promise<void> {
  const full = join(workspace, relPath);
  if (!existsSync(full)) {
    void vscode.window.showWarningMessage(`${relPath} is no longer in the workspace; the lineage keeps its hash, not its contents.`);
    return;
  }
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(full));
}

/**
 * What clicking a lineage node does: a run opens its detail panel (or its log), a dataset or artifact is revealed
 * in the Explorer, a model version opens in the registry view when there is one, a commit's sha is copied.
 */
export async function openLineageNode(workspace: string, graph: LineageGraph, nodeId: string): Promise<void> {
  const node = graph.node(nodeId);
  if (!node) return;
  const a = node.attrs;
  switch (node.kind) {
    case 'run':
      if (await hasCommand(OPEN_RUN)) await vscode.commands.executeCommand(OPEN_RUN, String(a.runId));
      else await vscode.commands.executeCommand('mlops.openRunLog', String(a.runId));
      return;
    case 'dataset':
    case 'artifact':
      await revealPath(workspace, String(a.path));
      return;
    case 'model-version':
      if (await hasCommand(OPEN_MODEL)) await vscode.commands.executeCommand(OPEN_MODEL, `${String(a.model)}:${String(a.version)}`);
      else if (typeof a.artifactPath === 'string') await revealPath(workspace, a.artifactPath);
      else if (typeof a.runId === 'string') await vscode.commands.executeCommand(OPEN_RUN, a.runId);
      return;
    case 'commit':
      await vscode.env.clipboard.writeText(String(a.commit));
      vscode.window.setStatusBarMessage(`Copied commit ${String(a.commit).slice(0, 12)}`, 3000);
      return;
    case 'deployment':
      if (typeof a.url === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(a.url)) await vscode.env.openExternal(vscode.Uri.parse(a.url));
      else void vscode.window.showInformationMessage(`Deployment ${String(a.id)} of ${String(a.model)}:${String(a.version)}${a.status ? ` (${String(a.status)})` : ''}`);
      return;
  }
}
