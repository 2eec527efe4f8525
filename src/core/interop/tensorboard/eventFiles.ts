import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { throwIfAborted } from '../../errors';

/** TensorBoard's own test for an event file (tensorboard/backend/event_processing/io_wrapper.py). */
export const isEventFile = (name: string): boolean => name.includes('tfevents');

export interface RunFolder {
  /** Relative to the log folder, posix separators; '' for the log folder itself. */
  relative: string;
  dir: string;
  /** Event file names, in the order they were written (their names start with the writer's timestamp). */
  files: string[];
}

/** Every folder under `logdir` that holds event files (hidden folders and .mlops skipped), in path order. */
export async function findRunFolders(logdir: string, signal?: AbortSignal): Promise<RunFolder[]> {
  const found: RunFolder[] = [];
  const pending = [logdir];
  while (pending.length > 0) {
    throwIfAborted(signal, 'import');
    const dir = pending.pop() as string;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const files: string[] = [];
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) pending.push(join(dir, e.name));
      else if (e.isFile() && isEventFile(e.name)) files.push(e.name);
    }
    if (files.length > 0) {
      files.sort(byWriteOrder);
      found.push({ relative: relative(logdir, dir).split(sep).join('/'), dir, files });
    }
  }
  return found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

/** `events.out.tfevents.<seconds>.<host>…`: by the timestamp, then by name. */
function byWriteOrder(a: string, b: string): number {
  const ta = Number(/tfevents\.(\d+)/.exec(a)?.[1] ?? 0);
  const tb = Number(/tfevents\.(\d+)/.exec(b)?.[1] ?? 0);
  return ta - tb || (a < b ? -1 : a > b ? 1 : 0);
}
