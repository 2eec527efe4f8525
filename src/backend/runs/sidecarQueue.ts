import { CancelledError, errorMessage } from '../../core/errors';
import type { RunId } from '../../core/tracking/types';
import { writeSeriesSidecars } from '../../core/tracking/writeSeriesSidecars';

/**
 * Writes runs' series sidecars in the background, one job after another, so the compare panel finds them parsed
 * already: while a run is running, every `followEveryMs` its sidecars get the points logged since (appended, the
 * TSVs' new bytes only); when it ends, once more to catch the last ones. An ended run's series are thus never parsed
 * from their TSV by the panel. Nothing here delays or fails a run: problems are logged as warnings.
 */
export class SidecarQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly controller = new AbortController();
  private readonly following = new Map<RunId, { timer: NodeJS.Timeout; queued: boolean }>();

  constructor(
    private readonly workspace: string,
    private readonly log: (level: 'warn', message: string) => void,
    private readonly followEveryMs = 10_000,
  ) {}

  /** Keeps a running run's sidecars current until `add` is called for it (its end) or the queue closes. */
  follow(runId: RunId, runDir: string): void {
    if (this.controller.signal.aborted || this.following.has(runId)) return;
    const entry = {
      queued: false,
      timer: setInterval(() => {
        if (entry.queued) return;
        entry.queued = true;
        this.enqueue(runId, runDir, () => (entry.queued = false));
      }, this.followEveryMs),
    };
    entry.timer.unref();
    this.following.set(runId, entry);
  }

  /** A run ended: its sidecars get what was logged last, and following it stops. */
  add(runId: RunId, runDir: string): void {
    this.unfollow(runId);
    this.enqueue(runId, runDir);
  }

  /** Resolves once every run queued so far has its sidecars. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Drops what is not written yet; resolves once a sidecar being saved is complete, so none is left half written. */
  close(): Promise<void> {
    for (const runId of [...this.following.keys()]) this.unfollow(runId);
    this.controller.abort();
    return this.chain;
  }

  private unfollow(runId: RunId): void {
    const entry = this.following.get(runId);
    if (!entry) return;
    clearInterval(entry.timer);
    this.following.delete(runId);
  }

  private enqueue(runId: RunId, runDir: string, done?: () => void): void {
    const { signal } = this.controller;
    if (signal.aborted) return;
    this.chain = this.chain
      .then(() => writeSeriesSidecars(this.workspace, runDir, { signal }))
      .then(
        () => undefined,
        (err) => {
          if (!(err instanceof CancelledError))
            this.log('warn', `run ${runId}: could not write its series sidecars: ${errorMessage(err)}`);
        },
      )
      .finally(done);
  }
}
