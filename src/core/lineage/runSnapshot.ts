import { MlopsError } from '../errors';
import { FileRunStore } from '../store/fileRunStore';
import { readParams } from '../tracking/runReader';
import type { RunSnapshot } from './runDiff';

/** A run's record and params, by full id or unique prefix, ready for `diffRuns`. */
export async function loadRunSnapshot(workspace: string, idOrPrefix: string): Promise<RunSnapshot> {
  const store = new FileRunStore(workspace);
  const id = await store.resolveRunId(idOrPrefix);
  const record = await store.getRun(id);
  if (!record)
    throw new MlopsError(
      `run ${id} has a missing or corrupt run.json`,
      'not-found',
      'Inspect its folder under .mlops/runs/.',
    );
  return { record, params: await readParams(store.runDir(id), record) };
}
