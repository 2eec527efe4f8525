import { CancelledError, errorMessage } from '../../core/errors';
import type { RunId } from '../../core/tracking/types';
import { writeSeriesSidecars } from '../../core/tracking/writeSeriesSidecars';

/**
 * Writes the series sidecars of ended runs in the background, one run after another, so the compare panel finds
 * them parsed already. Nothing here delays or fails a run's end: problems are logged as warnings.
 */
export class SidecarQueue {
  private chain: Promise<void> = Promise.resolve();
  private readonly controller = new AbortController();

  constructor(
    private readonly workspace: string,
    private readonly log: (level: 'warn', message: string) => void,
  ) {}

  add(runId: RunId, runDir: string): void {
    const { signal } = this.controller;
    if (signal.aborted) return;
    this.chain = this.chain
      .then(() => writeSeriesSidecars(this.workspace, runDir, { signal }))
      .then(
        () => undefined,
        (err) => {
          if (!(err instanceof CancelledError)) this.log('warn', `run ${runId}: could not write its series sidecars: ${errorMessage(err)}`);
        },
      );
  }

  /** Resolves once every run queued so far has its sidecars. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Drops what is not written yet; resolves once a sidecar being saved is complete, so none is left half written. */
  close(): Promise<void> {
    this.controller.abort();
    return this.chain;
  }
}
