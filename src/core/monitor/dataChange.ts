/** The data-change trigger: which declared data files hash differently from the last check. */
import { hashInputs } from '../lineage/dataHashing';
import type { ExperimentSpec } from '../spec/types';

/** Data paths an experiment declares: a list, or the tfjs trainer's train/test files. */
export function experimentDataPaths(experiment: ExperimentSpec | undefined): string[] {
  const data = experiment?.data;
  if (!data) return [];
  if (Array.isArray(data)) return [...data];
  return [data.train, ...(data.test ? [data.test] : [])];
}

export interface DataHashes {
  current: Record<string, string>;
  changed: Array<{ path: string; sha256: string; previous: string | null }>;
}

/** Hashes `paths` and compares with `previous` (null on the first check: nothing counts as changed). */
export async function compareDataHashes(
  workspace: string,
  paths: string[],
  previous: Record<string, string> | null,
  signal?: AbortSignal,
): Promise<DataHashes> {
  if (paths.length === 0) return { current: {}, changed: [] };
  const hashed = await hashInputs(workspace, paths, { signal });
  const current: Record<string, string> = {};
  for (const h of hashed) if (h.sha256) current[h.path] = h.sha256;
  if (!previous) return { current, changed: [] };
  const changed = Object.entries(current)
    .filter(([path, sha]) => previous[path] !== undefined && previous[path] !== sha)
    .map(([path, sha256]) => ({ path, sha256, previous: previous[path] ?? null }));
  return { current, changed };
}
