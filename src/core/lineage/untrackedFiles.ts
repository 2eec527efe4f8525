import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { throwIfAborted } from '../errors';

export const UNTRACKED_DIR = 'untracked';
/** Untracked paths listed in run.json at most. */
export const UNTRACKED_LIST_LIMIT = 1000;
/** An untracked file is copied when it is at most this big … */
export const UNTRACKED_FILE_LIMIT = 256 * 1024;
/** … and while the copies stay under this total. */
export const UNTRACKED_TOTAL_LIMIT = 4 * 1024 * 1024;

/**
 * Copies small untracked regular files (repo-relative `paths` under `repoTop`) to `<runDir>/untracked/`,
 * keeping their relative paths, byte for byte. Returns the paths copied; big files, links and anything over
 * the total budget are only listed in run.json, never copied.
 */
export async function saveUntrackedFiles(
  repoTop: string,
  paths: string[],
  runDir: string,
  signal?: AbortSignal,
): Promise<string[]> {
  const saved: string[] = [];
  let total = 0;
  for (const path of paths) {
    throwIfAborted(signal, 'saving untracked files');
    if (total >= UNTRACKED_TOTAL_LIMIT) break;
    const source = join(repoTop, path);
    const stat = await fs.lstat(source).catch(() => null);
    if (!stat?.isFile() || stat.size > UNTRACKED_FILE_LIMIT || total + stat.size > UNTRACKED_TOTAL_LIMIT) continue;
    const target = join(runDir, UNTRACKED_DIR, path);
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.copyFile(source, target);
    total += stat.size;
    saved.push(path);
  }
  return saved;
}
