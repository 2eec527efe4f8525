import * as vscode from 'vscode';
import { dirname, isAbsolute, join } from 'node:path';
import { errorMessage } from '../../core/errors';
import { runDirOf } from '../../core/store/layout';
import type { EvaluationItem, EvaluationSourceRef, EvaluationToHost, EvaluationToWebview } from '../../protocol/webview/evaluation';
import { PanelChannel } from '../panels/panelChannel';
import type { PanelReports } from '../panels/panelReports';
import { panelOptions } from '../panels/webviewHtml';
import { loadItem, sourceKey, type ItemContext } from './evaluationItems';

export const EVALUATION_VIEW = 'mlops.evaluation';
const RELOAD_DEBOUNCE_MS = 300;

export interface EvaluationPanelContext extends ItemContext {
  extensionUri: vscode.Uri;
  reports: PanelReports;
  log: vscode.LogOutputChannel;
  /** Asks the user for a run to overlay. */
  pickRun(exclude: string[], title?: string): Promise<string | undefined>;
}

/**
 * The Evaluation panel: one or more sources side by side (runs overlaid on ROC/PR/calibration). It reloads when a
 * source's evaluation.json or plots change, so `mlops evaluate --run` and a logging script show up as they write.
 */
export class EvaluationPanel implements vscode.Disposable {
  private readonly channel: PanelChannel<EvaluationToHost, EvaluationToWebview>;
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private sources: EvaluationSourceRef[];
  private items: EvaluationItem[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  static create(ctx: EvaluationPanelContext, sources: EvaluationSourceRef[]): EvaluationPanel {
    const panel = vscode.window.createWebviewPanel(EVALUATION_VIEW, 'Evaluation', vscode.ViewColumn.Active, panelOptions(ctx.extensionUri));
    return new EvaluationPanel(ctx, panel, sources);
  }

  constructor(
    private readonly ctx: EvaluationPanelContext,
    readonly panel: vscode.WebviewPanel,
    sources: EvaluationSourceRef[],
  ) {
    this.sources = sources;
    this.channel = new PanelChannel<EvaluationToHost, EvaluationToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'evaluation', title: 'Evaluation', plotly: true },
      reports: ctx.reports,
      key: 'evaluation',
      onMessage: (m) => this.handle(m),
      onError: (err) => ctx.log.error(`evaluation panel: ${errorMessage(err)}`),
    });
    this.disposables.push(this.channel, panel.onDidDispose(() => this.dispose()));
    this.updateTitle();
  }

  get keys(): string[] {
    return this.sources.map(sourceKey);
  }

  /** Shows these sources: replaces the current ones, or adds them when `overlay` is set. */
  async show(sources: EvaluationSourceRef[], overlay = false): Promise<void> {
    const next = overlay ? [...this.sources, ...sources] : sources;
    this.sources = next.filter((s, i) => next.findIndex((o) => sourceKey(o) === sourceKey(s)) === i);
    this.panel.reveal();
    await this.load();
  }

  private async handle(message: EvaluationToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.sources.length === 0 && message.state) this.sources = message.state.sources;
        await this.load();
        return;
      case 'reload':
        await this.load();
        return;
      case 'addRun': {
        const runId = await this.ctx.pickRun(this.sources.flatMap((s) => (s.kind === 'run' ? [s.runId] : [])));
        if (runId) await this.show([{ kind: 'run', runId }], true);
        return;
      }
      case 'remove':
        this.sources = this.sources.filter((s) => sourceKey(s) !== message.key);
        await this.load();
        return;
      case 'openFile': {
        const item = this.items.find((i) => i.key === message.key);
        if (item?.file) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(isAbsolute(item.file) ? item.file : join(this.ctx.workspace, item.file)), { preview: true });
        return;
      }
    }
  }

  async load(): Promise<void> {
    this.items = await Promise.all(this.sources.map((s) => loadItem(this.ctx, s)));
    this.updateTitle();
    this.watch();
    this.channel.post({ type: 'snapshot', items: this.items, sources: this.sources });
  }

  private updateTitle(): void {
    const [first] = this.items.length ? this.items : [];
    this.panel.title = this.sources.length > 1 ? `Evaluation: ${this.sources.length} sources` : `Evaluation${first ? `: ${first.label}` : ''}`;
  }

  private watch(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    const schedule = () => {
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.load().catch((err) => this.ctx.log.error(`evaluation panel: ${errorMessage(err)}`)), RELOAD_DEBOUNCE_MS);
    };
    for (const s of this.sources) {
      const pattern =
        s.kind === 'run'
          ? new vscode.RelativePattern(vscode.Uri.file(runDirOf(this.ctx.workspace, s.runId)), '{evaluation.json,plots/sklearn/**,plots/custom/**,plots/images/**}')
          : s.kind === 'file'
            ? new vscode.RelativePattern(vscode.Uri.file(dirname(s.path)), s.path.slice(dirname(s.path).length + 1))
            : new vscode.RelativePattern(vscode.Uri.file(join(this.ctx.workspace, '.mlops', 'evaluations', 'models', s.model)), `v${s.version}.json`);
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      this.watchers.push(w, w.onDidChange(schedule), w.onDidCreate(schedule), w.onDidDelete(schedule));
    }
  }

  dispose(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    for (const w of this.watchers.splice(0)) w.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
