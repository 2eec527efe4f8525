import { open, stat } from 'node:fs/promises';
import { throwIfAborted } from '../errors';
import { parseRowBytes, parseTsvHeader, type RowFields, type TsvHeader } from './metricLine';

/** A metric series as parallel typed arrays; `length` is the number of valid entries. */
export interface SeriesColumns {
  step: Float64Array;
  time: Float64Array;
  value: Float64Array;
  length: number;
}

const CHUNK = 4 << 20;
const NL = 10;

/** Everything a tail needs to carry on from where it stopped, e.g. after being saved to and loaded from disk. */
export interface TailState {
  /** Bytes of the file consumed as whole lines. */
  offset: number;
  ino: number;
  header: TsvHeader;
  skipped: number;
  columns: SeriesColumns;
}

/**
 * Follows a dvclive TSV file into typed columns, reading only appended bytes on each poll. It parses bytes directly
 * (no per-line strings), which is what makes 100 series of 100,000 points load in well under a second.
 * Rows follow the grammar in metricLine.ts: what `parseTsvRow` rejects is skipped and counted the same way here.
 */
export class SeriesColumnsTail {
  private offset = 0;
  private ino = -1;
  private pending: Buffer = Buffer.alloc(0);
  private header: TsvHeader | undefined;
  /** The chunk being parsed as latin1 text, for the few numbers that need the string parser. */
  private text = '';
  private readonly row: RowFields = { step: 0, time: 0, value: 0 };
  private data: SeriesColumns = {
    step: new Float64Array(256),
    time: new Float64Array(256),
    value: new Float64Array(256),
    length: 0,
  };
  skipped = 0;

  constructor(
    readonly path: string,
    readonly metricName: string,
  ) {}

  get columns(): SeriesColumns {
    return this.data;
  }

  /** The state after the last poll (undefined before a header was read); shares the column arrays. */
  state(): TailState | undefined {
    if (!this.header) return undefined;
    return {
      offset: this.offset - this.pending.length,
      ino: this.ino,
      header: this.header,
      skipped: this.skipped,
      columns: this.data,
    };
  }

  /** Continues from a saved state: the next poll reads only what the file gained after `state.offset`. */
  restore(state: TailState): void {
    this.offset = state.offset;
    this.ino = state.ino;
    this.header = state.header;
    this.skipped = state.skipped;
    this.pending = Buffer.alloc(0);
    this.data = state.columns;
  }

  /** Reads what was appended; `added` new points now sit at the end of `columns`. `reset`: the file was replaced. */
  async poll(signal?: AbortSignal): Promise<{ added: number; reset: boolean }> {
    let info;
    try {
      info = await stat(this.path);
    } catch {
      return { added: 0, reset: false };
    }
    let reset = false;
    if (info.size < this.offset || (this.ino !== -1 && info.ino !== this.ino)) {
      this.offset = 0;
      this.pending = Buffer.alloc(0);
      this.header = undefined;
      this.data.length = 0;
      reset = true;
    }
    this.ino = info.ino;
    if (info.size === this.offset) return { added: 0, reset };
    const before = this.data.length;
    const handle = await open(this.path, 'r');
    try {
      while (this.offset < info.size) {
        throwIfAborted(signal, 'reading metrics');
        const want = Math.min(CHUNK, info.size - this.offset);
        const chunk = Buffer.allocUnsafe(this.pending.length + want);
        this.pending.copy(chunk, 0);
        const { bytesRead } = await handle.read(chunk, this.pending.length, want, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const filled = chunk.subarray(0, this.pending.length + bytesRead);
        const consumed = this.consume(filled);
        this.pending = Buffer.from(filled.subarray(consumed));
      }
    } finally {
      await handle.close();
    }
    return { added: this.data.length - before, reset };
  }

  /** Parses every complete line in `buf`; returns how many bytes were used. */
  private consume(buf: Buffer): number {
    this.text = buf.toString('latin1');
    let start = 0;
    for (;;) {
      const end = buf.indexOf(NL, start);
      if (end < 0) return start;
      this.line(buf, start, end > start && buf[end - 1] === 13 ? end - 1 : end);
      start = end + 1;
    }
  }

  private line(buf: Buffer, a: number, b: number): void {
    if (b <= a) return;
    if (!this.header) {
      const text = buf.toString('utf8', a, b);
      if (text.trim() === '') return;
      this.header = parseTsvHeader(text, this.metricName);
      if (!this.header) this.skipped++;
      return;
    }
    if (!parseRowBytes(buf, a, b, this.header, this.row, this.text)) {
      this.skipped++;
      return;
    }
    this.push(this.row.step, this.row.time, this.row.value);
  }

  private push(step: number, time: number, value: number): void {
    let d = this.data;
    if (d.length === d.step.length) {
      const grow = (a: Float64Array) => {
        const next = new Float64Array(a.length * 2);
        next.set(a);
        return next;
      };
      this.data = d = { step: grow(d.step), time: grow(d.time), value: grow(d.value), length: d.length };
    }
    d.step[d.length] = step;
    d.time[d.length] = time;
    d.value[d.length] = value;
    d.length++;
  }
}
