import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunFolder } from './eventFiles';
import { readFolderText, type FolderText } from './folderText';
import type { FileOffsets } from './readRunFolder';

export interface ReadJob {
  id: number;
  folder: RunFolder;
  previous: FileOffsets;
}

export type ReadReply =
  { id: number; result: FolderText; error?: undefined } | { id: number; error: string; result?: undefined };

/** Where the reader thread's entry is: dist/tbReadWorker.js next to a bundle, else the TypeScript source under tsx. */
function workerEntry(): { file: string; execArgv: string[] } | null {
  const bundled = join(__dirname, 'tbReadWorker.js');
  if (existsSync(bundled)) return { file: bundled, execArgv: [] };
  const source = join(__dirname, 'readWorkerMain.ts');
  if (existsSync(source)) return { file: source, execArgv: ['--require', 'tsx/cjs'] };
  return null;
}

/** Reader threads for a large import: one per core (at most 8), or none for a small one. */
export function defaultThreads(folders: number): number {
  return folders < 8 ? 0 : Math.min(8, availableParallelism(), folders);
}

/**
 * Reads run folders on `threads` worker threads (0: on this one), each result given back in the folders' order
 * while the threads read ahead. The threads end when the iteration ends, finished or not.
 */
export async function* readFolders(
  folders: RunFolder[],
  previous: FileOffsets[],
  threads: number,
): AsyncGenerator<FolderText> {
  const entry = threads > 0 ? workerEntry() : null;
  if (!entry) {
    for (let i = 0; i < folders.length; i++) yield await readFolderText(folders[i], previous[i]);
    return;
  }
  const pending = new Map<number, { resolve: (r: FolderText) => void; reject: (e: Error) => void }>();
  const results = folders.map(
    (_, id) => new Promise<FolderText>((resolve, reject) => pending.set(id, { resolve, reject })),
  );
  // Unobserved rejections of results never awaited (an iteration ended early) are not errors.
  for (const r of results) r.catch(() => undefined);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(threads, folders.length) },
    () => new Worker(entry.file, { execArgv: entry.execArgv }),
  );
  const feed = (worker: Worker) => {
    if (next >= folders.length) return;
    const id = next++;
    worker.postMessage({ id, folder: folders[id], previous: previous[id] } satisfies ReadJob);
  };
  for (const worker of workers) {
    worker.on('message', (reply: ReadReply) => {
      const waiter = pending.get(reply.id)!;
      pending.delete(reply.id);
      if (reply.error !== undefined) waiter.reject(new Error(reply.error));
      else waiter.resolve(reply.result);
      feed(worker);
    });
    worker.on('error', (err) => {
      for (const w of pending.values()) w.reject(err);
      pending.clear();
    });
    // Two jobs in flight per thread, so a thread never waits for the main one to hand it the next.
    feed(worker);
    feed(worker);
  }
  try {
    for (const result of results) yield await result;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
