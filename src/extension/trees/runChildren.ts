import * as vscode from 'vscode';
import type { RunSummary } from '../../core/tracking/types';
import { formatValue } from './runPresentation';
import type { TreeNode } from './treeNodes';

/** A run expands into its child runs (nested runs, e.g. MLflow's), its latest metrics and its params. */
export function runSections(run: RunSummary, children: RunSummary[] = []): TreeNode[] {
  const out: TreeNode[] = [];
  if (children.length) out.push({ kind: 'runSection', run, section: 'children', children });
  if (Object.keys(run.metrics).length) out.push({ kind: 'runSection', run, section: 'metrics' });
  if (Object.keys(run.params).length) out.push({ kind: 'runSection', run, section: 'params' });
  return out;
}

export function sectionValues(
  run: RunSummary,
  section: 'metrics' | 'params' | 'children',
  children: RunSummary[] = [],
): TreeNode[] {
  if (section === 'children') {
    return children.map((child) => ({
      kind: 'value',
      id: `${run.id}:children:${child.id}`,
      label: child.name || child.id,
      value: `${child.status} · ${child.id}`,
    }));
  }
  const entries = Object.entries(section === 'metrics' ? run.metrics : run.params);
  return entries.map(([k, v]) => ({
    kind: 'value',
    id: `${run.id}:${section}:${k}`,
    label: k,
    value: typeof v === 'number' ? formatValue(v) : typeof v === 'object' ? JSON.stringify(v) : String(v),
  }));
}

export function sectionItem(node: Extract<TreeNode, { kind: 'runSection' }>): vscode.TreeItem {
  const label = node.section === 'metrics' ? 'Metrics' : node.section === 'params' ? 'Params' : 'Child Runs';
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${node.run.id}:${node.section}`;
  item.iconPath = new vscode.ThemeIcon(
    node.section === 'metrics' ? 'graph-line' : node.section === 'params' ? 'settings' : 'type-hierarchy-sub',
  );
  item.description = String(
    node.section === 'children'
      ? (node.children ?? []).length
      : Object.keys(node.section === 'metrics' ? node.run.metrics : node.run.params).length,
  );
  return item;
}

export function valueItem(node: Extract<TreeNode, { kind: 'value' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.value;
  item.tooltip = `${node.label} = ${node.value}`;
  return item;
}

export function moreItem(node: Extract<TreeNode, { kind: 'more' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  return item;
}

/** Children of the rows both trees share: a run expands into sections, a section into values. */
export function runNodeChildren(
  node: TreeNode,
  childrenOf: (id: RunSummary['id']) => RunSummary[] = () => [],
): TreeNode[] {
  if (node.kind === 'run') return runSections(node.run, childrenOf(node.run.id));
  if (node.kind === 'runSection') return sectionValues(node.run, node.section, node.children);
  return [];
}

/** The newest `max` runs, then one row saying how many older ones were left out. */
export function cappedRuns(
  runs: RunSummary[],
  max: number,
  under: 'experiment' | 'flat',
  more: { id: string; label: (hidden: number) => string },
): TreeNode[] {
  const shown: TreeNode[] = runs.slice(0, max).map((run) => ({ kind: 'run', run, under }));
  const hidden = runs.length - max;
  if (hidden > 0) shown.push({ kind: 'more', id: more.id, label: more.label(hidden), hidden });
  return shown;
}

/** Tree items of the rows below a run, and of the "more" row. */
export function runDetailItem(node: Extract<TreeNode, { kind: 'runSection' | 'value' | 'more' }>): vscode.TreeItem {
  if (node.kind === 'runSection') return sectionItem(node);
  if (node.kind === 'value') return valueItem(node);
  return moreItem(node);
}
