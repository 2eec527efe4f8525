import { SeriesColumnsTail, type SeriesColumns } from '../../core/tracking/seriesColumns';

interface Entry {
  tail: SeriesColumnsTail;
  lastUse: number;
}

/**
 * Full-resolution metric series kept in the extension host so that zooming re-downsamples without re-reading
 * files, and a running run's new points are read incrementally. Least recently used series are dropped once the
 * cache holds more than `maxPoints` points (24 bytes each).
 */
export class SeriesCache {
  private readonly entries = new Map<string, Entry>();
  private clock = 0;

  constructor(private readonly maxPoints = 20_000_000) {}

  /** The series with everything appended since the last call; `added` counts the new points at its end. */
  async read(path: string, metric: string, signal?: AbortSignal): Promise<{ columns: SeriesColumns; added: number; reset: boolean }> {
    const key = `${path}\0${metric}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { tail: new SeriesColumnsTail(path, metric), lastUse: 0 };
      this.entries.set(key, entry);
    }
    entry.lastUse = ++this.clock;
    const { added, reset } = await entry.tail.poll(signal);
    this.evict(key);
    return { columns: entry.tail.columns, added, reset };
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
