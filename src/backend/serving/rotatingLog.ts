/**
 * An append-only JSON Lines log rotated by size, for one writer process. Lines queued while a write is in flight
 * are written together in the next single write, so a burst of requests costs one system call, and every write
 * holds whole lines only: a crash can lose the lines not yet written, never leave half of one.
 */
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { listLogFiles, logFileName, type LogKind } from '../../core/monitor/deploymentFiles';

export interface RotatingLogOptions {
  dir: string;
  kind: LogKind;
  /** A file that reached this size is closed and the next lines go to a new one (default 16 MiB). */
  maxBytes?: number;
}

export const DEFAULT_LOG_MAX_BYTES = 16 * 1024 * 1024;

export class RotatingLog {
  private handle: FileHandle | null = null;
  private seq = 0;
  private size = 0;
  private pending: string[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private readonly maxBytes: number;

  constructor(private readonly options: RotatingLogOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  }

  /** Queues records; resolves once they are written (rejects if the write failed). */
  append(records: readonly unknown[]): Promise<void> {
    for (const r of records) this.pending.push(JSON.stringify(r) + '\n');
    return this.flush();
  }

  flush(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  get currentFile(): string | null {
    return this.seq > 0 ? join(this.options.dir, logFileName(this.options.kind, this.seq)) : null;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    await this.handle?.close();
    this.handle = null;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const text = this.pending.join('');
        this.pending = [];
        const bytes = Buffer.from(text, 'utf8');
        const handle = await this.fileFor(bytes.length);
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, null);
          written += bytesWritten;
        }
        this.size += bytes.length;
      }
    } catch (err) {
      this.failure = err as Error;
      throw err;
    }
  }

  private async fileFor(incoming: number): Promise<FileHandle> {
    if (this.handle && (this.size === 0 || this.size + incoming <= this.maxBytes)) return this.handle;
    if (!this.handle) {
      await mkdir(this.options.dir, { recursive: true });
      const last = (await listLogFiles(this.options.dir, this.options.kind)).at(-1);
      if (last) {
        this.seq = last.seq;
        this.size = (await stat(last.path)).size;
        const fits = this.size === 0 || this.size + incoming <= this.maxBytes;
        if (fits && (await endsWithNewline(last.path, this.size))) return this.openCurrent();
      }
    } else {
      await this.handle.close();
      this.handle = null;
    }
    this.seq += 1;
    this.size = 0;
    return this.openCurrent();
  }

  private async openCurrent(): Promise<FileHandle> {
    this.handle = await open(join(this.options.dir, logFileName(this.options.kind, this.seq)), 'a');
    return this.handle;
  }
}

/** A file left by a crash in the middle of a line is not appended to: the next line would be glued to it. */
async function endsWithNewline(path: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  const handle = await open(path, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
