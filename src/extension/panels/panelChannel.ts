import type * as vscode from 'vscode';
import type { RenderedReport } from '../../protocol/webview/common';
import { countMessageBytes } from '../debugOptions';
import { messageBytes } from './messageSize';
import type { PanelRecord, PanelReports } from './panelReports';
import { panelHtml, type PanelPage } from './webviewHtml';

export interface ChannelOptions<ToHost> {
  panel: vscode.WebviewPanel;
  extensionUri: vscode.Uri;
  page: PanelPage;
  reports: PanelReports;
  key: string;
  onMessage(message: ToHost): void | Promise<void>;
  onError(err: unknown): void;
}

/**
 * The typed pipe between one panel's host controller and its webview: sets the page, counts what is sent, files
 * `rendered` reports, and owns the panel's listeners.
 */
export class PanelChannel<ToHost extends { type: string }, ToWebview extends { type: string }> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly record: PanelRecord;

  constructor(private readonly options: ChannelOptions<ToHost>) {
    const { panel } = options;
    this.record = options.reports.open(panel.viewType, options.key, (message) => this.receive(message as ToHost));
    panel.webview.html = panelHtml(panel.webview, options.extensionUri, options.page);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: ToHost | RenderedReport) => {
        if (message.type === 'rendered') {
          this.record.reports[(message as RenderedReport).what] = message as RenderedReport;
          return;
        }
        this.receive(message as ToHost);
      }),
    );
  }

  private receive(message: ToHost): void {
    Promise.resolve()
      .then(() => this.options.onMessage(message))
      .catch(this.options.onError);
  }

  get panel(): vscode.WebviewPanel {
    return this.options.panel;
  }

  post(message: ToWebview): void {
    this.record.messagesSent++;
    if (countMessageBytes()) this.record.bytesSent += messageBytes(message);
    this.record.sentTypes.push(message.type);
    if (this.record.sentTypes.length > 200) this.record.sentTypes.shift();
    void this.options.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.options.reports.close(this.record);
    for (const d of this.disposables) d.dispose();
  }
}
