import * as vscode from 'vscode';
import type { RunsModel } from './models/runsModel';

/** "$(sync~spin) 2 running · 1 queued"; hidden when nothing runs. Listens to the runs model only. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private gpuText = '';

  constructor(private readonly runs: RunsModel) {
    this.item.name = 'MLOps Runs';
    this.item.command = 'mlops.runs.focus';
    this.subscription = runs.onDidChange(() => this.update());
    this.update();
  }

  setGpuSummary(text: string): void {
    this.gpuText = text;
    this.update();
  }

  private update(): void {
    const active = this.runs.active();
    const running = active.filter((r) => r.status === 'running').length;
    const queued = active.length - running;
    void vscode.commands.executeCommand('setContext', 'mlops.hasRunning', active.length > 0);
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    const parts = [running ? `${running} running` : '', queued ? `${queued} queued` : '', this.gpuText].filter(Boolean);
    this.item.text = `$(${running ? 'sync~spin' : 'clock'}) ${parts.join(' · ')}`;
    this.item.tooltip = active.map((r) => `${r.experiment} ${r.id.slice(-6)}: ${r.status}${r.step !== null ? ` (step ${r.step})` : ''}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
