import { readEvaluation, runEvaluationPath } from '../../core/evaluation/evaluationFiles';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runPaths } from '../../core/store/layout';
import type { RunStore } from '../../core/store/runStore';
import { listArtifacts } from '../../core/tracking/artifacts';
import { downsampleM4 } from '../../core/tracking/downsample';
import { searchLog } from '../../core/tracking/logSearch';
import { toCell } from '../../core/tracking/runColumns';
import { numericMetrics, readLatestMetrics, readLogTail, readParams } from '../../core/tracking/runReader';
import { flatten } from '../../core/tracking/flatten';
import { isTerminal, type RunId, type RunRecord } from '../../core/tracking/types';
import type {
  RunActions,
  RunDetailToHost,
  RunDetailToWebview,
  RunInfo,
  SeriesPoints,
} from '../../protocol/webview/runDetail';
import type { LiveFeed } from './liveFeed';

export interface RunDetailDeps {
  store: RunStore;
  runId: RunId;
  post(message: RunDetailToWebview): void;
  /** A feed for a run that is still going (backend when it runs, else file tails), or for a finished one. */
  feed(record: RunRecord, logSize: number): LiveFeed;
  canRun(): boolean;
  canRegister(): boolean;
  act(action: keyof RunActions, record: RunRecord): Promise<void>;
  /** Opens the Evaluation panel on this run. */
  openEvaluation?(): void;
  openFile(path: string, reveal: boolean): void;
}

/** Series longer than this open downsampled; live points are appended raw after them. */
const SNAPSHOT_POINTS = 20_000;
const LOG_TAIL_BYTES = 64 * 1024;

/**
 * The run detail panel's host side, free of VS Code: a snapshot of the run folder, then points, log text and
 * status as they change. A deleted run folder ends the feed and tells the webview.
 */
export class RunDetailController {
  private record: RunRecord | undefined;
  private feed: LiveFeed | undefined;
  private gone = false;
  private searchAbort: AbortController | undefined;

  constructor(private readonly deps: RunDetailDeps) {}

  get runId(): RunId {
    return this.deps.runId;
  }

  async handle(message: RunDetailToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.snapshot();
        if (message.state?.logQuery) await this.search(message.state.logQuery);
        return;
      case 'searchLog':
        await this.search(message.query);
        return;
      case 'openArtifact':
      case 'revealArtifact':
        this.deps.openFile(this.artifactPath(message.path), message.type === 'revealArtifact');
        return;
      case 'openLog':
        this.deps.openFile(runPaths(this.dir).log, false);
        return;
      case 'action':
        if (this.record) await this.deps.act(message.action, this.record);
        return;
      case 'openEvaluation':
        this.deps.openEvaluation?.();
        return;
      default:
        return;
    }
  }

  /** The run's row changed (status, latest metrics) or its folder went away. */
  async runChanged(): Promise<void> {
    if (this.gone || !this.record) return;
    const current = await this.deps.store.getRun(this.runId).catch(() => undefined);
    if (!current) {
      if (!existsSync(this.dir)) this.markDeleted();
      return;
    }
    const statusChanged = current.status !== this.record.status || current.endedAt !== this.record.endedAt;
    this.record = current;
    if (statusChanged) this.deps.post({ type: 'status', run: runInfo(current), actions: this.actions() });
    this.deps.post({ type: 'metrics', metrics: cells(numericMetrics(await readLatestMetrics(this.dir, current))) });
    if (statusChanged && isTerminal(current.status)) {
      // One last read picks up what the run wrote just before it ended, then the feed stops.
      const finalFeed = this.feed;
      setTimeout(() => finalFeed?.dispose(), 2000);
      const artifacts = await listArtifacts(this.dir);
      this.deps.post({ type: 'artifacts', ...artifacts });
    }
  }

  markDeleted(): void {
    if (this.gone) return;
    this.gone = true;
    this.feed?.dispose();
    this.deps.post({ type: 'deleted' });
  }

  dispose(): void {
    this.feed?.dispose();
    this.searchAbort?.abort();
  }

  private get dir(): string {
    return this.deps.store.runDir(this.runId);
  }

  private artifactPath(relative: string): string {
    const parts = relative.split('/').filter((p) => p && p !== '..' && p !== '.');
    return join(runPaths(this.dir).artifacts, ...parts);
  }

  private actions(): RunActions {
    const running = this.record !== undefined && !isTerminal(this.record.status);
    return {
      stop: running && this.deps.canRun(),
      rerun: !running && this.deps.canRun(),
      register: !running && this.deps.canRegister(),
    };
  }

  private async snapshot(): Promise<void> {
    const record = await this.deps.store.getRun(this.runId).catch(() => undefined);
    if (!record) {
      this.markDeleted();
      return;
    }
    this.record = record;
    const [params, latest, log, artifacts, evaluation] = await Promise.all([
      readParams(this.dir, record),
      readLatestMetrics(this.dir, record),
      readLogTail(this.dir, LOG_TAIL_BYTES),
      listArtifacts(this.dir),
      readEvaluation(runEvaluationPath(this.dir)).catch(() => null),
    ]);
    this.feed?.dispose();
    this.feed = this.deps.feed(record, log.size);
    const series = await this.feed.start({
      points: (s, reset) => this.deps.post({ type: 'points', series: s, reset }),
      log: (text) => this.deps.post({ type: 'logAppended', text }),
    });
    this.deps.post({
      type: 'snapshot',
      run: runInfo(record),
      params: cells(flatten(params)),
      metrics: cells(numericMetrics(latest)),
      series: series.map(forSnapshot),
      log,
      artifacts,
      actions: this.actions(),
      evaluation: evaluation && { task: evaluation.task, n: evaluation.n, metrics: evaluation.metrics },
    });
  }

  private async search(query: string): Promise<void> {
    this.searchAbort?.abort();
    const abort = (this.searchAbort = new AbortController());
    const result = await searchLog(runPaths(this.dir).log, query, { limit: 500, signal: abort.signal }).catch(
      () => undefined,
    );
    if (!result || abort.signal.aborted) return;
    this.deps.post({ type: 'logSearch', query, matches: result.matches, total: result.total });
  }
}

function forSnapshot(series: SeriesPoints): SeriesPoints & { downsampledFrom: number | null } {
  if (series.value.length <= SNAPSHOT_POINTS) return { ...series, downsampledFrom: null };
  const down = downsampleM4({ x: series.step, y: series.value }, { columns: SNAPSHOT_POINTS / 4 });
  const index = new Map<number, number>();
  series.step.forEach((s, i) => index.set(s, i));
  const time = down.x.map((s) => series.time[index.get(s) ?? 0]);
  return {
    name: series.name,
    group: series.group,
    step: down.x,
    time,
    value: down.y,
    downsampledFrom: series.value.length,
  };
}

function cells(values: Record<string, unknown>): Record<string, ReturnType<typeof toCell>> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toCell(v)]));
}

export function runInfo(r: RunRecord): RunInfo {
  return {
    id: r.id,
    experiment: r.experiment,
    status: r.status,
    command: r.command,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    exitCode: r.exitCode,
    error: r.error ?? null,
    gitCommit: r.git?.commit ?? null,
    gitBranch: r.git?.branch ?? null,
    gitDirty: r.git?.dirty ?? false,
    tags: r.tags,
    parent: r.parent,
  };
}
