import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { MetricPoint } from './types';
import { parseTsvHeader, parseTsvRow, type TsvHeader } from './metricLine';

export interface TailBatch {
  points: MetricPoint[];
  /** Complete lines that break the metric line grammar (metricLine.ts), e.g. "abc" as a value or a fourth field. */
  skipped: number;
  /** The file shrank or was replaced: previously returned points are no longer valid. */
  reset: boolean;
}

const CHUNK = 1 << 20;

/**
 * Follows one append-only dvclive TSV file incrementally: each poll reads only the bytes added since the last one.
 * A final line without its newline (a writer killed mid-line) is held back until it is complete.
 */
export class MetricTail {
  private offset = 0;
  private ino = -1;
  private pending = '';
  private header: TsvHeader | undefined;
  private decoder = new StringDecoder('utf8');
  skippedTotal = 0;

  constructor(
    readonly path: string,
    readonly metricName: string,
  ) {}

  /** Bytes of the file consumed so far. */
  get position(): number {
    return this.offset;
  }

  /** Reads what was appended since the last poll, at most `maxBytes` of it (the rest is left for the next poll). */
  async poll(maxBytes = Infinity): Promise<TailBatch> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      return { points: [], skipped: 0, reset: false };
    }
    let reset = false;
    if (info.size < this.offset || (this.ino !== -1 && info.ino !== this.ino)) {
      this.restart();
      reset = true;
    }
    this.ino = info.ino;
    const end = Math.min(info.size, this.offset + maxBytes);
    if (end === this.offset) return { points: [], skipped: 0, reset };
    const handle = await open(this.path, 'r');
    const points: MetricPoint[] = [];
    let skipped = 0;
    try {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, end - this.offset));
      while (this.offset < end) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - this.offset), this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        skipped += this.consume(this.decoder.write(buffer.subarray(0, bytesRead)), points);
      }
    } finally {
      await handle.close();
    }
    this.skippedTotal += skipped;
    return { points, skipped, reset };
  }

  private consume(text: string, out: MetricPoint[]): number {
    const data = this.pending + text;
    const lines = data.split('\n');
    this.pending = lines.pop() ?? '';
    let skipped = 0;
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') continue;
      if (!this.header) {
        if (line.trim() === '') continue;
        this.header = parseTsvHeader(line, this.metricName);
        if (!this.header) skipped++;
        continue;
      }
      const point = parseTsvRow(line, this.header);
      if (point) out.push(point);
      else skipped++;
    }
    return skipped;
  }

  private restart(): void {
    this.offset = 0;
    this.pending = '';
    this.header = undefined;
    this.decoder = new StringDecoder('utf8');
  }
}

/** Reads a whole series once (ignoring a torn final line). */
export async function readMetricSeries(
  path: string,
  metricName: string,
): Promise<{ points: MetricPoint[]; skipped: number }> {
  const tail = new MetricTail(path, metricName);
  const batch = await tail.poll();
  return { points: batch.points, skipped: batch.skipped };
}
