import * as vscode from 'vscode';
import { buildLineageGraph, type LineageProvider } from '../../core/lineage/graphBuilder';
import type { LineageGraph } from '../../core/lineage/graph';
import { listRunRecords } from '../../core/lineage/runSource';
import type { RunStore } from '../../core/store/runStore';
import type { RunId, RunRecord, RunSummary } from '../../core/tracking/types';
import { changedRows } from './rowChanges';
import type { RunsModel } from '../models/runsModel';

export interface LineageSourceOptions {
  store: RunStore;
  runs: RunsModel;
  /** Extra lineage (the model registry); asked again on every rebuild so a registry that appears later is seen. */
  providers(): LineageProvider[];
  /** Debounces a keyed job (the extension's RefreshManager). */
  schedule(key: string, job: () => Promise<void>): void;
  /** A provider that fails is left out of that build and reported here. */
  reportError(what: string, err: unknown): void;
}

/**
 * The workspace's lineage graph for the panel and the Datasets view: built once from every run.json, then kept
 * current by re-reading only the runs whose rows changed. Loads nothing until someone asks for the graph.
 */
export class LineageSource implements vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<LineageGraph>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly records = new Map<string, RunRecord>();
  private rows = new Map<string, RunSummary>();
  private current: Promise<LineageGraph> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly options: LineageSourceOptions) {
    this.subscription = options.runs.onDidChange(() => {
      if (this.current) options.schedule('lineage', () => this.sync());
    });
  }

  /** The graph as of the last sync (loading it the first time). */
  graph(): Promise<LineageGraph> {
    this.current ??= this.load().catch((err) => {
      this.current = undefined;
      throw err;
    });
    return this.current;
  }

  /** Rebuilds from the records already read, asking the providers again (after a registry change). */
  async rebuild(): Promise<void> {
    if (!this.current) return;
    await this.current;
    this.current = this.build();
    this.changedEmitter.fire(await this.current);
  }

  private async load(): Promise<LineageGraph> {
    this.rows = new Map(this.options.runs.all().map((r) => [r.id, r]));
    for (const record of await listRunRecords(this.options.store.workspace)) this.records.set(record.id, record);
    return this.build();
  }

  private async sync(): Promise<void> {
    await this.current;
    const rows = this.options.runs.all();
    const { changed, removed } = changedRows(this.rows, rows);
    if (changed.length === 0 && removed.length === 0) return;
    this.rows = new Map(rows.map((r) => [r.id, r]));
    for (const id of removed) this.records.delete(id);
    const fresh = await Promise.all(changed.map((id) => this.options.store.getRun(id as RunId)));
    changed.forEach((id, i) => {
      const record = fresh[i];
      if (record) this.records.set(id, record);
      else this.records.delete(id);
    });
    this.current = this.build();
    this.changedEmitter.fire(await this.current);
  }

  private build(): Promise<LineageGraph> {
    const runs = [...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const providers = this.options.providers().map((p): LineageProvider => ({
      name: p.name,
      contribute: (graph, signal) =>
        p.contribute(graph, signal).catch((err) => {
          this.options.reportError(`lineage from ${p.name}`, err);
          return {};
        }),
    }));
    return buildLineageGraph(runs, providers);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changedEmitter.dispose();
  }
}
