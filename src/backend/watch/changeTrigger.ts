import { watch, type FSWatcher } from 'node:fs';

export interface ChangeTriggerOptions {
  /** Files or folders to watch. Missing ones are retried on each poll. */
  paths: string[];
  /** Watch folders recursively (default true). */
  recursive?: boolean;
  /** Only changes to these names count (the name fs.watch reports, relative to the watched folder). */
  filter?: (filename: string | null) => boolean;
  /** Poll interval: the fallback when fs.watch misses an event (network drives, some containers). */
  pollMs: number;
  /** Runs the refresh; never two at once, and a change during a run schedules exactly one more. */
  onChange: () => Promise<void>;
  onError?: (err: unknown) => void;
}

/** Calls `onChange` soon after any of `paths` changes, and at least every `pollMs`. */
export class ChangeTrigger {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly options: ChangeTriggerOptions) {
    this.timer = setInterval(() => this.fire(), options.pollMs);
    this.attach();
  }

  /** Runs a refresh now (or right after the one in flight) and resolves when it has run. */
  async flush(): Promise<void> {
    this.fire();
    while (this.running) await this.running;
  }

  fire(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.attach();
          await this.options.onChange();
        } while (this.again && !this.closed);
      } catch (err) {
        this.options.onError?.(err);
      } finally {
        this.running = null;
      }
    })();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private attach(): void {
    for (const path of this.options.paths) {
      if (this.watchers.has(path)) continue;
      try {
        const { recursive = true, filter } = this.options;
        const w = watch(path, { recursive, persistent: false }, (_event, name) => {
          if (!filter || filter(name === null ? null : String(name))) this.fire();
        });
        w.on('error', () => {
          w.close();
          this.watchers.delete(path);
        });
        this.watchers.set(path, w);
      } catch {
        // not there yet: the poll retries
      }
    }
  }
}
