import { downsampleM4 } from '../../core/tracking/downsample';
import { listMetricSeries } from '../../core/tracking/runReader';
import { toCell } from '../../core/tracking/runColumns';
import type { RunId, RunSummary } from '../../core/tracking/types';
import type { CurveData, XAxisMode } from '../../protocol/webview/common';
import type {
  CompareRun,
  CompareState,
  CompareToHost,
  CompareToWebview,
  CurvesRequest,
} from '../../protocol/webview/compare';
import { type SeriesCache, xValues } from './seriesCache';

export interface CompareDeps {
  summary(id: string): RunSummary | undefined;
  runDir(id: string): string;
  post(message: CompareToWebview): void;
  openRun(id: string): void;
  cache: SeriesCache;
}

export function initialCompareState(runIds: string[]): CompareState {
  return { runIds, metric: null, xAxis: 'step', logY: false, smoothing: 0, scatterParam: null };
}

const MAX_COLUMNS = 4000;

/**
 * The compare panel's host side, free of VS Code. Curves are read at full resolution into the series cache and
 * downsampled per pixel column (M4) for the range the webview shows; a zoom asks again for the new range.
 */
export class CompareController {
  private state: CompareState;
  private files = new Map<string, Map<string, string>>();
  private runs = new Map<string, RunSummary>();
  private latestRequest = 0;
  private shown: { metric: string; xAxis: XAxisMode } | undefined;

  constructor(
    private readonly deps: CompareDeps,
    runIds: string[],
  ) {
    this.state = initialCompareState(runIds);
  }

  get runIds(): string[] {
    return this.state.runIds;
  }

  get currentState(): CompareState {
    return this.state;
  }

  /** Compare another set of runs in the same panel. */
  async setRuns(runIds: string[]): Promise<void> {
    this.state = { ...this.state, runIds };
    await this.snapshot();
  }

  async handle(message: CompareToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.state && message.state.runIds.length > 0) this.state = message.state;
        await this.snapshot();
        return;
      case 'curves':
        await this.curves(message);
        return;
      case 'stateChanged':
        this.state = message.state;
        return;
      case 'openRun':
        this.deps.openRun(message.id);
        return;
      default:
        return;
    }
  }

  /** A run's row changed (status, latest values) or vanished; running runs also get their new curve points. */
  async runChanged(id: string): Promise<void> {
    if (!this.runs.has(id)) return;
    const summary = this.deps.summary(id);
    if (!summary) {
      this.runs.delete(id);
      this.deps.post({ type: 'runRemoved', id });
      return;
    }
    if (summary === this.runs.get(id)) return;
    this.runs.set(id, summary);
    this.deps.post({ type: 'runChanged', run: this.compareRun(summary, this.state.runIds.indexOf(id)) });
    await this.appendPoints(id);
  }

  private async appendPoints(id: string): Promise<void> {
    if (!this.shown) return;
    const { metric, xAxis } = this.shown;
    let path = this.files.get(id)?.get(metric);
    if (!path) {
      await this.loadFiles(id);
      path = this.files.get(id)?.get(metric);
      if (!path) return;
    }
    const { columns, added, reset } = await this.deps.cache.read(path, metric);
    if (added === 0 || reset) return;
    const from = columns.length - added;
    const x = xAxis === 'relative' ? xValues(columns, xAxis).slice(from) : xValues(columns, xAxis, from).slice();
    const y = columns.value.slice(from, columns.length).map((v) => (Number.isFinite(v) ? v : NaN));
    this.deps.post({ type: 'pointsAppended', metric, xAxis, runId: id, x, y });
  }

  /**
   * Starts reading the series the first chart will ask for (the state's metric, else the one most runs have), so a
   * new panel's read overlaps the loading of its document instead of following it.
   */
  async warm(): Promise<void> {
    const ids = this.state.runIds.filter((id) => this.deps.summary(id));
    await Promise.all(ids.map((id) => this.loadFiles(id)));
    const metric = this.state.metric ?? this.metricChoice().best;
    if (!metric) return;
    await Promise.all(
      ids.flatMap((id) => {
        const path = this.files.get(id)?.get(metric);
        return path ? [this.deps.cache.read(path, metric).catch(() => undefined)] : [];
      }),
    );
  }

  /** Every metric of the runs, and the one with series in the most runs (the first alphabetically on a tie). */
  private metricChoice(): { metricNames: string[]; best: string | undefined } {
    const metricCount = new Map<string, number>();
    for (const [id, names] of this.files)
      if (this.state.runIds.includes(id))
        for (const name of names.keys()) metricCount.set(name, (metricCount.get(name) ?? 0) + 1);
    for (const run of this.runs.values())
      for (const name of Object.keys(run.metrics)) if (!metricCount.has(name)) metricCount.set(name, 0);
    const metricNames = [...metricCount.keys()].sort();
    const withSeries = metricNames.filter((m) => (metricCount.get(m) ?? 0) > 0);
    const best = [...withSeries].sort((a, b) => (metricCount.get(b) ?? 0) - (metricCount.get(a) ?? 0))[0];
    return { metricNames, best };
  }

  private async snapshot(): Promise<void> {
    const ids = this.state.runIds;
    const missing: string[] = [];
    this.runs.clear();
    for (const id of ids) {
      const s = this.deps.summary(id);
      if (s) this.runs.set(id, s);
      else missing.push(id);
    }
    await Promise.all([...this.runs.keys()].map((id) => this.loadFiles(id)));
    const { metricNames, best } = this.metricChoice();
    if (!this.state.metric || !metricNames.includes(this.state.metric))
      this.state = { ...this.state, metric: best ?? metricNames[0] ?? null };
    const paramNames = new Set<string>();
    for (const run of this.runs.values()) for (const name of Object.keys(run.params)) paramNames.add(name);
    this.deps.post({
      type: 'snapshot',
      runs: ids.filter((id) => this.runs.has(id)).map((id, i) => this.compareRun(this.runs.get(id) as RunSummary, i)),
      metricNames,
      paramNames: [...paramNames].sort(),
      missing,
      state: this.state,
    });
  }

  private async loadFiles(id: string): Promise<void> {
    const dir = this.deps.runDir(id);
    const series = await listMetricSeries(dir).catch(() => []);
    this.files.set(id, new Map(series.map((s) => [s.name, s.path])));
  }

  private compareRun(run: RunSummary, color: number): CompareRun {
    const cells = (values: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toCell(v)]));
    return {
      id: run.id,
      label: `${run.experiment} ${run.id.slice(-6)}`,
      experiment: run.experiment,
      status: run.status,
      color,
      params: cells(run.params),
      metrics: cells(run.metrics),
    };
  }

  private async curves(request: CurvesRequest): Promise<void> {
    this.latestRequest = request.requestId;
    const started = Date.now();
    const receivedAt = started;
    const columns = Math.min(MAX_COLUMNS, Math.max(10, Math.floor(request.columns)));
    const ids = this.state.runIds.filter((id) => this.files.get(id)?.has(request.metric));
    const read = await Promise.all(
      ids.map(async (id) => ({
        id,
        series: await this.deps.cache.read(this.files.get(id)?.get(request.metric) as string, request.metric),
      })),
    );
    if (request.requestId !== this.latestRequest) return;
    const readMs = Date.now() - started;
    const downsampleStart = Date.now();
    const curves: CurveData[] = read.map(({ id, series }) => {
      const down = downsampleM4(
        { x: xValues(series.columns, request.xAxis), y: series.columns.value, length: series.columns.length },
        { columns, range: request.range ?? undefined },
      );
      const run = this.runs.get(id);
      return {
        runId: id as RunId,
        label: run ? `${run.experiment} ${id.slice(-6)}` : id,
        color: this.state.runIds.indexOf(id),
        x: down.x,
        y: down.y,
        sourcePoints: down.sourcePoints,
      };
    });
    const downsampleMs = Date.now() - downsampleStart;
    this.shown = { metric: request.metric, xAxis: request.xAxis };
    this.state = { ...this.state, metric: request.metric, xAxis: request.xAxis };
    const timing = { receivedAt, readMs, downsampleMs, postedAt: Date.now() };
    this.deps.post({
      type: 'curves',
      requestId: request.requestId,
      metric: request.metric,
      xAxis: request.xAxis,
      range: request.range,
      curves,
      readMs,
      timing,
    });
  }
}
