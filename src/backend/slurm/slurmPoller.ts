import { errorMessage } from '../../core/errors';
import { squeueJobs } from './slurmCommands';
import type { SlurmJobInfo } from './slurmStates';

export interface JobListener {
  /** Each poll while squeue lists the job. */
  seen(info: SlurmJobInfo): void;
  /** squeue no longer lists it (ended, or forgotten). */
  gone(): void;
}

/**
 * One `squeue` call per interval for every job this process watches, however many (a sweep's trials), rather than one
 * per job: a login node's controller is shared by everyone.
 */
export class SlurmPoller {
  private readonly listeners = new Map<string, JobListener>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(
    private readonly intervalMs: number,
    private readonly log: (level: 'warn', message: string) => void,
  ) {}

  watch(jobId: string, listener: JobListener): () => void {
    this.listeners.set(jobId, listener);
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    void this.poll();
    return () => {
      if (this.listeners.get(jobId) === listener) this.listeners.delete(jobId);
      if (this.listeners.size === 0) this.close();
    };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.listeners.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.listeners.keys()];
      const found = await squeueJobs(ids);
      for (const id of ids) {
        const listener = this.listeners.get(id);
        const info = found.get(id);
        if (!listener) continue;
        if (info) listener.seen(info);
        else listener.gone();
      }
    } catch (err) {
      // A controller that does not answer for a while leaves the jobs as they were; the next poll tries again.
      this.log('warn', `squeue: ${errorMessage(err)}`);
    } finally {
      this.polling = false;
    }
  }
}
