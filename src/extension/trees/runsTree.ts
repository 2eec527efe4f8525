import * as vscode from 'vscode';
import type { RunsModel } from '../models/runsModel';
import type { SpecModel } from '../models/specModel';
import type { QueueModel } from '../models/queueModel';
import { cappedRuns, runDetailItem, runNodeChildren } from './runChildren';
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
    if (!node) return cappedRuns(this.runs.all(), MAX_ROWS, 'flat', { id: 'more:runs', label: (hidden) => `${hidden} older runs (use \`mlops runs\`)` });
    return runNodeChildren(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run':
        return runTreeItem(node.run, {
          mainMetric: this.spec.spec?.experiments[node.run.experiment]?.metric?.name,
          queuePosition: node.run.status === 'queued' ? this.queue.position(node.run.id) : undefined,
        });
      case 'experiment':
        return new vscode.TreeItem(node.name);
      default:
        return runDetailItem(node);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
