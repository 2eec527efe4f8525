import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { gateRanges } from '../../core/registry/gateLocations';
import { describeFailures, type GateCheck } from '../../core/registry/gates/checkGates';
import { parseGate } from '../../core/registry/gates/parser';
import { errorMessage } from '../../core/errors';
import type { SpecProblem } from '../../core/spec/types';
import type { SpecModel } from '../models/specModel';

/**
 * Problems on mlops.yaml's `models.<name>.gates` entries: malformed rules (always), and the rules that failed
 * the last time a version of the model was checked (promotion, Check Gates, model card).
 */
export class GateDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlops-gates');
  private readonly lastChecks = new Map<string, GateCheck>();
  private readonly subscription: vscode.Disposable;
  private lastFile: string | null = null;

  constructor(private readonly spec: SpecModel) {
    this.subscription = spec.onDidChange(() => void this.update());
  }

  record(check: GateCheck): void {
    this.lastChecks.set(check.model, check);
    void this.update();
  }

  private async specText(file: string): Promise<string | null> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open) return open.getText();
    return readFile(file, 'utf8').catch(() => null);
  }

  async update(): Promise<void> {
    if (this.lastFile && this.lastFile !== this.spec.file) this.collection.delete(vscode.Uri.file(this.lastFile));
    this.lastFile = this.spec.file;
    const file = this.spec.file;
    const models = this.spec.spec?.models;
    if (!file || !models) return;
    const text = await this.specText(file);
    if (text === null) return;
    const diagnostics: vscode.Diagnostic[] = [];
    for (const [name, model] of Object.entries(models)) {
      const ranges = gateRanges(text, name, model.gates.length);
      const check = this.lastChecks.get(name);
      model.gates.forEach((rule, i) => {
        const r = ranges[i];
        const range = new vscode.Range(r.line - 1, r.column - 1, r.endLine - 1, Math.max(r.endColumn - 1, r.column));
        try {
          parseGate(rule);
        } catch (err) {
          diagnostics.push(
            diagnostic(range, errorMessage(err), vscode.DiagnosticSeverity.Error, `models.${name}.gates[${i}]`),
          );
          return;
        }
        const failed = check?.results.find((res) => res.rule === rule && !res.passed);
        if (check && failed) {
          const [line] = describeFailures({ ...check, results: [failed] });
          diagnostics.push(
            diagnostic(
              range,
              `gate fails for ${check.model}:${check.version}: ${line.replace(/^✗ /, '')}`,
              vscode.DiagnosticSeverity.Warning,
              `models.${name}.gates[${i}]`,
            ),
          );
        }
      });
    }
    this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  /** What the Problems panel holds, for tests. */
  problems(): Array<Pick<SpecProblem, 'message' | 'line' | 'severity'>> {
    if (!this.lastFile) return [];
    return (this.collection.get(vscode.Uri.file(this.lastFile)) ?? []).map((d) => ({
      message: d.message,
      line: d.range.start.line + 1,
      severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning',
    }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

function diagnostic(
  range: vscode.Range,
  message: string,
  severity: vscode.DiagnosticSeverity,
  path: string,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = 'mlops gates';
  d.code = path;
  return d;
}
