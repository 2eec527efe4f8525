import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { runPaths } from '../store/layout';

export interface ArtifactEntry {
  /** Relative to the run's artifacts folder, posix separators. */
  path: string;
  bytes: number;
}

/** Files under a run's artifacts/ folder, breadth-first, at most `limit` of them. */
export async function listArtifacts(
  runDir: string,
  limit = 2000,
): Promise<{ entries: ArtifactEntry[]; truncated: boolean }> {
  const root = runPaths(runDir).artifacts;
  const entries: ArtifactEntry[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let items;
    try {
      items = await readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    items.sort((a, b) => a.name.localeCompare(b.name));
    for (const item of items) {
      const full = join(dir, item.name);
      if (item.isDirectory()) queue.push(full);
      else if (item.isFile()) {
        if (entries.length >= limit) return { entries, truncated: true };
        const bytes = await stat(full).then(
          (s) => s.size,
          () => 0,
        );
        entries.push({ path: relative(root, full).split(sep).join('/'), bytes });
      }
    }
  }
  return { entries, truncated: false };
}
