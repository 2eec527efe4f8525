import { open, stat } from 'node:fs/promises';
import { runPaths } from '../../core/store/layout';
import { listMetricSeries, listSystemSeries, type SeriesFile } from '../../core/tracking/runReader';
import { SeriesColumnsTail } from '../../core/tracking/seriesColumns';
import type { SeriesPoints } from '../../protocol/webview/runDetail';

export interface LiveHandlers {
  points(series: SeriesPoints, reset: boolean): void;
  log(text: string): void;
}

/** Where a run's live data comes from: the backend's subscription, or the run folder's files. */
export interface LiveFeed {
  /** Returns every point so far; later points go to the handlers. */
  start(handlers: LiveHandlers): Promise<SeriesPoints[]>;
  /** Stop following (the run ended); what was read stays valid. */
  dispose(): void;
}

const MAX_LOG_CHUNK = 256 * 1024;

/**
 * Follows a run folder directly: every series file through an incremental tail, the log from its last size.
 * Used when the backend is not running (Restricted Mode, a run started from the CLI) and for finished runs.
 */
export class FileTailFeed implements LiveFeed {
  private readonly tails = new Map<string, { tail: SeriesColumnsTail; group: 'metrics' | 'system' }>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private logOffset = 0;
  private ticks = 0;
  private handlers: LiveHandlers | undefined;

  constructor(
    private readonly runDir: string,
    private readonly options: { intervalMs: number; follow: boolean; logFrom: number },
  ) {
    this.logOffset = options.logFrom;
  }

  async start(handlers: LiveHandlers): Promise<SeriesPoints[]> {
    await this.discover();
    const initial: SeriesPoints[] = [];
    for (const [name, { tail, group }] of this.tails) {
      await tail.poll();
      initial.push(pointsOf(name, group, tail, 0));
    }
    this.handlers = handlers;
    if (this.options.follow) this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    return initial;
  }

  /** Poll now (a backend event or file event said something changed). */
  async tick(): Promise<void> {
    if (this.polling || !this.handlers) return;
    this.polling = true;
    try {
      if (++this.ticks % 4 === 0) {
        for (const name of await this.discover())
          this.handlers.points(pointsOf(name, this.tails.get(name)!.group, this.tails.get(name)!.tail, 0), true);
      }
      for (const [name, { tail, group }] of this.tails) {
        const { added, reset } = await tail.poll();
        if (added > 0 || reset)
          this.handlers.points(pointsOf(name, group, tail, reset ? 0 : tail.columns.length - added), reset);
      }
      await this.readLog();
    } finally {
      this.polling = false;
    }
  }

  private async discover(): Promise<string[]> {
    const found: Array<[SeriesFile, 'metrics' | 'system']> = [
      ...(await listMetricSeries(this.runDir)).map((s): [SeriesFile, 'metrics'] => [s, 'metrics']),
      ...(await listSystemSeries(this.runDir)).map((s): [SeriesFile, 'system'] => [s, 'system']),
    ];
    const added: string[] = [];
    for (const [file, group] of found) {
      const key = `${group}:${file.name}`;
      if (this.tails.has(key)) continue;
      this.tails.set(key, { tail: new SeriesColumnsTail(file.path, file.name), group });
      added.push(key);
    }
    return this.handlers ? added : [];
  }

  private async readLog(): Promise<void> {
    const path = runPaths(this.runDir).log;
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0 || size === this.logOffset) return;
    if (size < this.logOffset) this.logOffset = 0;
    const from = Math.max(this.logOffset, size - MAX_LOG_CHUNK);
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(size - from);
      await handle.read(buffer, 0, buffer.length, from);
      this.logOffset = size;
      this.handlers?.log(buffer.toString('utf8'));
    } finally {
      await handle.close();
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.handlers = undefined;
  }
}

function pointsOf(key: string, group: 'metrics' | 'system', tail: SeriesColumnsTail, from: number): SeriesPoints {
  const c = tail.columns;
  return {
    name: key.slice(key.indexOf(':') + 1),
    group,
    step: c.step.slice(from, c.length),
    time: c.time.slice(from, c.length),
    value: c.value.slice(from, c.length),
  };
}
