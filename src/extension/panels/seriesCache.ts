import { stat } from 'node:fs/promises';
import { SeriesColumnsTail, type SeriesColumns } from '../../core/tracking/seriesColumns';
import { SIDECAR_MIN_POINTS, type SeriesSidecar } from '../../core/tracking/seriesSidecar';
import type { SeriesParsePool } from './seriesParsePool';

/** A series file without a sidecar at least this large is parsed on a worker thread rather than here. */
const POOL_MIN_BYTES = 256 << 10;

interface Entry {
  tail: SeriesColumnsTail;
  lastUse: number;
  /** Polls of one tail run one after another: two at once would both append the same new lines. */
  polling: Promise<unknown>;
}

interface Loaded {
  entry: Entry;
  /** Points restored from a sidecar or a worker's parse, and of those the ones parsed (not from a sidecar). */
  restored: number;
  parsed: number;
}

/**
 * Full-resolution metric series kept in the extension host so that zooming re-downsamples without re-reading
 * files, and a running run's new points are read incrementally. Least recently used series are dropped once the
 * cache holds more than `maxPoints` points (24 bytes each).
 */
export class SeriesCache {
  private readonly entries = new Map<string, Entry>();
  /** First reads in flight: a second reader of the same series waits for the same load. */
  private readonly loading = new Map<string, Promise<Loaded>>();
  private clock = 0;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly maxPoints = 20_000_000,
    private readonly sidecar?: SeriesSidecar,
    private readonly pool?: SeriesParsePool,
  ) {}

  /** The series with everything appended since the last call; `added` counts the new points at its end. */
  async read(
    path: string,
    metric: string,
    signal?: AbortSignal,
  ): Promise<{ columns: SeriesColumns; added: number; reset: boolean }> {
    const key = `${path}\0${metric}`;
    let entry = this.entries.get(key);
    let restored = 0;
    let parsed = 0;
    if (!entry) {
      let load = this.loading.get(key);
      const first = load === undefined;
      if (!load) {
        load = this.load(key, path, metric);
        this.loading.set(key, load);
      }
      try {
        const loaded = await load;
        entry = loaded.entry;
        // Only the reader that loaded reports the restored points as added; the others see them in `columns`.
        if (first) ({ restored, parsed } = loaded);
      } finally {
        if (first) this.loading.delete(key);
      }
    }
    entry.lastUse = ++this.clock;
    const polled = entry.polling.then(() => entry.tail.poll(signal));
    entry.polling = polled.catch(() => undefined);
    const { added, reset } = await polled;
    if (added + parsed >= SIDECAR_MIN_POINTS || reset) this.saveLater(entry.tail);
    this.evict(key);
    return { columns: entry.tail.columns, added: added + restored, reset };
  }

  private async load(key: string, path: string, metric: string): Promise<Loaded> {
    const tail = new SeriesColumnsTail(path, metric);
    const kept = await this.sidecar?.load(path, metric);
    const saved = kept ?? (await this.parseElsewhere(path, metric));
    if (saved) tail.restore(saved);
    const restored = saved?.columns.length ?? 0;
    const entry: Entry = { tail, lastUse: 0, polling: Promise.resolve() };
    this.entries.set(key, entry);
    return { entry, restored, parsed: kept ? 0 : restored };
  }

  /** A whole large file parsed on the pool's threads (undefined: no pool, a small file, or the worker failed). */
  private async parseElsewhere(path: string, metric: string) {
    if (!this.pool) return undefined;
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size < POOL_MIN_BYTES) return undefined;
    return this.pool.parse(path, metric).catch(() => undefined);
  }

  /** Sidecars are written one at a time after the reads, off the path of the answer being waited for. */
  private saveLater(tail: SeriesColumnsTail): void {
    const sidecar = this.sidecar;
    if (!sidecar) return;
    this.saving = this.saving
      .then(() => new Promise((r) => setTimeout(r, 0)))
      .then(() => sidecar.save(tail.path, tail.metricName, () => tail.state()))
      .catch(() => undefined);
  }

  /** Resolves once every sidecar queued so far is written (tests and benchmarks). */
  flushed(): Promise<void> {
    return this.saving;
  }

  get points(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.tail.columns.length;
    return total;
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(keep: string): void {
    let total = this.points;
    if (total <= this.maxPoints) return;
    const byAge = [...this.entries.entries()].filter(([k]) => k !== keep).sort((a, b) => a[1].lastUse - b[1].lastUse);
    for (const [key, entry] of byAge) {
      if (total <= this.maxPoints) break;
      total -= entry.tail.columns.length;
      this.entries.delete(key);
    }
  }
}

/** The x values of a series for an axis mode: steps, epoch milliseconds, or seconds since the first point. */
export function xValues(columns: SeriesColumns, mode: 'step' | 'time' | 'relative', from = 0): Float64Array {
  if (mode === 'step') return columns.step.subarray(from, columns.length);
  if (mode === 'time') return columns.time.subarray(from, columns.length);
  const t0 = columns.length > 0 ? columns.time[0] : 0;
  const out = new Float64Array(columns.length - from);
  for (let i = from; i < columns.length; i++) out[i - from] = (columns.time[i] - t0) / 1000;
  return out;
}
