import type { RunStore } from '../../core/store/runStore';
import { runPaths } from '../../core/store/layout';
import type { MetricPoint, RunId } from '../../core/tracking/types';
import type { BackendEvent, SeriesSnapshot } from '../../protocol/backend';
import { ChangeTrigger } from '../watch/changeTrigger';
import { SeriesFollower, type SeriesUpdate } from '../watch/seriesFollower';

/**
 * Live metrics of one run for subscribers: every TSV series of the run (its metrics, its system samples, a script's
 * dvclive folder) is tailed incrementally; `snapshot()` gives every point so far, and each later batch is emitted
 * as a `metricPoints` event within about `pollMs` (sooner when fs.watch reports the write).
 */
export class RunSubscription {
  private readonly follower: SeriesFollower;
  private readonly trigger: ChangeTrigger;
  private readonly points = new Map<string, SeriesSnapshot>();
  private dvcliveAdded = false;
  private polls = 0;
  /** Off for the first read, which only fills the snapshot. */
  private announce = false;
  refs = 1;

  private constructor(
    private readonly store: RunStore,
    readonly runId: RunId,
    private readonly emit: (event: BackendEvent) => void,
    pollMs: number,
  ) {
    const dir = store.runDir(runId);
    this.follower = new SeriesFollower([
      { dir: runPaths(dir).plots, group: 'metrics' },
      { dir: runPaths(dir).system, group: 'system' },
    ]);
    this.trigger = new ChangeTrigger({ paths: [dir], pollMs, onChange: () => this.refresh() });
  }

  static async open(
    store: RunStore,
    runId: RunId,
    emit: (event: BackendEvent) => void,
    pollMs: number,
  ): Promise<RunSubscription> {
    const subscription = new RunSubscription(store, runId, emit, pollMs);
    await subscription.trigger.flush();
    subscription.announce = true;
    return subscription;
  }

  /** Every point so far; events carry what comes after. */
  async snapshot(): Promise<SeriesSnapshot[]> {
    await this.trigger.flush();
    return [...this.points.values()].map((s) => ({ ...s, points: [...s.points] }));
  }

  close(): void {
    this.trigger.close();
  }

  private async refresh(): Promise<void> {
    if (!this.dvcliveAdded && this.polls++ % 8 === 0) await this.addDvclive();
    for (const update of await this.follower.poll()) {
      this.keep(update);
      if (this.announce) this.emit({ type: 'metricPoints', runId: this.runId, ...update });
    }
  }

  private keep(update: SeriesUpdate): void {
    const key = `${update.group}:${update.name}`;
    const series = this.points.get(key) ?? { name: update.name, group: update.group, points: [] as MetricPoint[] };
    if (update.reset) series.points = [];
    for (const p of update.points) series.points.push(p);
    this.points.set(key, series);
  }

  private async addDvclive(): Promise<void> {
    const record = await this.store.getRun(this.runId);
    if (!record?.dvcliveDir) return;
    this.follower.addRoot({ dir: runPaths(record.dvcliveDir).plots, group: 'metrics' });
    this.dvcliveAdded = true;
  }
}
