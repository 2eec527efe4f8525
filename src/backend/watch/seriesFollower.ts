import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { MetricTail } from '../../core/tracking/metricTail';
import type { MetricPoint } from '../../core/tracking/types';

export interface SeriesRoot {
  /** A folder of dvclive TSV files: <run>/plots/metrics, <run>/system, or a script's dvclive/plots/metrics. */
  dir: string;
  group: 'metrics' | 'system';
}

export interface SeriesUpdate {
  name: string;
  group: 'metrics' | 'system';
  points: MetricPoint[];
  reset: boolean;
}

async function walkTsv(dir: string, out: string[] = []): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walkTsv(p, out);
    else if (e.isFile() && e.name.endsWith('.tsv')) out.push(p);
  }
  return out;
}

/**
 * Follows every TSV series under some roots: new files are picked up, each file is read incrementally (MetricTail:
 * only appended bytes, torn final lines held back). `poll` returns what was appended since the previous poll.
 */
export class SeriesFollower {
  private readonly tails = new Map<string, { tail: MetricTail; name: string; group: SeriesRoot['group'] }>();

  constructor(private readonly roots: SeriesRoot[]) {}

  addRoot(root: SeriesRoot): void {
    if (!this.roots.some((r) => r.dir === root.dir)) this.roots.push(root);
  }

  async poll(): Promise<SeriesUpdate[]> {
    const updates: SeriesUpdate[] = [];
    for (const root of this.roots) {
      for (const file of await walkTsv(root.dir)) {
        if (this.tails.has(file)) continue;
        const name = relative(root.dir, file).slice(0, -'.tsv'.length).split(sep).join('/');
        if ([...this.tails.values()].some((t) => t.name === name && t.group === root.group)) continue;
        this.tails.set(file, { tail: new MetricTail(file, name), name, group: root.group });
      }
    }
    for (const { tail, name, group } of this.tails.values()) {
      const batch = await tail.poll();
      if (batch.points.length > 0 || batch.reset)
        updates.push({ name, group, points: batch.points, reset: batch.reset });
    }
    return updates;
  }
}
