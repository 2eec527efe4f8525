import * as vscode from 'vscode';
import type { SpecModel } from '../models/specModel';
import { alertKey, alertLocation, alertMessage, retrainExperiment, type DriftAlert } from './alertText';

const OPEN_REPORT = 'Open report';
const RETRAIN = 'Retrain';

export interface DriftAlertsOptions {
  spec: SpecModel;
  openReport(alert: DriftAlert): Promise<void>;
  /** The status bar item's command (opens the latest alert). */
  statusCommand: string;
}

/** Active drift alerts: Problems entries on mlops.yaml, the notification when one starts, a status bar item. */
export class DriftAlerts implements vscode.Disposable {
  private readonly alerts = new Map<string, DriftAlert>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('mlops-drift');
  private readonly item = vscode.window.createStatusBarItem('mlops.drift', vscode.StatusBarAlignment.Left, 49);
  private readonly subscription: vscode.Disposable;
  private lastFile: string | null = null;

  constructor(private readonly options: DriftAlertsOptions) {
    this.item.name = 'MLOps Drift';
    this.item.command = options.statusCommand;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subscription = options.spec.onDidChange(() => this.render());
  }

  /** Records a check's outcome; resolves once the notification (if any) is shown, not when it is answered. */
  report(alert: DriftAlert): void {
    const key = alertKey(alert);
    const started = !this.alerts.has(key);
    if (!alert.report.datasetDrift) {
      if (this.alerts.delete(key)) this.render();
      return;
    }
    this.alerts.set(key, { ...alert, at: alert.at ?? new Date().toISOString() });
    this.render();
    if (started) this.notify(alert);
  }

  latest(): DriftAlert | undefined {
    return [...this.alerts.values()].sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''))[0];
  }

  active(): DriftAlert[] {
    return [...this.alerts.values()];
  }

  private notify(alert: DriftAlert): void {
    const experiment = retrainExperiment(alert, this.options.spec.spec);
    const actions = [OPEN_REPORT, ...(experiment && vscode.workspace.isTrusted ? [RETRAIN] : [])];
    void vscode.window.showWarningMessage(`MLOps: ${alertMessage(alert)}`, ...actions).then(async (choice) => {
      if (choice === OPEN_REPORT) await this.options.openReport(alert);
      if (choice === RETRAIN && experiment) await vscode.commands.executeCommand('mlops.runExperiment', experiment);
    });
  }

  private render(): void {
    const file = this.options.spec.file;
    if (this.lastFile && this.lastFile !== file) this.diagnostics.delete(vscode.Uri.file(this.lastFile));
    this.lastFile = file;
    const all = this.active();
    if (file) {
      const { locations, spec } = this.options.spec;
      this.diagnostics.set(
        vscode.Uri.file(file),
        all.map((alert) => {
          const at = alertLocation(alert, locations, spec);
          const range = at
            ? new vscode.Range(at.line - 1, at.column - 1, at.endLine - 1, at.endColumn - 1)
            : new vscode.Range(0, 0, 0, 0);
          const d = new vscode.Diagnostic(range, alertMessage(alert), vscode.DiagnosticSeverity.Warning);
          d.source = 'mlops';
          d.code = 'drift';
          return d;
        }),
      );
    }
    if (all.length === 0) {
      this.item.hide();
      return;
    }
    const names = all.map((a) => a.monitor ?? a.model ?? 'check');
    this.item.text = `$(warning) Drift: ${all.length === 1 ? names[0] : `${all.length} alerts`}`;
    this.item.tooltip = all.map(alertMessage).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.diagnostics.dispose();
    this.item.dispose();
  }
}
