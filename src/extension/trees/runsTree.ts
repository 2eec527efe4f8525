import * as vscode from 'vscode';
import type { RunsModel } from '../models/runsModel';
import type { SpecModel } from '../models/specModel';
import type { QueueModel } from '../models/queueModel';
import { moreItem, runSections, sectionItem, sectionValues, valueItem } from './runChildren';
import { runTreeItem } from './runPresentation';
import type { TreeNode } from './treeNodes';

const MAX_ROWS = 1000;

/** Every run, newest first, with live status; expands into metrics and params. */
export class RunsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly runs: RunsModel,
    private readonly spec: SpecModel,
    private readonly queue: QueueModel,
  ) {
    this.subscription = vscode.Disposable.from(
      runs.onDidChange(() => this.changed.fire(undefined)),
      queue.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const all = this.runs.all();
      const shown: TreeNode[] = all.slice(0, MAX_ROWS).map((run) => ({ kind: 'run', run, under: 'flat' }));
      if (all.length > MAX_ROWS) shown.push({ kind: 'more', id: 'more:runs', label: `${all.length - MAX_ROWS} older runs (use \`mlops runs\`)`, hidden: all.length - MAX_ROWS });
      return shown;
    }
    if (node.kind === 'run') return runSections(node.run);
    if (node.kind === 'runSection') return sectionValues(node.run, node.section);
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run':
        return runTreeItem(node.run, {
          mainMetric: this.spec.spec?.experiments[node.run.experiment]?.metric?.name,
          queuePosition: node.run.status === 'queued' ? this.queue.position(node.run.id) : undefined,
        });
      case 'runSection':
        return sectionItem(node);
      case 'value':
        return valueItem(node);
      case 'more':
        return moreItem(node);
      default:
        return new vscode.TreeItem('');
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
