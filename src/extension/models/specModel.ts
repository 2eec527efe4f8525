import * as vscode from 'vscode';
import { loadSpec, type LoadedSpec } from '../../core/spec/loadSpec';
import { parseSpec } from '../../core/spec/parseSpec';
import type { MlopsSpec, SpecLocations, SpecProblem } from '../../core/spec/types';

/**
 * The workspace's mlops.yaml: the last valid spec (trees keep showing it while the file is broken), the current
 * problems, and where each experiment is (for CodeLens).
 */
export class SpecModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private lastValid: MlopsSpec | null = null;
  private current: Pick<LoadedSpec, 'status' | 'file' | 'problems' | 'locations'> = {
    status: 'missing',
    file: null,
    problems: [],
    locations: { experiments: {}, models: {}, monitors: {} },
  };

  constructor(readonly workspace: string) {}

  get spec(): MlopsSpec | null {
    return this.lastValid;
  }
  get status() {
    return this.current.status;
  }
  get file(): string | null {
    return this.current.file;
  }
  get problems(): SpecProblem[] {
    return this.current.problems;
  }
  get locations(): SpecLocations {
    return this.current.locations;
  }

  /** Reads the file from disk (external edits, git checkout). */
  async reload(): Promise<void> {
    const loaded = await loadSpec(this.workspace);
    this.apply(loaded);
  }

  /** Parses unsaved editor text so Problems follow typing. */
  updateFromText(file: string, text: string): void {
    const parsed = parseSpec(text);
    this.apply({ ...parsed, status: parsed.spec ? 'ok' : 'invalid', file });
  }

  private apply(loaded: Pick<LoadedSpec, 'status' | 'file' | 'problems' | 'locations' | 'spec'>): void {
    if (loaded.spec) this.lastValid = loaded.spec;
    if (loaded.status === 'missing') this.lastValid = null;
    this.current = loaded;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
