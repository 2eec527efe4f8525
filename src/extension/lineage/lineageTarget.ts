import * as vscode from 'vscode';
import { resolveLineageTarget } from '../../core/lineage/lineageLoader';
import { nodeId, type LineageGraph } from '../../core/lineage/graph';
import type { TreeNode } from '../trees/treeNodes';
import type { DatasetNode } from './datasetRows';
import { viewNode } from './lineageView';

export type LineageArg = string | TreeNode | DatasetNode | undefined;

/**
 * The node `mlops.openLineage` centres on: a node id, a run id (or prefix), `model:version` / `model@alias`,
 * a row of the Runs or Datasets tree, or (with no argument) the user's pick.
 */
export async function lineageTarget(
  graph: LineageGraph,
  workspace: string,
  arg: LineageArg,
): Promise<string | undefined> {
  if (typeof arg === 'string') {
    if (graph.has(arg)) return arg;
    if (graph.has(nodeId.run(arg))) return nodeId.run(arg);
    return resolveLineageTarget(graph, workspace, arg);
  }
  if (arg && typeof arg === 'object') {
    switch (arg.kind) {
      case 'run':
        return nodeId.run('run' in arg ? arg.run.id : arg.runId);
      case 'runSection':
        return nodeId.run(arg.run.id);
      case 'version':
        return arg.version.id;
      case 'path':
        return arg.entry.versions[0]?.id;
      default:
        return undefined;
    }
  }
  return pickNode(graph);
}

const PICKABLE = new Set(['run', 'dataset', 'artifact', 'model-version']);

async function pickNode(graph: LineageGraph): Promise<string | undefined> {
  const nodes = graph
    .nodes()
    .filter((n) => PICKABLE.has(n.kind))
    .sort((a, b) => (a.kind === b.kind ? b.id.localeCompare(a.id) : a.kind.localeCompare(b.kind)));
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage('MLOps: the lineage is empty: run an experiment first.');
    return undefined;
  }
  const items = nodes.map((n) => {
    const v = viewNode(n);
    return {
      label: v.title,
      description: `${n.kind === 'model-version' ? 'model' : n.kind} · ${v.subtitle}`,
      id: n.id,
    };
  });
  return (await vscode.window.showQuickPick(items, { title: 'Show lineage of…', matchOnDescription: true }))?.id;
}
