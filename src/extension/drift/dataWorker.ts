import { Worker } from 'node:worker_threads';
import { CancelledError, MlopsError, type ErrorKind } from '../../core/errors';
import type { DataJob, DataJobResult, JobProgress } from './dataJobs';

export type WorkerRequest = { type: 'run'; id: number; job: DataJob } | { type: 'cancel'; id: number };
export type WorkerReply =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'result'; id: number; result: DataJobResult }
  | { type: 'error'; id: number; error: { message: string; kind: ErrorKind; hint?: string } };

/** How long a cancelled job may take to notice before the thread is terminated. */
const CANCEL_GRACE_MS = 1500;

export interface DataWorkerOptions {
  /** The bundled worker entry (dist/dataWorker.js), or a .ts file with `execArgv: ['--require', 'tsx/cjs']`. */
  entry: string;
  execArgv?: string[];
}

interface Pending {
  resolve(result: DataJobResult): void;
  reject(err: unknown): void;
  progress(p: JobProgress): void;
}

/**
 * Reading and testing a million rows happens on a worker thread, so the extension host never stalls. The thread
 * starts on the first job, keeps its table cache between jobs, and is terminated when a cancelled job does not
 * stop in time or when the owner disposes it.
 */
export class DataWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: DataWorkerOptions) {}

  run(job: DataJob, signal: AbortSignal, progress: (p: JobProgress) => void = () => undefined): Promise<DataJobResult> {
    if (signal.aborted) return Promise.reject(new CancelledError(job.kind === 'profile' ? 'profile' : 'drift report'));
    const worker = this.thread();
    const id = this.nextId++;
    return new Promise<DataJobResult>((resolve, reject) => {
      let grace: NodeJS.Timeout | undefined;
      const cancelled = () => new CancelledError(job.kind === 'profile' ? 'profile' : 'drift report');
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
        grace = setTimeout(() => this.terminate(cancelled()), CANCEL_GRACE_MS);
      };
      const settle = () => {
        signal.removeEventListener('abort', onAbort);
        if (grace) clearTimeout(grace);
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker?.unref();
      };
      this.pending.set(id, {
        // The thread may finish while the cancel is on its way (a synchronous step never sees it): once the user
        // cancelled, the job ends cancelled and its result is dropped.
        resolve: (r) => (settle(), signal.aborted ? reject(cancelled()) : resolve(r)),
        reject: (e) => (settle(), reject(e)),
        progress,
      });
      signal.addEventListener('abort', onAbort, { once: true });
      worker.ref();
      worker.postMessage({ type: 'run', id, job } satisfies WorkerRequest);
    });
  }

  dispose(): void {
    this.terminate(new CancelledError('data job'));
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.entry, { execArgv: this.options.execArgv });
    worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.type === 'progress') p.progress(reply.progress);
      else if (reply.type === 'result') p.resolve(reply.result);
      else
        p.reject(
          reply.error.kind === 'cancelled'
            ? new CancelledError(reply.error.message.replace(/ cancelled$/, ''))
            : new MlopsError(reply.error.message, reply.error.kind, reply.error.hint),
        );
    });
    worker.on('error', (err) => this.terminate(new MlopsError(`the data worker failed: ${err.message}`, 'internal')));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new MlopsError('the data worker stopped unexpectedly', 'internal', 'Run the command again.'));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private terminate(reason: unknown): void {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(reason);
    void worker?.terminate();
  }

  private failAll(reason: unknown): void {
    for (const p of [...this.pending.values()]) p.reject(reason);
    this.pending.clear();
  }
}
