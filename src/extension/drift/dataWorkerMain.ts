/** Entry of the data worker thread (dist/dataWorker.js): runs one data job at a time for the extension host. */
import { parentPort } from 'node:worker_threads';
import { MlopsError } from '../../core/errors';
import { runDataJob, TableCache } from './dataJobs';
import type { WorkerReply, WorkerRequest } from './dataWorker';

const cache = new TableCache();
const running = new Map<number, AbortController>();
const port = parentPort;
if (!port) throw new Error('dataWorkerMain runs as a worker thread');

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    running.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(message.id, controller);
  const reply = (r: WorkerReply) => port.postMessage(r);
  runDataJob(message.job, cache, controller.signal, (progress) => reply({ type: 'progress', id: message.id, progress }))
    .then((result) => reply({ type: 'result', id: message.id, result }))
    .catch((err: unknown) => {
      const e = err instanceof MlopsError ? err : new MlopsError((err as Error)?.message ?? String(err), 'internal');
      reply({ type: 'error', id: message.id, error: { message: e.message, kind: e.kind, hint: e.hint } });
    })
    .finally(() => running.delete(message.id));
});
