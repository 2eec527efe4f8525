import { basename } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { ProfileToHost, ProfileToWebview } from '../../protocol/webview/profile';
import { PanelChannel } from '../panels/panelChannel';
import { panelOptions } from '../panels/webviewHtml';
import { displayPath } from './dataArgs';
import type { DataPanelContext } from './dataPanelContext';
import type { DataWorker } from './dataWorker';
import { Commands } from '../commands/commandIds';
import { profileColumnView, profileSummary } from './profileView';
import { runWithProgress } from './runWithProgress';

export const PROFILE_VIEW = 'mlops.profile';

/** One panel per data file: per-column statistics and charts, computed on the panel's worker thread. */
export class ProfilePanel implements vscode.Disposable {
  private readonly channel: PanelChannel<ProfileToHost, ProfileToWebview>;
  private readonly worker: DataWorker;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private inFlight: AbortController | undefined;
  private loadedOnce = false;

  static create(ctx: DataPanelContext, path: string): ProfilePanel {
    const panel = vscode.window.createWebviewPanel(
      PROFILE_VIEW,
      titleFor(path),
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new ProfilePanel(ctx, panel, path);
  }

  constructor(
    private readonly ctx: DataPanelContext,
    readonly panel: vscode.WebviewPanel,
    readonly path: string,
  ) {
    this.worker = ctx.worker();
    this.channel = new PanelChannel<ProfileToHost, ProfileToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'profile', title: titleFor(path), plotly: true },
      reports: ctx.reports,
      key: displayPath(path, ctx.workspace),
      onMessage: (m) => this.handle(m),
      onError: (err) => ctx.log.error(`profile panel: ${errorMessage(err)}`),
    });
    this.disposables.push(
      this.channel,
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async handle(message: ProfileToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
      case 'reload':
        await this.load(message.type === 'ready' && !this.loadedOnce);
        return;
      case 'cancel':
        this.inFlight?.abort();
        return;
      case 'openFile':
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.path), { preview: true });
        return;
      case 'checkDrift':
        await vscode.commands.executeCommand(Commands.checkDrift, { reference: this.path });
        return;
    }
  }

  /** Reads and profiles the file; a newer load cancels an older one. */
  async load(notification = true): Promise<void> {
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.loadedOnce = true;
    const file = displayPath(this.path, this.ctx.workspace);
    this.channel.post({ type: 'progress', file, message: 'starting', fraction: 0 });
    try {
      const result = await runWithProgress(
        { title: `Profiling ${basename(this.path)}`, notification, outer: controller.signal },
        (signal, report) =>
          this.worker.run({ kind: 'profile', path: this.path }, signal, (p) => {
            report(p);
            this.channel.post({ type: 'progress', file, message: p.message, fraction: p.fraction });
          }),
      );
      if (this.inFlight !== controller) return;
      if (!result || result.kind !== 'profile') {
        this.channel.post({ type: 'cancelled', file });
        return;
      }
      this.channel.post({
        type: 'snapshot',
        summary: profileSummary(result.profile, { path: this.path, file }, result.bytes, result.elapsedMs),
        columns: result.profile.columns.map(profileColumnView),
      });
    } catch (err) {
      if (this.inFlight !== controller) return;
      this.ctx.log.error(`profile ${file}: ${errorMessage(err)}`);
      this.channel.post({ type: 'notice', level: 'error', message: `Cannot profile ${file}: ${errorMessage(err)}` });
    }
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    this.inFlight?.abort();
    this.worker.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

function titleFor(path: string): string {
  return `Profile: ${basename(path)}`;
}
