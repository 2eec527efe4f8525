import { watch, type FSWatcher } from 'chokidar';
import { readRunRecord } from '../core/tracking/runReader';
import { runPaths } from '../core/store/layout';
import type { RunId } from '../core/tracking/types';

interface Pending {
  watcher: FSWatcher;
  timer: NodeJS.Timeout;
  giveUpAt: number;
  checking: boolean;
  checkAgain: boolean;
}

export interface PendingRunFoldersOptions {
  recheckMs: number;
  giveUpMs: number;
}

/**
 * A run folder can appear before its run.json is written (a logging client makes the folder, then the record).
 * Such a folder is kept here and re-checked — when its run.json is written, and on a short schedule in case that
 * event is missed — until the record reads, then `onReady` is called once; it is dropped after `giveUpMs`.
 */
export class PendingRunFolders {
  private readonly pending = new Map<RunId, Pending>();
  private disposed = false;

  constructor(
    private readonly runDir: (id: RunId) => string,
    private readonly onReady: (id: RunId) => void,
    private readonly options: PendingRunFoldersOptions = { recheckMs: 250, giveUpMs: 60_000 },
  ) {}

  /** Calls `onReady(id)` as soon as the folder's run.json reads as a record. */
  add(id: RunId): void {
    if (this.disposed || this.pending.has(id)) return;
    const dir = this.runDir(id);
    const record = runPaths(dir).record;
    const watcher = watch(dir, { ignoreInitial: true, depth: 0, ignored: (p) => p !== dir && p !== record });
    watcher.on('all', () => void this.check(id));
    watcher.on('error', () => undefined);
    const timer = setInterval(() => void this.check(id), this.options.recheckMs);
    this.pending.set(id, {
      watcher,
      timer,
      giveUpAt: Date.now() + this.options.giveUpMs,
      checking: false,
      checkAgain: false,
    });
    void this.check(id);
  }

  forget(id: RunId): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearInterval(entry.timer);
    void entry.watcher.close();
  }

  get size(): number {
    return this.pending.size;
  }

  private async check(id: RunId): Promise<void> {
    const entry = this.pending.get(id);
    if (!entry) return;
    if (entry.checking) {
      entry.checkAgain = true;
      return;
    }
    entry.checking = true;
    let ready = false;
    try {
      do {
        entry.checkAgain = false;
        ready = (await readRunRecord(this.runDir(id))).ok;
      } while (!ready && entry.checkAgain && this.pending.get(id) === entry);
    } finally {
      entry.checking = false;
    }
    if (this.pending.get(id) !== entry) return;
    if (ready) {
      this.forget(id);
      this.onReady(id);
    } else if (Date.now() >= entry.giveUpAt) {
      this.forget(id);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.forget(id);
  }
}
