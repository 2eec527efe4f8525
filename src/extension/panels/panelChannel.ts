import type * as vscode from 'vscode';
import type { ExportFormat, ExportRequest, ExportResult, RenderedReport } from '../../protocol/webview/common';
import { countMessageBytes } from '../debugOptions';
import { messageBytes } from './messageSize';
import type { PanelRecord, PanelReports } from './panelReports';
import { panelRegistry, type OpenPanel } from './panelRegistry';
import { panelHtml, type PanelPage } from './webviewHtml';

export interface ChannelOptions<ToHost> {
  panel: vscode.WebviewPanel;
  extensionUri: vscode.Uri;
  page: PanelPage;
  reports: PanelReports;
  key: string;
  onMessage(message: ToHost): void | Promise<void>;
  onError(err: unknown): void;
  /** Offers "Export" (PNG and HTML) in the editor title. */
  exportable?: boolean;
}

/** How long a webview may take to draw its snapshot. */
const EXPORT_TIMEOUT_MS = 60_000;

/**
 * The typed pipe between one panel's host controller and its webview: sets the page, counts what is sent, files
 * `rendered` reports, and owns the panel's listeners.
 */
export class PanelChannel<ToHost extends { type: string }, ToWebview extends { type: string }>
  implements vscode.Disposable, OpenPanel
{
  private readonly disposables: vscode.Disposable[] = [];
  readonly record: PanelRecord;
  private nextExport = 1;
  private readonly exports = new Map<number, { resolve(data: string): void; reject(err: Error): void }>();

  constructor(private readonly options: ChannelOptions<ToHost>) {
    const { panel } = options;
    this.record = options.reports.open(panel.viewType, options.key, (message) => this.receive(message as ToHost));
    panel.webview.html = panelHtml(panel.webview, options.extensionUri, options.page);
    panelRegistry.add(this);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: ToHost | RenderedReport | ExportResult) => {
        if (message.type === 'rendered') {
          this.record.reports[(message as RenderedReport).what] = message as RenderedReport;
          return;
        }
        if (message.type === 'exported') {
          this.settleExport(message as ExportResult);
          return;
        }
        this.receive(message as ToHost);
      }),
      panel.onDidChangeViewState(() => panelRegistry.activated(this)),
    );
  }

  get title(): string {
    return this.options.panel.title;
  }

  get exportable(): boolean {
    return this.options.exportable ?? false;
  }

  reload(): void {
    this.options.panel.webview.html = panelHtml(
      this.options.panel.webview,
      this.options.extensionUri,
      this.options.page,
    );
  }

  /** The panel drawn as a PNG (base64) or a standalone HTML page, by its own webview. */
  requestExport(format: ExportFormat): Promise<string> {
    const requestId = this.nextExport++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.exports.delete(requestId);
        reject(new Error(`the panel did not draw its ${format.toUpperCase()} within ${EXPORT_TIMEOUT_MS / 1000} s`));
      }, EXPORT_TIMEOUT_MS);
      this.exports.set(requestId, {
        resolve: (data) => {
          clearTimeout(timer);
          resolve(data);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      void this.options.panel.webview.postMessage({
        type: 'export',
        requestId,
        format,
        title: this.title,
      } satisfies ExportRequest);
    });
  }

  private settleExport(result: ExportResult): void {
    const pending = this.exports.get(result.requestId);
    if (!pending) return;
    this.exports.delete(result.requestId);
    if ('error' in result) pending.reject(new Error(result.error));
    else pending.resolve(result.data);
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
    panelRegistry.delete(this);
    for (const pending of this.exports.values()) pending.reject(new Error('the panel was closed'));
    this.exports.clear();
    this.options.reports.close(this.record);
    for (const d of this.disposables) d.dispose();
  }
}
