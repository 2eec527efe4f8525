import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { listSweeps, sweepsDir } from '../../core/sweep/sweepStore';
import type { SweepRecord } from '../../core/sweep/types';
import { ChangeTrigger } from '../../backend/watch/changeTrigger';

/** One row of the Sweeps section. */
export interface SweepListItem {
  id: string;
  experiment: string;
  method: SweepRecord['method'];
  status: SweepRecord['status'];
  trials: number;
  done: number;
  metric: string;
  goal: SweepRecord['metric']['goal'];
  best: number | null;
  error: string | null;
  createdAt: string;
  /** Running, but no live process drives it (the backend resumes it when it starts). */
  orphaned: boolean;
}

function itemOf(record: SweepRecord, alive: (owner: SweepRecord['owner']) => boolean): SweepListItem {
  return {
    id: record.id,
    experiment: record.experiment,
    method: record.method,
    status: record.status,
    trials: record.trials,
    done: record.trialRecords.filter((t) => t.endedAt).length,
    metric: record.metric.name,
    goal: record.metric.goal,
    best: record.best?.value ?? null,
    error: record.error,
    createdAt: record.createdAt,
    orphaned: record.status === 'running' && !alive(record.owner),
  };
}

/** The workspace's sweeps, re-read when anything under .mlops/sweeps changes. */
export class SweepsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private items: SweepListItem[] = [];
  private text = '';
  private readonly trigger: ChangeTrigger;

  constructor(
    private readonly workspace: string,
    private readonly alive: (owner: SweepRecord['owner']) => boolean,
    log: vscode.LogOutputChannel,
  ) {
    this.trigger = new ChangeTrigger({
      paths: [sweepsDir(workspace)],
      pollMs: 2000,
      onChange: () => this.reload(),
      onError: (err) => log.warn(`sweeps: ${errorMessage(err)}`),
    });
  }

  all(): SweepListItem[] {
    return this.items;
  }

  get(id: string): SweepListItem | undefined {
    return this.items.find((s) => s.id === id);
  }

  async reload(): Promise<void> {
    const items = (await listSweeps(this.workspace)).map((r) => itemOf(r, this.alive));
    const text = JSON.stringify(items);
    if (text === this.text) return;
    this.text = text;
    this.items = items;
    this.changed.fire();
  }

  /** Re-reads now and resolves once done. */
  flush(): Promise<void> {
    return this.trigger.flush();
  }

  dispose(): void {
    this.trigger.close();
    this.changed.dispose();
  }
}
