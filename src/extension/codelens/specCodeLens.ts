import * as vscode from 'vscode';
import type { SpecModel } from '../models/specModel';
import { Commands } from '../api';

/** ▶ Run (and ⟳ Sweep, for experiments with a sweep: block) above each experiment in mlops.yaml. Positions come from the last parse, so they follow edits. */
export class SpecCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly spec: SpecModel) {
    this.subscription = spec.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.spec.file && document.uri.fsPath !== this.spec.file) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const [name, pos] of Object.entries(this.spec.locations.experiments)) {
      const range = new vscode.Range(pos.line - 1, 0, pos.line - 1, 0);
      const trusted = vscode.workspace.isTrusted;
      lenses.push(
        new vscode.CodeLens(range, {
          title: trusted ? '▶ Run' : '▶ Run (Restricted Mode)',
          tooltip: trusted ? `Run experiment ${name}` : 'Trust this workspace to run experiments',
          command: Commands.runExperiment,
          arguments: [name],
        }),
      );
      if (this.spec.spec?.experiments[name]?.sweep) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: trusted ? '⟳ Sweep' : '⟳ Sweep (Restricted Mode)',
            tooltip: trusted ? `Run the sweep of ${name}` : 'Trust this workspace to run sweeps',
            command: Commands.sweepExperiment,
            arguments: [name],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
