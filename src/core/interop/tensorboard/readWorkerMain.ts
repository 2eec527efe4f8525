/** Entry of a TensorBoard reader thread (dist/tbReadWorker.js): reads and formats one run folder per message. */
import { parentPort } from 'node:worker_threads';
import { readFolderText } from './folderText';
import type { ReadJob, ReadReply } from './readerPool';

parentPort!.on('message', (job: ReadJob) => {
  readFolderText(job.folder, job.previous).then(
    (result) => parentPort!.postMessage({ id: job.id, result } satisfies ReadReply),
    (err: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        error: err instanceof Error ? err.message : String(err),
      } satisfies ReadReply),
  );
});
