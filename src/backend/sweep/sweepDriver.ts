/**
 * Drives one sweep to its end: proposes trials, launches each through the Runner (the same queue, GPU assignment and
 * run creation as `mlops run`), applies the early-stopping rule to running trials, records values as trials end, and
 * writes every change to sweep.json. A driver that dies leaves a record another one resumes where it was.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { errorMessage, MlopsError } from '../../core/errors';
import { shouldStop, type TrialSeries } from '../../core/sweep/earlyStop';
import { gridPoints } from '../../core/sweep/gridSampler';
import { proposeTrial } from '../../core/sweep/sampler';
import { readSweep, updateSweep } from '../../core/sweep/sweepStore';
import { trialValue } from '../../core/sweep/trialValue';
import type { Observation, SweepRecord, TrialParams, TrialRecord } from '../../core/sweep/types';
import { isTerminal, type MetricPoint, type RunId, type RunRecord } from '../../core/tracking/types';
import { isSameProcess, processStartTime } from '../process/procfs';
import type { Runner } from '../runner';
import { readTrialMetric } from './trialSeries';

export interface SweepDriverOptions {
  runner: Runner;
  sweepId: string;
  /** Aborting stops driving (trials keep running and the sweep can be resumed); `stopSweep` ends it instead. */
  signal?: AbortSignal;
  pollMs?: number;
  /** Called after each change of the record. */
  onChange?: (record: SweepRecord) => void;
}

const ACTIVE = new Set(['queued', 'running']);
/** Sweeps a driver of this process is running now. */
const drivenHere = new Set<string>();

export function isTrialActive(trial: TrialRecord): boolean {
  return ACTIVE.has(trial.status);
}

/** Bests count completed trials only; a pruned trial's value is an early one. */
export function bestTrial(record: SweepRecord): SweepRecord['best'] {
  let best: SweepRecord['best'] = null;
  for (const t of record.trialRecords) {
    if (t.status !== 'completed' || t.value === null) continue;
    const better = !best || (record.metric.goal === 'minimize' ? t.value < best.value : t.value > best.value);
    if (better) best = { number: t.number, runId: t.runId, params: t.params, value: t.value };
  }
  return best;
}

/** The history TPE learns from: completed and pruned trials with a value, in trial order. */
function history(record: SweepRecord): Observation[] {
  return record.trialRecords
    .filter((t) => (t.status === 'completed' || t.status === 'pruned') && t.value !== null)
    .sort((a, b) => a.number - b.number)
    .map((t) => ({ params: t.params, value: t.value! }));
}

function ownerAlive(record: SweepRecord): boolean {
  return record.owner !== null && isSameProcess(record.owner.pid, record.owner.startTime);
}

export class SweepDriver {
  private readonly series = new Map<number, MetricPoint[]>();
  private readonly pruning = new Set<number>();
  private readonly staged: Array<(record: SweepRecord) => void> = [];
  private readonly grid: TrialParams[] | undefined;
  private record!: SweepRecord;

  private constructor(
    private readonly options: SweepDriverOptions,
    initial: SweepRecord,
  ) {
    this.record = initial;
    this.grid = initial.method === 'grid' ? gridPoints(initial.space, initial.trials) : undefined;
  }

  /** Takes the sweep over (refused while another live process drives it) and runs it until it ends or `signal` aborts. */
  static async drive(options: SweepDriverOptions): Promise<SweepRecord> {
    const workspace = options.runner.ctx.workspace;
    const self = { pid: process.pid, startTime: processStartTime(process.pid) };
    const claimed = await updateSweep(workspace, options.sweepId, (record) => {
      if (record.owner && record.owner.pid !== self.pid && ownerAlive(record) && record.status === 'running') {
        throw new MlopsError(
          `sweep ${record.id} is being driven by process ${record.owner.pid}`,
          'conflict',
          'Stop it with mlops sweep --stop ID, or wait for it to end.',
        );
      }
      return { ...record, owner: record.status === 'running' ? self : record.owner };
    });
    const driver = new SweepDriver(options, claimed);
    drivenHere.add(claimed.id);
    try {
      return await driver.loop();
    } finally {
      drivenHere.delete(claimed.id);
    }
  }

  private get workspace() {
    return this.options.runner.ctx.workspace;
  }

  /** Writes `change` (after the staged ones) to sweep.json in one locked step. */
  private async save(change: (record: SweepRecord) => void): Promise<void> {
    const changes = [...this.staged.splice(0), change];
    this.record = await updateSweep(this.workspace, this.record.id, (record) => {
      for (const c of changes) c(record);
      record.best = bestTrial(record);
      return record;
    });
    this.options.onChange?.(this.record);
  }

  /** Applies `change` here now and writes it with the next save, so a trial's end and its successor cost one write. */
  private stage(change: (record: SweepRecord) => void): void {
    change(this.record);
    this.record.best = bestTrial(this.record);
    this.staged.push(change);
  }

  private async flush(): Promise<void> {
    if (this.staged.length) await this.save(() => undefined);
  }

  private async loop(): Promise<SweepRecord> {
    const pollMs = this.options.pollMs ?? 250;
    await this.adoptTrials();
    while (this.record.status === 'running') {
      if (this.options.signal?.aborted) break;
      const fresh = await readSweep(this.workspace, this.record.id);
      if (fresh?.stopRequestedAt) {
        await this.stopAll(fresh);
        break;
      }
      await this.settleEnded();
      await this.applyEarlyStopping();
      await this.launchWhileRoom();
      await this.flush();
      if (!this.record.trialRecords.some(isTrialActive) && this.record.trialRecords.length >= this.record.trials) {
        await this.finish();
        break;
      }
      if (this.record.trialRecords.some((t) => t.status === 'queued')) await this.options.runner.tick();
      await this.nextEvent(pollMs);
    }
    return this.record;
  }

  /** Waits `pollMs`, or less: until a trial this process supervises ends, so the next one starts at once. */
  private async nextEvent(pollMs: number): Promise<void> {
    const ends = this.record.trialRecords
      .filter((t) => t.runId && isTrialActive(t))
      .map((t) => this.options.runner.supervisorOf(t.runId!)?.done)
      .filter((done): done is Promise<RunRecord | undefined> => done !== undefined);
    const controller = new AbortController();
    const abort = () => controller.abort();
    this.options.signal?.addEventListener('abort', abort, { once: true });
    try {
      await Promise.race([
        delay(pollMs, undefined, { signal: controller.signal }).catch(() => undefined),
        ...ends.map((p) => p.catch(() => undefined)),
      ]);
    } finally {
      controller.abort();
      this.options.signal?.removeEventListener('abort', abort);
    }
  }

  /** After a restart: trials whose run was created but not recorded get their run id; live ones are watched here. */
  private async adoptTrials(): Promise<void> {
    const store = this.options.runner.ctx.store;
    const orphans = this.record.trialRecords.filter((t) => t.runId === null && isTrialActive(t));
    if (orphans.length) {
      const runs = (await store.listRuns({ experiment: this.record.experiment })) as Array<{ id: RunId }>;
      const found = new Map<number, RunId>();
      for (const summary of runs) {
        const run = await store.getRun(summary.id);
        if (run?.sweep === this.record.id && typeof run.trial === 'number') found.set(run.trial, run.id);
      }
      await this.save((r) => {
        for (const t of r.trialRecords) {
          if (t.runId !== null || !isTrialActive(t)) continue;
          const id = found.get(t.number);
          if (id) t.runId = id;
          else
            Object.assign(t, {
              status: 'failed',
              error: 'its run was never created (the sweep process ended while launching it)',
              endedAt: new Date().toISOString(),
            });
        }
      });
    }
    for (const t of this.record.trialRecords) if (t.runId && isTrialActive(t)) this.options.runner.claim(t.runId);
    await this.options.runner.recover();
  }

  private async launchWhileRoom(): Promise<void> {
    while (
      this.record.trialRecords.filter(isTrialActive).length < this.record.concurrency &&
      this.record.trialRecords.length < this.record.trials
    ) {
      if (this.options.signal?.aborted) return;
      const number = this.record.trialRecords.length;
      const params = proposeTrial(
        {
          method: this.record.method,
          space: this.record.space,
          seed: this.record.seed,
          number,
          history: history(this.record),
          goal: this.record.metric.goal,
        },
        this.grid,
      );
      // Recorded before the run exists, so a driver that dies in between finds the trial again (adoptTrials).
      await this.save(
        (r) =>
          void r.trialRecords.push({
            number,
            runId: null,
            params,
            status: 'queued',
            value: null,
            error: null,
            startedAt: null,
            endedAt: null,
          }),
      );
      try {
        const launched = await this.options.runner.launch({
          experiment: this.record.experiment,
          overrides: params,
          sweep: { id: this.record.id, trial: number },
          tags: { sweep: this.record.id },
        });
        await this.save((r) =>
          Object.assign(r.trialRecords[number], { runId: launched.runId, status: launched.status }),
        );
      } catch (err) {
        await this.save((r) =>
          Object.assign(r.trialRecords[number], {
            status: 'failed',
            error: `it could not be launched: ${errorMessage(err)}`,
            endedAt: new Date().toISOString(),
          }),
        );
        if (err instanceof MlopsError && err.kind === 'bad-input' && number === 0) {
          await this.finish();
          throw err;
        }
      }
    }
  }

  private async settleEnded(): Promise<void> {
    const store = this.options.runner.ctx.store;
    for (const trial of this.record.trialRecords) {
      if (!trial.runId || !isTrialActive(trial)) continue;
      const run = await store.getRun(trial.runId);
      if (!run) {
        this.stage((r) =>
          Object.assign(r.trialRecords[trial.number], {
            status: 'failed',
            error: `its run ${trial.runId} disappeared`,
            endedAt: new Date().toISOString(),
          }),
        );
        continue;
      }
      if (!isTerminal(run.status)) {
        if (run.status !== trial.status)
          this.stage((r) =>
            Object.assign(r.trialRecords[trial.number], { status: run.status, startedAt: run.startedAt }),
          );
        continue;
      }
      await this.settle(trial.number, run);
    }
  }

  private async settle(number: number, run: RunRecord): Promise<void> {
    const store = this.options.runner.ctx.store;
    const { points, logged } = await readTrialMetric(store.runDir(run.id), run, this.record.metric.name);
    this.series.set(number, points);
    const value = trialValue(points, this.record.metric, logged);
    const patch: Partial<TrialRecord> = {
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      steps: value.ok ? value.steps : points.length,
    };
    if (run.status === 'completed') {
      Object.assign(
        patch,
        value.ok
          ? { status: 'completed', value: value.value, error: null }
          : { status: 'failed', value: null, error: value.reason },
      );
    } else if (run.status === 'pruned') {
      const last = [...points].reverse().find((p) => Number.isFinite(p.value));
      Object.assign(patch, {
        status: 'pruned',
        value: last?.value ?? null,
        error: run.prune?.reason ?? run.error ?? 'pruned',
      });
    } else {
      Object.assign(patch, { status: run.status, value: null, error: run.error ?? `the run ended ${run.status}` });
    }
    this.stage((r) => Object.assign(r.trialRecords[number], patch));
  }

  private async applyEarlyStopping(): Promise<void> {
    if (this.record.earlyStop.rule === 'none') return;
    const store = this.options.runner.ctx.store;
    const running = this.record.trialRecords.filter((t) => t.status === 'running' && t.runId);
    if (running.length === 0) return;
    for (const t of running) {
      const run = await store.getRun(t.runId!);
      if (run)
        this.series.set(t.number, (await readTrialMetric(store.runDir(run.id), run, this.record.metric.name)).points);
    }
    const all: TrialSeries[] = this.record.trialRecords
      .filter((t) => this.series.has(t.number))
      .map((t) => ({ number: t.number, points: this.series.get(t.number)! }));
    for (const t of running) {
      const mine = all.find((s) => s.number === t.number);
      if (!mine || this.pruning.has(t.number)) continue;
      const decision = shouldStop(mine, all, this.record.metric.goal, this.record.earlyStop);
      if (!decision.stop) continue;
      // Not awaited: the process gets its grace period while the loop goes on; the end is settled when it comes.
      this.pruning.add(t.number);
      void this.options.runner.prune(t.runId!, decision.reason!, decision.step).catch(() => undefined);
    }
  }

  private async stopAll(fresh: SweepRecord): Promise<void> {
    const active = fresh.trialRecords.filter((t) => isTrialActive(t) && t.runId);
    await Promise.all(active.map((t) => this.options.runner.stop(t.runId!).catch(() => undefined)));
    this.record = fresh;
    this.staged.length = 0;
    await this.settleEnded();
    await this.save((r) =>
      Object.assign(r, {
        status: 'stopped',
        endedAt: new Date().toISOString(),
        error: r.error ?? 'stopped by the user',
        owner: null,
      }),
    );
  }

  private async finish(): Promise<void> {
    await this.save((r) => {
      const anyValue = r.trialRecords.some((t) => t.status === 'completed' && t.value !== null);
      const firstError = r.trialRecords.find((t) => t.error)?.error ?? null;
      Object.assign(
        r,
        anyValue
          ? { status: 'completed', error: null }
          : {
              status: 'failed',
              error: firstError ? `every trial failed; the first: ${firstError}` : 'no trial produced a value',
            },
      );
      r.endedAt = new Date().toISOString();
      r.owner = null;
    });
  }
}

/** Asks a sweep to stop: its driver (here or in another process) stops its trials and records it `stopped`. */
export async function requestSweepStop(runner: Runner, sweepId: string): Promise<SweepRecord> {
  const workspace = runner.ctx.workspace;
  const record = await updateSweep(workspace, sweepId, (r) =>
    r.status === 'running' ? { ...r, stopRequestedAt: new Date().toISOString() } : r,
  );
  if (record.status !== 'running') return record;
  if (drivenHere.has(sweepId) || (ownerAlive(record) && record.owner!.pid !== process.pid)) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const now = await readSweep(workspace, sweepId);
      if (!now || now.status !== 'running' || Date.now() > deadline) return now ?? record;
      await delay(200);
    }
  }
  // Nobody drives it: stop it here.
  return SweepDriver.drive({ runner, sweepId });
}
