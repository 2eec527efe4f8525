import * as vscode from 'vscode';
import type { LineageGraph } from '../../core/lineage/graph';
import type { LineageFilter, LineageState, LineageToHost, LineageToWebview } from '../../protocol/webview/lineage';
import { PanelChannel } from '../panels/panelChannel';
import type { PanelReports } from '../panels/panelReports';
import { panelOptions } from '../panels/webviewHtml';
import { LineageController } from './lineageController';
import type { LineageSource } from './lineageSource';
import { viewNode } from './lineageView';
import { openLineageNode } from './openNode';

export const LINEAGE_VIEW = 'mlops.lineage';

export interface LineagePanelContext {
  workspace: string;
  extensionUri: vscode.Uri;
  source: LineageSource;
  reports: PanelReports;
  reportError(what: string, err: unknown): void;
}

function titleOf(graph: LineageGraph | undefined, root: string): string {
  const node = graph?.node(root);
  return `Lineage: ${node ? viewNode(node).title : root.replace(/^[a-z-]+:/, '')}`;
}

/** The lineage panel: one per window; opening the lineage of another node re-centres it. */
export class LineagePanel implements vscode.Disposable {
  private readonly channel: PanelChannel<LineageToHost, LineageToWebview>;
  private readonly controller: LineageController;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  static create(ctx: LineagePanelContext, root: string, graph: LineageGraph, filter?: LineageFilter): LineagePanel {
    const panel = vscode.window.createWebviewPanel(
      LINEAGE_VIEW,
      titleOf(graph, root),
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new LineagePanel(ctx, panel, root, filter);
  }

  constructor(
    ctx: LineagePanelContext,
    readonly panel: vscode.WebviewPanel,
    root: string,
    filter?: LineageFilter,
  ) {
    this.controller = new LineageController(
      root,
      {
        graph: () => ctx.source.graph(),
        post: (m) => this.channel.post(m),
        open: (nodeId, graph) => openLineageNode(ctx.workspace, graph, nodeId),
        rootChanged: (next, graph) => (panel.title = titleOf(graph, next)),
      },
      filter,
    );
    this.channel = new PanelChannel<LineageToHost, LineageToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'lineage', title: 'MLOps Lineage', plotly: false },
      reports: ctx.reports,
      key: 'lineage',
      onMessage: (m) => this.controller.handle(m),
      onError: (err) => ctx.reportError('lineage panel', err),
    });
    this.disposables.push(
      this.channel,
      ctx.source.onDidChange((graph) => this.controller.graphChanged(graph)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get state(): LineageState {
    return this.controller.state;
  }

  async show(root: string, filter?: LineageFilter): Promise<void> {
    this.panel.reveal();
    await this.controller.show(root, filter);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
