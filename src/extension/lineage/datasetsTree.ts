import { join } from 'node:path';
import * as vscode from 'vscode';
import { datasetCatalog, type DatasetEntry, type DatasetVersionEntry } from '../../core/lineage/datasetCatalog';
import type { RunsModel } from '../models/runsModel';
import type { LineageSource } from './lineageSource';
import { datasetRows, type DatasetNode } from './datasetRows';

/** Tracked data paths → their versions → the runs that used each; rebuilt when the lineage graph changes. */
export class DatasetsTree implements vscode.TreeDataProvider<DatasetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DatasetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private catalog: DatasetEntry[] | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly workspace: string,
    private readonly source: LineageSource,
    private readonly runs: RunsModel,
  ) {
    this.subscription = source.onDidChange((graph) => {
      this.catalog = datasetCatalog(graph);
      this.changed.fire(undefined);
    });
  }

  async getChildren(node?: DatasetNode): Promise<DatasetNode[]> {
    this.catalog ??= datasetCatalog(await this.source.graph());
    return datasetRows(this.catalog, node, (id) => this.runs.get(id));
  }

  getTreeItem(node: DatasetNode): vscode.TreeItem {
    switch (node.kind) {
      case 'path': {
        const item = new vscode.TreeItem(node.entry.path, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `data:${node.entry.path}`;
        item.description = node.description;
        item.resourceUri = vscode.Uri.file(join(this.workspace, node.entry.path));
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'dataset.path';
        item.tooltip = `${node.entry.path}\n${node.description}`;
        return item;
      }
      case 'version': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.version.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.latest ? 'circle-filled' : 'circle-outline');
        item.contextValue = 'dataset.version';
        item.tooltip = new vscode.MarkdownString(versionTooltip(node.path, node.version));
        return item;
      }
      case 'run': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.versionId}/${node.relation}/${node.runId}`;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.relation === 'produced' ? 'export' : 'play-circle');
        item.contextValue = 'dataset.run';
        item.command = { command: 'mlops.openRun', title: 'Open Run Details', arguments: [node.runId] };
        item.tooltip = `${node.relation === 'produced' ? 'Produced by' : 'Used by'} run ${node.runId}`;
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function versionTooltip(path: string, v: DatasetVersionEntry): string {
  return [
    `**${path}**`,
    '',
    `sha256 \`${v.sha256}\``,
    '',
    `${v.bytes} bytes`,
    '',
    v.firstSeen ? `first seen ${v.firstSeen}` : '',
    '',
    `used by ${v.usedBy.length} run(s)`,
  ].join('\n');
}
