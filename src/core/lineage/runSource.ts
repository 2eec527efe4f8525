import { readdir } from 'node:fs/promises';
import type { RunRecord } from '../tracking/types';
import { throwIfAborted } from '../errors';
import { runDirOf, storePaths } from '../store/layout';
import { isValidRunId } from '../tracking/runId';
import { readRunRecord } from '../tracking/runReader';

const PARALLEL_READS = 16;

/**
 * Every readable run record of a workspace, read from `.mlops/runs/<id>/run.json` (the truth; the index is
 * a cache). Damaged records are skipped: the store's rebuild-index reports them.
 */
export async function listRunRecords(workspace: string, signal?: AbortSignal): Promise<RunRecord[]> {
  const ids = (await readdir(storePaths(workspace).runs).catch(() => [] as string[])).filter(isValidRunId).sort();
  const records: Array<RunRecord | null> = new Array(ids.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      throwIfAborted(signal, 'reading runs');
      const i = next++;
      const result = await readRunRecord(runDirOf(workspace, ids[i]));
      if (result.ok) records[i] = result.record;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, ids.length) }, worker));
  return records.filter((r): r is RunRecord => r !== null);
}
