import type { Disposable } from 'vscode';

/**
 * Sits between file events and models: jobs are keyed, so a burst of events for one thing runs its job once, and
 * a burst over many things runs each one's job; one job is in flight at a time; `whenIdle` resolves when nothing
 * is pending.
 */
export class RefreshManager implements Disposable {
  private readonly pending = new Map<string, () => Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly delayMs = 100,
    private readonly onError: (key: string, err: unknown) => void = () => undefined,
  ) {}

  schedule(key: string, job: () => Promise<void>): void {
    if (this.disposed) return;
    this.pending.set(key, job);
    // The delay counts from the first event of a burst, not the last: a steady stream of events must not starve the jobs.
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, this.delayMs);
  }

  whenIdle(): Promise<void> {
    if (!this.timer && !this.draining && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      while (this.pending.size > 0 && !this.disposed) {
        const [key, job] = this.pending.entries().next().value as [string, () => Promise<void>];
        this.pending.delete(key);
        try {
          await job();
        } catch (err) {
          this.onError(key, err);
        }
      }
    })();
    await this.draining;
    this.draining = undefined;
    if (!this.timer && this.pending.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
    for (const w of this.idleWaiters) w();
    this.idleWaiters = [];
  }
}
