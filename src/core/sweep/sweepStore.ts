/** Sweep records on disk: `.mlops/sweeps/<id>/sweep.json`, written with temp + rename under the store lock. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MlopsError } from '../errors';
import { writeJsonAtomic } from '../store/atomicWrite';
import { storePaths } from '../store/layout';
import { withStoreLock } from '../store/storeLock';
import type { SweepRecord } from './types';

export const sweepsDir = (workspace: string) => join(storePaths(workspace).root, 'sweeps');
export const sweepFile = (workspace: string, id: string) => join(sweepsDir(workspace), id, 'sweep.json');

const ID_PATTERN = /^[0-9a-z]+$/;

export async function readSweep(workspace: string, id: string): Promise<SweepRecord | undefined> {
  if (!ID_PATTERN.test(id)) return undefined;
  try {
    return JSON.parse(await readFile(sweepFile(workspace, id), 'utf8')) as SweepRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new MlopsError(
      `sweep ${id} has an unreadable sweep.json: ${(err as Error).message}`,
      'io',
      `Look at ${sweepFile(workspace, id)}.`,
    );
  }
}

/** Every sweep, newest first; unreadable records are skipped. */
export async function listSweeps(workspace: string): Promise<SweepRecord[]> {
  const ids = await readdir(sweepsDir(workspace)).catch(() => [] as string[]);
  const records = await Promise.all(
    ids.filter((id) => ID_PATTERN.test(id)).map((id) => readSweep(workspace, id).catch(() => undefined)),
  );
  return records.filter((r): r is SweepRecord => r !== undefined).sort((a, b) => b.id.localeCompare(a.id));
}

/** The sweep whose id is `idOrPrefix` or starts with it (unique). */
export async function resolveSweep(workspace: string, idOrPrefix: string): Promise<SweepRecord> {
  const exact = await readSweep(workspace, idOrPrefix);
  if (exact) return exact;
  const matches = (await listSweeps(workspace)).filter((s) => s.id.startsWith(idOrPrefix));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1)
    throw new MlopsError(
      `sweep id '${idOrPrefix}' is ambiguous (${matches.length} sweeps)`,
      'bad-input',
      'Give more characters of the id.',
    );
  throw new MlopsError(
    `no sweep '${idOrPrefix}'`,
    'not-found',
    'List sweeps in the Experiments view, or look in .mlops/sweeps/.',
  );
}

export async function writeNewSweep(workspace: string, record: SweepRecord): Promise<void> {
  await withStoreLock(workspace, () => writeJsonAtomic(sweepFile(workspace, record.id), record));
}

/** Reads, changes and writes a sweep in one locked step; `change` returns the new record (or mutates and returns it). */
export async function updateSweep(
  workspace: string,
  id: string,
  change: (record: SweepRecord) => SweepRecord | Promise<SweepRecord>,
): Promise<SweepRecord> {
  return withStoreLock(workspace, async () => {
    const current = await readSweep(workspace, id);
    if (!current) throw new MlopsError(`no sweep '${id}'`, 'not-found');
    const next = await change(current);
    await writeJsonAtomic(sweepFile(workspace, id), next);
    return next;
  });
}
