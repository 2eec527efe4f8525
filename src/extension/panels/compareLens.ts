import * as vscode from 'vscode';
import type { RunsModel } from '../models/runsModel';
import type { SpecModel } from '../models/specModel';

/** "Compare N runs" above each experiment of mlops.yaml that has at least two runs. */
export class CompareCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly spec: SpecModel,
    private readonly runs: RunsModel,
  ) {
    this.subscriptions = [spec.onDidChange(() => this.changed.fire()), runs.onDidChange(() => this.changed.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.spec.file && document.uri.fsPath !== this.spec.file) return [];
    const counts = new Map<string, number>();
    for (const run of this.runs.all()) counts.set(run.experiment, (counts.get(run.experiment) ?? 0) + 1);
    const lenses: vscode.CodeLens[] = [];
    for (const [name, pos] of Object.entries(this.spec.locations.experiments)) {
      const count = counts.get(name) ?? 0;
      if (count < 2) continue;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(pos.line - 1, 0, pos.line - 1, 0), {
          title: `Compare ${count} runs`,
          tooltip: `Compare every run of ${name}`,
          command: 'mlops.compareRuns',
          arguments: [name],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
