import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { isEventFile, type RunFolder } from './eventFiles';

/** Folders never searched for a run's event files: dependencies, environments, VCS and store folders. */
const SKIP = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'env']);
const MAX_DEPTH = 6;
const MAX_FOLDERS = 5000;

/**
 * The event files a run wrote under its working folder: files named like TensorBoard's whose last change is at or
 * after the run's start (minus a second of clock slack), grouped by folder. Hidden folders (.git, .mlops, .venv) and
 * the folders in SKIP are not searched; the search stops at MAX_DEPTH levels and MAX_FOLDERS folders.
 */
export async function eventFilesWrittenSince(cwd: string, sinceMs: number): Promise<RunFolder[]> {
  const found: RunFolder[] = [];
  const pending: Array<{ dir: string; depth: number }> = [{ dir: cwd, depth: 0 }];
  let visited = 0;
  while (pending.length > 0 && visited++ < MAX_FOLDERS) {
    const { dir, depth } = pending.shift()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files: string[] = [];
    for (const e of entries) {
      if (e.isDirectory()) {
        if (depth < MAX_DEPTH && !e.name.startsWith('.') && !SKIP.has(e.name))
          pending.push({ dir: join(dir, e.name), depth: depth + 1 });
      } else if (e.isFile() && isEventFile(e.name) && (await writtenSince(join(dir, e.name), sinceMs))) {
        files.push(e.name);
      }
    }
    if (files.length > 0) found.push({ relative: relative(cwd, dir).split(sep).join('/'), dir, files: files.sort() });
  }
  return found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

async function writtenSince(path: string, sinceMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && info.mtimeMs >= sinceMs - 1000;
}

/** The same folder listed again (files written since the run started), without searching the tree. */
export async function refreshRunFolder(folder: RunFolder, sinceMs: number): Promise<RunFolder> {
  const entries = await readdir(folder.dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const e of entries)
    if (e.isFile() && isEventFile(e.name) && (await writtenSince(join(folder.dir, e.name), sinceMs)))
      files.push(e.name);
  return { ...folder, files: files.sort() };
}
