import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TailState } from '../../core/tracking/seriesColumns';

export interface ParseRequest {
  id: number;
  path: string;
  metric: string;
}

/** A parsed series comes back as the tail's state, its columns as transferred buffers cut to `length`. */
export type ParseReply =
  | {
      id: number;
      state:
        | (Omit<TailState, 'columns'> & { length: number; step: ArrayBuffer; time: ArrayBuffer; value: ArrayBuffer })
        | null;
    }
  | { id: number; error: string };

export interface SeriesParsePoolOptions {
  /** The bundled worker entry (dist/seriesWorker.js), or a .ts file with `execArgv: ['--require', 'tsx/cjs']`. */
  entry: string;
  execArgv?: string[];
  /** Worker threads at most; by default one per core, at most eight (the host's own thread mostly waits meanwhile). */
  threads?: number;
}

interface Slot {
  worker: Worker;
  busy: number;
}

interface Pending {
  resolve(state: TailState | undefined): void;
  reject(err: Error): void;
  slot: Slot;
}

/**
 * Parses whole metric TSVs on worker threads: a compare of 100 long series then uses every core, and the extension
 * host's own thread stays free for the rest of VS Code. Threads start on demand and do not keep the host alive.
 */
export class SeriesParsePool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly size: number;
  private nextId = 1;
  /** Files parsed so far (tests check that the pool, not the calling thread, did the work). */
  parsed = 0;

  constructor(private readonly options: SeriesParsePoolOptions) {
    this.size = Math.max(1, options.threads ?? Math.min(8, availableParallelism()));
  }

  /** The series from its first byte, or undefined when the file is gone or has no dvclive header yet. */
  parse(path: string, metric: string): Promise<TailState | undefined> {
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<TailState | undefined>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.busy++;
      slot.worker.ref();
      slot.worker.postMessage({ id, path, metric } satisfies ParseRequest);
    });
  }

  dispose(): void {
    for (const slot of this.slots.splice(0)) void slot.worker.terminate();
    this.failAll(new Error('the series parser was closed'));
  }

  private leastBusy(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.start();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private start(): Slot {
    const worker = new Worker(this.options.entry, { execArgv: this.options.execArgv });
    const slot: Slot = { worker, busy: 0 };
    worker.on('message', (reply: ParseReply) => this.settle(reply));
    const lost = (why: string) => {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      for (const [id, p] of [...this.pending]) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(new Error(why));
      }
    };
    worker.on('error', (err) => lost(`the series parser failed: ${err.message}`));
    worker.on('exit', () => lost('the series parser stopped unexpectedly'));
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private settle(reply: ParseReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (--p.slot.busy === 0) p.slot.worker.unref();
    if ('error' in reply) {
      p.reject(new Error(reply.error));
      return;
    }
    this.parsed++;
    const s = reply.state;
    if (!s) {
      p.resolve(undefined);
      return;
    }
    p.resolve({
      offset: s.offset,
      ino: s.ino,
      header: s.header,
      skipped: s.skipped,
      columns: {
        step: new Float64Array(s.step),
        time: new Float64Array(s.time),
        value: new Float64Array(s.value),
        length: s.length,
      },
    });
  }

  private failAll(reason: Error): void {
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }
}
