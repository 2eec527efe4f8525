import * as vscode from 'vscode';
import type { RunsToHost, RunsToWebview } from '../../protocol/webview/runs';
import { PanelChannel } from './panelChannel';
import type { PanelContext } from './panelContext';
import { RunsTableController } from './runsTableController';
import { panelOptions } from './webviewHtml';

export const RUNS_TABLE_VIEW = 'mlops.runsTable';
const REFRESH_MS = 400;

/** The one runs table of the workspace. */
export class RunsTablePanel implements vscode.Disposable {
  private readonly channel: PanelChannel<RunsToHost, RunsToWebview>;
  private readonly controller: RunsTableController;
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly selection = new vscode.EventEmitter<string[]>();
  /** The runs checked in the table, in view order. */
  readonly onDidChangeSelection = this.selection.event;

  static create(ctx: PanelContext): RunsTablePanel {
    const panel = vscode.window.createWebviewPanel(
      RUNS_TABLE_VIEW,
      'MLOps Runs',
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new RunsTablePanel(ctx, panel);
  }

  constructor(
    ctx: PanelContext,
    readonly panel: vscode.WebviewPanel,
  ) {
    this.controller = new RunsTableController({
      rows: () => ctx.deps.runs.all(),
      post: (m) => this.channel.post(m),
      compare: (ids) => void vscode.commands.executeCommand('mlops.compareRuns', ids),
      selectionChanged: (ids) => this.selection.fire(ids),
      open: (id) => void vscode.commands.executeCommand('mlops.openRun', id),
    });
    this.channel = new PanelChannel<RunsToHost, RunsToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'runs', title: 'MLOps Runs', plotly: false },
      reports: ctx.reports,
      key: 'workspace',
      onMessage: (m) => this.controller.handle(m),
      onError: (err) => ctx.reportError('runs table', err),
    });
    this.disposables.push(
      this.channel,
      ctx.deps.runs.onDidChange(() => this.scheduleRefresh()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.controller.refresh();
    }, REFRESH_MS);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** True while the table is the focused editor. */
  get active(): boolean {
    return this.panel.active;
  }

  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.selection.dispose();
    this.panel.dispose();
  }
}
