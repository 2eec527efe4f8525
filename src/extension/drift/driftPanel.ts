import { basename, resolve } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { statTests } from '../../core/drift/registry';
import type { DriftReport } from '../../core/drift/reportTypes';
import type {
  DriftSettings,
  DriftState,
  DriftTestInfo,
  DriftToHost,
  DriftToWebview,
} from '../../protocol/webview/drift';
import { PanelChannel } from '../panels/panelChannel';
import { panelOptions } from '../panels/webviewHtml';
import { displayPath } from './dataArgs';
import { Commands } from '../commands/commandIds';
import type { DataPanelContext } from './dataPanelContext';
import type { DataWorker } from './dataWorker';
import { DEFAULT_SETTINGS, normalizeSettings } from './driftSettings';
import { driftReportView } from './driftView';
import { lastMonitorReport, monitorHistory, monitorNames } from './monitorSource';
import { runWithProgress } from './runWithProgress';

export const DRIFT_VIEW = 'mlops.drift';

const TESTS: DriftTestInfo[] = Object.values(statTests).map((t) => ({
  id: t.id,
  label: t.label,
  scoreKind: t.scoreKind,
  defaultThreshold: t.defaultThreshold,
  accepts: [...t.accepts],
}));

export function initialDriftState(partial: Partial<DriftState> = {}): DriftState {
  return {
    reference: null,
    current: null,
    monitor: null,
    focus: null,
    ...partial,
    settings: normalizeSettings(partial.settings ?? DEFAULT_SETTINGS),
  };
}

/**
 * The drift panel (one per window): the report of a reference against a current file, re-run in the worker when
 * the user changes tests or thresholds, and a monitor's drift over time from its history file.
 */
export class DriftPanel implements vscode.Disposable {
  private readonly channel: PanelChannel<DriftToHost, DriftToWebview>;
  private readonly worker: DataWorker;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private inFlight: AbortController | undefined;
  private ready = false;
  private pendingNotification = true;
  /** A monitor report to show once the webview is ready (undefined: none wanted; null: read report.json). */
  private pendingMonitorReport: DriftReport | null | undefined;

  static create(ctx: DataPanelContext, state: DriftState): DriftPanel {
    const panel = vscode.window.createWebviewPanel(
      DRIFT_VIEW,
      'MLOps Drift',
      vscode.ViewColumn.Active,
      panelOptions(ctx.extensionUri),
    );
    return new DriftPanel(ctx, panel, state);
  }

  constructor(
    private readonly ctx: DataPanelContext,
    readonly panel: vscode.WebviewPanel,
    private state: DriftState,
  ) {
    this.worker = ctx.worker();
    this.setTitle();
    this.channel = new PanelChannel<DriftToHost, DriftToWebview>({
      panel,
      extensionUri: ctx.extensionUri,
      page: { script: 'drift', title: 'MLOps Drift', plotly: true },
      reports: ctx.reports,
      key: 'drift',
      onMessage: (m) => this.handle(m),
      onError: (err) => ctx.log.error(`drift panel: ${errorMessage(err)}`),
      exportable: true,
    });
    const history = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(ctx.workspace, '.mlops/monitors/*/history.jsonl'),
    );
    let timer: NodeJS.Timeout | undefined;
    const historyChanged = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => void this.sendHistory().catch((err) => ctx.log.error(`drift history: ${errorMessage(err)}`)),
        300,
      );
    };
    this.disposables.push(
      this.channel,
      history,
      history.onDidCreate(historyChanged),
      history.onDidChange(historyChanged),
      ctx.spec.onDidChange(historyChanged),
      { dispose: () => clearTimeout(timer) },
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get current(): DriftState {
    return this.state;
  }

  private async handle(message: DriftToHost): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.channel.post({ type: 'init', tests: TESTS, state: this.state, monitors: await this.monitors() });
        await this.sendHistory();
        if (this.pendingMonitorReport !== undefined) await this.postMonitorReport(this.pendingMonitorReport);
        else if (this.state.reference && this.state.current) await this.run(this.pendingNotification);
        return;
      }
      case 'settings':
        this.state = { ...this.state, settings: normalizeSettings(message.settings) };
        await this.run(false);
        return;
      case 'cancel':
        this.inFlight?.abort();
        return;
      case 'pickFiles':
        await vscode.commands.executeCommand(Commands.checkDrift);
        return;
      case 'swap':
        this.state = { ...this.state, reference: this.state.current, current: this.state.reference };
        await this.run(false);
        return;
      case 'openFile': {
        const path = this.state[message.which];
        if (path) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path), { preview: true });
        return;
      }
      case 'selectMonitor':
        this.state = { ...this.state, monitor: message.monitor };
        await this.sendHistory();
        return;
      case 'focus':
        this.state = { ...this.state, focus: message.column };
        return;
    }
  }

  /** Compares two files (keeping the panel's settings unless new ones are given). */
  async compare(reference: string, current: string, settings?: Partial<DriftSettings>): Promise<void> {
    this.panel.reveal();
    this.state = {
      ...this.state,
      reference,
      current,
      settings: settings ? normalizeSettings(settings) : this.state.settings,
    };
    this.setTitle();
    if (!this.ready) return;
    await this.run(true);
  }

  /**
   * Shows a monitor: its drift over time and the report of its last check (given, or its report.json). When the
   * monitor compares two files, changing tests in the panel re-runs on those files.
   */
  async showMonitor(monitor: string, report?: DriftReport | null): Promise<void> {
    this.panel.reveal();
    const spec = this.ctx.spec.spec?.monitors[monitor];
    const files =
      spec && spec.current !== 'predictions'
        ? { reference: resolve(this.ctx.workspace, spec.reference), current: resolve(this.ctx.workspace, spec.current) }
        : {};
    this.state = { ...this.state, ...files, monitor };
    this.setTitle();
    if (!this.ready) {
      this.pendingMonitorReport = report ?? null;
      return;
    }
    await this.sendHistory();
    await this.postMonitorReport(report ?? null);
  }

  private async postMonitorReport(given: DriftReport | null): Promise<void> {
    this.pendingMonitorReport = undefined;
    const monitor = this.state.monitor;
    if (!monitor) return;
    const report = given ?? (await lastMonitorReport(this.ctx.workspace, monitor));
    if (!report || !Array.isArray(report.columns)) {
      this.channel.post({
        type: 'notice',
        level: 'info',
        message: `Monitor ${monitor} has no drift report yet: run the monitor first.`,
      });
      return;
    }
    const spec = this.ctx.spec.spec?.monitors[monitor];
    const files = {
      reference: spec?.reference ?? 'reference',
      current: `${spec?.current ?? 'current'} · last check of ${monitor}`,
    };
    this.channel.post({
      type: 'report',
      report: driftReportView(report, files, this.state.settings, 0),
      settings: this.state.settings,
    });
  }

  private async run(notification: boolean): Promise<void> {
    const { reference, current, settings } = this.state;
    if (!reference || !current) return;
    this.pendingNotification = false;
    this.inFlight?.abort();
    const controller = new AbortController();
    this.inFlight = controller;
    this.setTitle();
    this.channel.post({ type: 'progress', message: 'starting', fraction: 0 });
    const files = {
      reference: displayPath(reference, this.ctx.workspace),
      current: displayPath(current, this.ctx.workspace),
    };
    try {
      const result = await runWithProgress(
        { title: `Drift: ${basename(current)} vs ${basename(reference)}`, notification, outer: controller.signal },
        (signal, report) =>
          this.worker.run({ kind: 'drift', reference, current, settings }, signal, (p) => {
            report(p);
            this.channel.post({ type: 'progress', message: p.message, fraction: p.fraction });
          }),
      );
      if (this.inFlight !== controller) return;
      if (!result || result.kind !== 'drift') {
        this.channel.post({ type: 'cancelled' });
        return;
      }
      this.channel.post({
        type: 'report',
        report: driftReportView(result.report, files, settings, result.elapsedMs),
        settings,
      });
    } catch (err) {
      if (this.inFlight !== controller) return;
      this.ctx.log.error(`drift ${files.current} vs ${files.reference}: ${errorMessage(err)}`);
      this.channel.post({
        type: 'notice',
        level: 'error',
        message: `Cannot compare ${files.current} with ${files.reference}: ${errorMessage(err)}`,
      });
    }
  }

  private async monitors(): Promise<string[]> {
    return monitorNames(this.ctx.workspace, Object.keys(this.ctx.spec.spec?.monitors ?? {}));
  }

  private async sendHistory(): Promise<void> {
    if (!this.ready) return;
    const monitors = await this.monitors();
    const monitor = this.state.monitor && monitors.includes(this.state.monitor) ? this.state.monitor : null;
    this.channel.post({
      type: 'history',
      history: monitor ? await monitorHistory(this.ctx.workspace, monitor) : null,
      monitors,
    });
  }

  private setTitle(): void {
    const { reference, current } = this.state;
    this.panel.title = reference && current ? `Drift: ${basename(current)} vs ${basename(reference)}` : 'MLOps Drift';
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
