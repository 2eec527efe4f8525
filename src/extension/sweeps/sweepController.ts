/** The Sweep panel's host logic, without VS Code: reads sweep.json, sends a snapshot, then the trials that changed. */
import { IMPORTANCE_METHOD, paramImportance } from '../../core/sweep/importance';
import { readSweep } from '../../core/sweep/sweepStore';
import type { SweepRecord, TrialRecord } from '../../core/sweep/types';
import type {
  SweepHeader,
  SweepImportance,
  SweepToHost,
  SweepToWebview,
  SweepTrialRow,
} from '../../protocol/webview/sweep';

export interface SweepControllerDeps {
  workspace: string;
  post(message: SweepToWebview): void;
  openRun(runId: string): void;
  stop(sweepId: string): Promise<void>;
  canStop(): boolean;
}

export function headerOf(record: SweepRecord): SweepHeader {
  const e = record.earlyStop;
  return {
    id: record.id,
    experiment: record.experiment,
    method: record.method,
    status: record.status,
    error: record.error,
    trials: record.trials,
    concurrency: record.concurrency,
    seed: record.seed,
    metric: record.metric,
    earlyStop:
      e.rule === 'none'
        ? 'none'
        : e.rule === 'median'
          ? `median after step ${e.minSteps}`
          : `asha (rungs from step ${Math.max(1, e.minSteps)}, η=${e.reductionFactor})`,
    dimensions: record.space.dimensions,
    best: record.best ? { number: record.best.number, runId: record.best.runId, value: record.best.value } : null,
  };
}

export function rowOf(t: TrialRecord): SweepTrialRow {
  return {
    number: t.number,
    runId: t.runId,
    status: t.status,
    value: t.value,
    params: t.params,
    error: t.error,
    steps: t.steps ?? null,
  };
}

export function importanceOf(record: SweepRecord): SweepImportance {
  const done = record.trialRecords
    .filter((t) => t.status === 'completed' && t.value !== null)
    .map((t) => ({ params: t.params, value: t.value! }));
  return { method: IMPORTANCE_METHOD, params: paramImportance(record.space.dimensions, done) };
}

export class SweepController {
  private sent = new Map<number, string>();
  private ready = false;

  constructor(
    private readonly deps: SweepControllerDeps,
    readonly sweepId: string,
  ) {}

  async handle(message: SweepToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sent.clear();
        return this.refresh(true);
      case 'openRun':
        return this.deps.openRun(message.runId);
      case 'stop':
        return this.deps.stop(this.sweepId);
      default:
        return;
    }
  }

  /** Re-reads the record; posts the snapshot (first time) or the rows that changed since. */
  async refresh(snapshot = false): Promise<void> {
    if (!this.ready) return;
    const record = await readSweep(this.deps.workspace, this.sweepId);
    if (!record) {
      this.deps.post({
        type: 'notice',
        level: 'error',
        message: `Sweep ${this.sweepId} no longer exists (its folder under .mlops/sweeps was deleted).`,
      });
      return;
    }
    const rows = record.trialRecords.map(rowOf);
    const changed = rows.filter((r) => this.sent.get(r.number) !== JSON.stringify(r));
    if (
      !snapshot &&
      changed.length === 0 &&
      this.sent.size === rows.length &&
      this.lastHeader === JSON.stringify(headerOf(record))
    )
      return;
    for (const r of changed) this.sent.set(r.number, JSON.stringify(r));
    const header = headerOf(record);
    this.lastHeader = JSON.stringify(header);
    const common = {
      header,
      importance: importanceOf(record),
      canStop: record.status === 'running' && this.deps.canStop(),
    };
    this.deps.post(
      snapshot ? { type: 'snapshot', trials: rows, ...common } : { type: 'trialsChanged', trials: changed, ...common },
    );
  }

  private lastHeader = '';
}
