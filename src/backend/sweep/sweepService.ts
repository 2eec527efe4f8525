/** The backend's sweeps: started on request, driven in the background, resumed when a backend starts again. */
import { errorMessage } from '../../core/errors';
import { findExperiment } from '../../core/spec/experiments';
import { loadSpec, requireValidSpec } from '../../core/spec/loadSpec';
import { planSweep } from '../../core/sweep/planSweep';
import { listSweeps, resolveSweep, writeNewSweep } from '../../core/sweep/sweepStore';
import type { SweepRecord } from '../../core/sweep/types';
import { isSameProcess } from '../process/procfs';
import type { BackendEvent, SweepStartParams } from '../../protocol/backend';
import type { Runner } from '../runner';
import { requestSweepStop, SweepDriver } from './sweepDriver';

export class SweepService {
  private readonly drives = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly options: { runner: Runner; emit: (event: BackendEvent) => void }) {}

  private get workspace() {
    return this.options.runner.ctx.workspace;
  }

  /** Resumes every sweep left `running` by a process that is gone (a reload, a crashed backend, a killed CLI). */
  async resumeOrphans(): Promise<string[]> {
    const orphans = (await listSweeps(this.workspace)).filter(
      (s) => s.status === 'running' && !(s.owner && isSameProcess(s.owner.pid, s.owner.startTime)),
    );
    for (const sweep of orphans) this.drive(sweep.id);
    return orphans.map((s) => s.id);
  }

  async start(params: SweepStartParams): Promise<{ sweepId: string; trials: number }> {
    const spec = requireValidSpec(await loadSpec(this.workspace), { allowMissing: true });
    const record = planSweep(findExperiment(spec, params.experiment), params);
    await writeNewSweep(this.workspace, record);
    this.announce(record);
    this.drive(record.id);
    return { sweepId: record.id, trials: record.trials };
  }

  async stop(sweepId: string): Promise<{ sweepId: string; status: string }> {
    const id = (await resolveSweep(this.workspace, sweepId)).id;
    const record = await requestSweepStop(this.options.runner, id);
    await this.drives.get(id)?.done;
    this.announce(record);
    return { sweepId: id, status: record.status };
  }

  /** Stops driving (trials keep running); the next backend resumes the sweeps. */
  async close(): Promise<void> {
    for (const { controller } of this.drives.values()) controller.abort();
    await Promise.all([...this.drives.values()].map((d) => d.done));
  }

  private drive(sweepId: string): void {
    if (this.drives.has(sweepId)) return;
    const controller = new AbortController();
    const done = SweepDriver.drive({
      runner: this.options.runner,
      sweepId,
      signal: controller.signal,
      onChange: (r) => this.announce(r),
    })
      .catch((err) =>
        this.options.emit({ type: 'log', level: 'error', message: `sweep ${sweepId}: ${errorMessage(err)}` }),
      )
      .finally(() => this.drives.delete(sweepId));
    this.drives.set(sweepId, { controller, done });
  }

  private announce(record: SweepRecord): void {
    const done = record.trialRecords.filter((t) => t.endedAt).length;
    this.options.emit({ type: 'sweepChanged', sweepId: record.id, status: record.status, done, trials: record.trials });
  }
}
