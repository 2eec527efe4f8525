import { readFile, rename } from 'node:fs/promises';
import { writeJsonAtomic } from '../../core/store/atomicWrite';
import { storePaths } from '../../core/store/layout';
import { withStoreLock } from '../../core/store/storeLock';
import { emptyQueue, type QueueState } from './queueState';

function normalise(value: unknown): QueueState {
  const base = emptyQueue();
  if (!value || typeof value !== 'object') return base;
  const v = value as Partial<QueueState>;
  return {
    version: 1,
    concurrency: Number.isInteger(v.concurrency) && v.concurrency! >= 1 ? v.concurrency! : base.concurrency,
    allowGpuSharing: v.allowGpuSharing === true,
    items: Array.isArray(v.items) ? v.items.filter((i) => i && typeof i.runId === 'string') : [],
    active: Array.isArray(v.active)
      ? v.active.filter((a) => a && typeof a.runId === 'string' && Array.isArray(a.gpus))
      : [],
  };
}

/**
 * Reads `.mlops/queue.json` without the lock (it is only ever replaced atomically). A corrupt file is moved aside,
 * never silently emptied: queued runs keep their run.json (status `queued`) and launch.json either way.
 */
export async function readQueue(workspace: string): Promise<QueueState> {
  const path = storePaths(workspace).queue;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return emptyQueue();
  }
  try {
    return normalise(JSON.parse(text));
  } catch {
    await rename(path, `${path}.corrupt-${Date.now()}`).catch(() => undefined);
    return emptyQueue();
  }
}

/**
 * Read-modify-write of the queue under the store lock. `change` must not take the store lock itself
 * (no RunStore writes inside); it may read run folders.
 */
export async function updateQueue<T>(
  workspace: string,
  change: (state: QueueState) => T | Promise<T>,
): Promise<{ state: QueueState; result: T }> {
  return withStoreLock(workspace, async () => {
    const state = await readQueue(workspace);
    const result = await change(state);
    await writeJsonAtomic(storePaths(workspace).queue, state);
    return { state, result };
  });
}
