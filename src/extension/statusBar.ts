import * as vscode from 'vscode';
import type { RunsModel } from './models/runsModel';
import type { QueueModel } from './models/queueModel';

/** "$(sync~spin) 2 running · 1 queued"; hidden when nothing runs. Listens to the runs model only. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.runs', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly runs: RunsModel,
    private readonly queue: QueueModel,
  ) {
    this.item.name = 'MLOps Runs';
    this.item.command = 'mlops.runs.focus';
    this.subscription = vscode.Disposable.from(
      runs.onDidChange(() => this.update()),
      queue.onDidChange(() => this.update()),
    );
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
    const parts = [
      running ? `${running} running` : '',
      queued ? `${queued} queued` : '',
      this.queue.gpuSummary(),
    ].filter(Boolean);
    this.item.text = `$(${running ? 'sync~spin' : 'clock'}) ${parts.join(' · ')}`;
    this.item.tooltip = active
      .map((r) => `${r.experiment} ${r.id.slice(-6)}: ${r.status}${r.step !== null ? ` (step ${r.step})` : ''}`)
      .join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
