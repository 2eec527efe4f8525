import * as vscode from 'vscode';

/** Read-only Markdown and text documents the registry commands open: model cards, metric diffs, lineage text. */
export const REGISTRY_DOC_SCHEME = 'mlops-registry';

export class RegistryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REGISTRY_DOC_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.contents.get(uri.toString()) ?? 'This document is no longer available: open it again from the Models view.'
    );
  }

  /** Opens Markdown in the preview (falling back to the editor where the preview is unavailable). */
  async showMarkdown(name: string, text: string): Promise<vscode.Uri> {
    const uri = this.set(name, text);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
    return uri;
  }

  async showText(name: string, text: string): Promise<void> {
    const uri = this.set(name, text);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}
