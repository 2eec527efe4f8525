import * as vscode from 'vscode';
import { findEntryPoint } from '../../core/spec/discoverScripts';
import { Commands } from '../api';

/** ▶ Run experiment above a training script's entry point (see discoverScripts for what counts). */
export class ScriptCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const path = document.uri.fsPath;
    const entry = findEntryPoint(document.getText(), path.slice(path.lastIndexOf('.')));
    if (!entry) return [];
    const range = new vscode.Range(entry.line - 1, 0, entry.line - 1, 0);
    return [
      new vscode.CodeLens(range, {
        title: vscode.workspace.isTrusted ? '▶ Run experiment' : '▶ Run experiment (Restricted Mode)',
        tooltip: 'Run this script as an MLOps experiment: its params, metrics and artifacts are tracked',
        command: Commands.runScript,
        arguments: [document.uri],
      }),
    ];
  }
}
