import * as vscode from 'vscode';
import { relative, sep } from 'node:path';
import {
  findEntryPoint,
  scanWorkspaceForScripts,
  scriptLanguage,
  type DiscoveredScript,
} from '../../core/spec/discoverScripts';

const MAX_FILES = 20_000;

/** Training scripts found in the workspace (entry point + marker), kept current per file. */
export class ScriptsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private scripts = new Map<string, DiscoveredScript>();
  private scan: AbortController | undefined;

  constructor(readonly workspace: string) {}

  all(): DiscoveredScript[] {
    return [...this.scripts.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): DiscoveredScript | undefined {
    return [...this.scripts.values()].find((s) => s.name === name);
  }

  async rescan(): Promise<void> {
    this.scan?.abort();
    const controller = new AbortController();
    this.scan = controller;
    const found = await scanWorkspaceForScripts(this.workspace, { signal: controller.signal, maxFiles: MAX_FILES });
    if (controller.signal.aborted) return;
    this.scripts = new Map(found.map((s) => [s.path, s]));
    this.changed.fire();
  }

  /** Re-examines one file after it changed, was created or deleted. */
  async updateFile(uri: vscode.Uri, deleted = false): Promise<void> {
    const path = uri.fsPath;
    const had = this.scripts.has(path);
    if (deleted) {
      if (had) {
        this.scripts.delete(path);
        this.changed.fire();
      }
      return;
    }
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return;
    }
    const ext = path.slice(path.lastIndexOf('.'));
    const entry = findEntryPoint(text, ext);
    const language = scriptLanguage(ext);
    if (entry && language) {
      const name = relative(this.workspace, path).split(sep).join('/');
      this.scripts.set(path, { line: entry.line, language, path, name });
      this.changed.fire();
    } else if (had) {
      this.scripts.delete(path);
      this.changed.fire();
    }
  }

  dispose(): void {
    this.scan?.abort();
    this.changed.dispose();
  }
}
