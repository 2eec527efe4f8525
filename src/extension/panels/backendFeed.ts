import type * as vscode from 'vscode';
import type { MetricPoint, RunId } from '../../core/tracking/types';
import type { BackendEvent } from '../../protocol/backend';
import type { SeriesPoints } from '../../protocol/webview/runDetail';
import type { BackendHost } from '../backendHost';
import type { LiveFeed, LiveHandlers } from './liveFeed';

/** Live data of a running run from the backend: `subscribe` returns every point so far, events carry the rest. */
export class BackendFeed implements LiveFeed {
  private listener: vscode.Disposable | undefined;
  private subscribed = false;

  constructor(
    private readonly backend: BackendHost,
    private readonly runId: RunId,
  ) {}

  async start(handlers: LiveHandlers): Promise<SeriesPoints[]> {
    const early: BackendEvent[] = [];
    let deliver = (event: BackendEvent) => void early.push(event);
    this.listener = this.backend.onEvent((event) => {
      if ('runId' in event && event.runId === this.runId) deliver(event);
    });
    const result = await this.backend.request('subscribe', { runId: this.runId }, { timeoutMs: 15_000 });
    this.subscribed = true;
    deliver = (event) => {
      if (event.type === 'metricPoints') handlers.points(toSeries(event.name, event.group, event.points), event.reset);
      else if (event.type === 'runOutput') handlers.log(event.text);
    };
    for (const event of early) if (event.type === 'runOutput') deliver(event);
    return result.series.map((s) => toSeries(s.name, s.group, s.points));
  }

  dispose(): void {
    this.listener?.dispose();
    if (this.subscribed)
      void this.backend.request('unsubscribe', { runId: this.runId }, { timeoutMs: 5000 }).catch(() => undefined);
    this.subscribed = false;
  }
}

function toSeries(name: string, group: 'metrics' | 'system', points: MetricPoint[]): SeriesPoints {
  const n = points.length;
  const step = new Float64Array(n);
  const time = new Float64Array(n);
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    step[i] = points[i].step;
    time[i] = points[i].timestamp;
    const v = points[i].value as number | null;
    value[i] = typeof v === 'number' ? v : NaN;
  }
  return { name, group, step, time, value };
}
