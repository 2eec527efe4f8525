import * as vscode from 'vscode';
import type { SpecModel } from './models/specModel';
import { problemItems } from './specProblemItems';

/** Mirrors the spec's problems into the Problems panel, on the spec file. */
export class SpecDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlops');
  private readonly subscription: vscode.Disposable;
  private lastFile: string | null = null;

  constructor(private readonly spec: SpecModel) {
    this.subscription = spec.onDidChange(() => this.update());
  }

  private update(): void {
    if (this.lastFile && this.lastFile !== this.spec.file) this.collection.delete(vscode.Uri.file(this.lastFile));
    this.lastFile = this.spec.file;
    if (!this.spec.file) return;
    const diagnostics = problemItems(this.spec.problems).map((p) => {
      const range = new vscode.Range(p.range.startLine, p.range.startColumn, p.range.endLine, p.range.endColumn);
      const d = new vscode.Diagnostic(
        range,
        p.message,
        p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = 'mlops';
      if (p.code) d.code = p.code;
      return d;
    });
    this.collection.set(vscode.Uri.file(this.spec.file), diagnostics);
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
