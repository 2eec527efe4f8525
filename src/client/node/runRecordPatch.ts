import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import { runPaths } from '../../core/store/layout';
import { withStoreLockSync } from '../../core/store/storeLock';
import type { RunRecord } from '../../core/tracking/types';

/**
 * Merges `patch` (tags key by key) into a run's run.json under the store lock, synchronously, as the runner does.
 * Returns the record written, or undefined when the folder has no run.json.
 */
export function patchRunRecordSync(runDir: string, patch: Partial<RunRecord>): RunRecord | undefined {
  return withRunStoreLock(runDir, () => {
    const path = runPaths(runDir).record;
    let record: RunRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
    } catch {
      return undefined;
    }
    const merged: RunRecord = {
      ...record,
      ...patch,
      ...(patch.tags ? { tags: { ...record.tags, ...patch.tags } } : {}),
    };
    writeJsonAtomicSync(path, merged);
    return merged;
  });
}

/** Holds the workspace's store lock around `fn` when the run folder is in a store (`<workspace>/.mlops/runs/<id>`). */
function withRunStoreLock<T>(runDir: string, fn: () => T): T {
  const runs = dirname(runDir);
  const store = dirname(runs);
  if (basename(runs) !== 'runs' || basename(store) !== '.mlops') return fn();
  return withStoreLockSync(store, fn);
}
