import * as vscode from 'vscode';
import type { RunsModel } from '../models/runsModel';
import type { SpecModel } from '../models/specModel';
import type { QueueModel } from '../models/queueModel';
import { cappedRuns, runDetailItem, runNodeChildren } from './runChildren';
import { runTreeItem } from './runPresentation';
import { rowStamp } from './rowStamp';
import { StableRows } from './stableRows';
import { treeNodeId, type TreeNode } from './treeNodes';

const MAX_ROWS = 1000;

/** Every run, newest first, with live status; expands into metrics and params. */
export class RunsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly rows = new StableRows<TreeNode>(
    { id: treeNodeId, stamp: (node) => rowStamp(this.getTreeItem(node)) },
    (node) => this.freshChildren(node),
  );

  constructor(
    private readonly runs: RunsModel,
    private readonly spec: SpecModel,
    private readonly queue: QueueModel,
  ) {
    const refresh = () => this.rows.tell((rows) => this.changed.fire(rows));
    this.subscription = vscode.Disposable.from(runs.onDidChange(refresh), queue.onDidChange(refresh));
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return this.rows.children(node);
  }

  private freshChildren(node?: TreeNode): TreeNode[] {
    if (!node)
      return cappedRuns(this.runs.all(), MAX_ROWS, 'flat', {
        id: 'more:runs',
        label: (hidden) => `${hidden} older runs (use \`mlops runs\`)`,
      });
    return runNodeChildren(node, (id) => this.runs.all().filter((r) => r.parent === id));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'run':
        return runTreeItem(node.run, {
          mainMetric: this.spec.spec?.experiments[node.run.experiment]?.metric?.name,
          queuePosition: node.run.status === 'queued' ? this.queue.position(node.run.id) : undefined,
        });
      case 'experiment': {
        const item = new vscode.TreeItem(node.name);
        item.id = treeNodeId(node);
        return item;
      }
      default:
        return runDetailItem(node);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
