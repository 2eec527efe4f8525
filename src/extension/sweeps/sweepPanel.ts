import * as vscode from 'vscode';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors';
import { sweepsDir } from '../../core/sweep/sweepStore';
import type { SweepToHost, SweepToWebview } from '../../protocol/webview/sweep';
import { ChangeTrigger } from '../../backend/watch/changeTrigger';
import { PanelChannel } from '../panels/panelChannel';
import type { PanelContext } from '../panels/panelContext';
import { panelOptions } from '../panels/webviewHtml';
import { SweepController } from './sweepController';

export const SWEEP_VIEW = 'mlops.sweep';

/** One sweep's panel: charts and trial table, updated live from sweep.json while the sweep runs. */
export class SweepPanel implements vscode.Disposable {
  private readonly channel: PanelChannel<SweepToHost, SweepToWebview>;
  private readonly controller: SweepController;
  private readonly trigger: ChangeTrigger;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  static create(ctx: PanelContext, sweepId: string, title: string, stop: (id: string) => Promise<void>): SweepPanel {
    const panel = vscode.window.createWebviewPanel(
      SWEEP_VIEW,
      title,
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new SweepPanel(ctx, panel, sweepId, stop);
  }

  constructor(
    ctx: PanelContext,
    readonly panel: vscode.WebviewPanel,
    readonly sweepId: string,
    stop: (id: string) => Promise<void>,
  ) {
    this.controller = new SweepController(
      {
        workspace: ctx.deps.workspace,
        post: (m) => this.channel.post(m),
        openRun: (runId) => void vscode.commands.executeCommand('mlops.openRun', runId),
        stop,
        canStop: () => vscode.workspace.isTrusted,
      },
      sweepId,
    );
    this.channel = new PanelChannel<SweepToHost, SweepToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'sweep', title: 'MLOps Sweep', plotly: 'after' },
      reports: ctx.reports,
      key: sweepId,
      onMessage: (m) => this.controller.handle(m),
      onError: (err) => ctx.reportError('sweep panel', err),
    });
    this.trigger = new ChangeTrigger({
      paths: [join(sweepsDir(ctx.deps.workspace), sweepId)],
      recursive: false,
      filter: (name) => name === 'sweep.json',
      pollMs: 1000,
      onChange: () => this.controller.refresh(),
      onError: (err) => ctx.deps.log.warn(`sweep panel: ${errorMessage(err)}`),
    });
    panel.onDidDispose(() => this.dispose());
  }

  reveal(): void {
    this.panel.reveal();
  }

  private closed = false;

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.trigger.close();
    this.channel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
