import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MlopsError } from '../../core/errors';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import { runPaths } from '../../core/store/layout';
import type { RunRecord } from '../../core/tracking/types';

/** The store lock is the `.mlops/store.lock` folder the runner takes (proper-lockfile): older than this, its holder died. */
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 10_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Merges `patch` (tags key by key) into a run's run.json under the store lock, synchronously, as the runner does.
 * Returns the record written, or undefined when the folder has no run.json.
 */
export function patchRunRecordSync(runDir: string, patch: Partial<RunRecord>): RunRecord | undefined {
  return withStoreLockSync(runDir, () => {
    const path = runPaths(runDir).record;
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
    } catch {
      return undefined;
    }
    const merged: RunRecord = { ...record, ...patch, ...(patch.tags ? { tags: { ...record.tags, ...patch.tags } } : {}) };
    writeJsonAtomicSync(path, merged);
    return merged;
  });
}

/** Holds the workspace's store lock around `fn` when the run folder is in a store (`<workspace>/.mlops/runs/<id>`). */
function withStoreLockSync<T>(runDir: string, fn: () => T): T {
  const runs = dirname(runDir);
  const store = dirname(runs);
  if (basename(runs) !== 'runs' || basename(store) !== '.mlops') return fn();
  const lock = join(store, 'store.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let stale = false;
    try {
      stale = Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS;
    } catch {
      continue;
    }
    if (stale) {
      try {
        rmdirSync(lock);
      } catch {
        // another process took or removed it first
      }
    } else if (Date.now() > deadline) {
      throw new MlopsError(`could not lock ${lock} to update run.json`, 'conflict', 'Another mlops process holds the store lock; if none is running, delete .mlops/store.lock.');
    } else {
      Atomics.wait(sleeper, 0, 0, 20);
    }
  }
  try {
    return fn();
  } finally {
    try {
      rmdirSync(lock);
    } catch {
      // already gone
    }
  }
}
