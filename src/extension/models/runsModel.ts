import * as vscode from 'vscode';
import type { RunStore } from '../../core/store/runStore';
import { isTerminal, type RunId, type RunSummary } from '../../core/tracking/types';

/** Run rows for trees and the status bar, kept current by targeted refreshes rather than full reloads. */
export class RunsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private rows = new Map<string, RunSummary>();

  constructor(readonly store: RunStore) {}

  /** Newest first. */
  all(): RunSummary[] {
    return [...this.rows.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  get(id: string): RunSummary | undefined {
    return this.rows.get(id);
  }

  byExperiment(experiment: string): RunSummary[] {
    return this.all().filter((r) => r.experiment === experiment);
  }

  active(): RunSummary[] {
    return this.all().filter((r) => !isTerminal(r.status));
  }

  async reload(): Promise<void> {
    const runs = await this.store.listRuns();
    this.rows = new Map(runs.map((r) => [r.id, r]));
    this.changed.fire();
  }

  async refreshRun(id: RunId): Promise<void> {
    const summary = await this.store.refreshSummary(id).catch(() => undefined);
    if (summary) this.rows.set(id, summary);
    else this.rows.delete(id);
    this.changed.fire();
  }

  remove(id: string): void {
    if (this.rows.delete(id)) this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
