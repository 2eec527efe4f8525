import * as vscode from 'vscode';
import type { CompareToHost, CompareToWebview } from '../../protocol/webview/compare';
import { CompareController } from './compareController';
import { PanelChannel } from './panelChannel';
import type { PanelContext } from './panelContext';
import { panelOptions } from './webviewHtml';

export const COMPARE_VIEW = 'mlops.compare';

/** The compare panel; a new selection replaces the runs it compares. */
export class ComparePanel implements vscode.Disposable {
  private readonly channel: PanelChannel<CompareToHost, CompareToWebview>;
  private readonly controller: CompareController;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  /** `beside`: next to the active editor (the runs table), keeping focus there, so ticking runs updates the charts in view. */
  static create(ctx: PanelContext, runIds: string[], beside = false): ComparePanel {
    const column = beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW,
      titleFor(runIds.length),
      column,
      panelOptions(ctx.extensionUri),
    );
    return new ComparePanel(ctx, panel, runIds);
  }

  constructor(
    ctx: PanelContext,
    readonly panel: vscode.WebviewPanel,
    runIds: string[],
  ) {
    this.controller = new CompareController(
      {
        summary: (id) => ctx.deps.runs.get(id),
        runDir: (id) => ctx.deps.store.runDir(id as never),
        post: (m) => {
          if (m.type === 'snapshot') panel.title = titleFor(m.runs.length);
          this.channel.post(m);
        },
        openRun: (id) => void vscode.commands.executeCommand('mlops.openRun', id),
        cache: ctx.cache,
      },
      runIds,
    );
    this.channel = new PanelChannel<CompareToHost, CompareToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'compare', title: 'MLOps Compare', plotly: 'lazy' },
      reports: ctx.reports,
      key: 'compare',
      onMessage: (m) => this.controller.handle(m),
      onError: (err) => ctx.reportError('compare', err),
      exportable: true,
    });
    // The document takes about a second to load: read the first chart's series meanwhile (a miss costs nothing).
    void this.controller.warm().catch(() => undefined);
    let known = new Map(runIds.map((id) => [id, ctx.deps.runs.get(id)]));
    this.disposables.push(
      this.channel,
      ctx.deps.runs.onDidChange(() => {
        const next = new Map(this.controller.runIds.map((id) => [id, ctx.deps.runs.get(id)]));
        for (const [id, row] of next)
          if (known.get(id) !== row)
            void this.controller.runChanged(id).catch((err) => ctx.reportError('compare', err));
        known = next;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  async show(runIds: string[]): Promise<void> {
    this.panel.reveal(undefined, true);
    await this.controller.setRuns(runIds);
  }

  /** Compares these runs instead, without revealing the panel or taking focus (the table's selection moved). */
  async follow(runIds: string[]): Promise<void> {
    if (sameRuns(runIds, this.controller.runIds)) return;
    await this.controller.setRuns(runIds);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

function sameRuns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function titleFor(count: number): string {
  return `MLOps Compare (${count} run${count === 1 ? '' : 's'})`;
}
