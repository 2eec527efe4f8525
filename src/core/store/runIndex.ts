import { readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { parseTolerantJson, stringifyTolerantJson } from '../tracking/tolerantJson';
import { throwIfAborted } from '../errors';
import { isValidRunId } from '../tracking/runId';
import { readRunRecord } from '../tracking/runReader';
import type { RunSummary } from '../tracking/types';
import { storePaths } from './layout';
import { summariseRun } from './runSummary';
import { withStoreLock } from './storeLock';

export interface IndexData {
  version: 1;
  runs: Record<string, RunSummary>;
  /** Run folders that could not be indexed, with the reason (missing or corrupt run.json). */
  problems: Record<string, string>;
}

export interface RebuildReport {
  indexed: number;
  problems: Record<string, string>;
  movedAside: string | null;
}

const emptyIndex = (): IndexData => ({ version: 1, runs: {}, problems: {} });

/** index.json keeps NaN and ±Infinity metric values (as Python's json writes them) instead of turning them into null. */
const indexFile = (path: string) =>
  new DataFile<IndexData>(path, {
    parse: (text) => parseTolerantJson(text) as IndexData,
    stringify: (data) => stringifyTolerantJson(data, 0),
  });

/**
 * `.mlops/index.json`: a cache of run summaries, rebuildable from runs/ at any time. A corrupt index is moved
 * aside and rebuilt, never silently emptied.
 */
export class RunIndex {
  private readonly path: string;
  private cached: { data: IndexData; mtimeMs: number; size: number } | undefined;

  constructor(private readonly workspace: string) {
    this.path = storePaths(workspace).index;
  }

  /** Current index; rebuilt when missing or corrupt. Unchanged files are not re-read. */
  async read(signal?: AbortSignal): Promise<IndexData> {
    const info = await stat(this.path).catch(() => undefined);
    if (!info) {
      const hasRuns = await stat(storePaths(this.workspace).runs).then(
        () => true,
        () => false,
      );
      return hasRuns ? (await this.rebuild({ signal })).data : emptyIndex();
    }
    if (this.cached && this.cached.mtimeMs === info.mtimeMs && this.cached.size === info.size) return this.cached.data;
    const db = new Low<IndexData>(indexFile(this.path), emptyIndex());
    try {
      await db.read();
    } catch {
      return (await this.rebuild({ signal })).data;
    }
    if (!isIndexData(db.data)) return (await this.rebuild({ signal })).data;
    this.cached = { data: db.data, mtimeMs: info.mtimeMs, size: info.size };
    return db.data;
  }

  async upsert(summaries: RunSummary[], removed: string[] = []): Promise<void> {
    await withStoreLock(this.workspace, async () => {
      const data = await this.readUnlocked();
      for (const s of summaries) {
        data.runs[s.id] = s;
        delete data.problems[s.id];
      }
      for (const id of removed) {
        delete data.runs[id];
        delete data.problems[id];
      }
      await this.write(data);
    });
  }

  async rebuild(
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<RebuildReport & { data: IndexData }> {
    return withStoreLock(this.workspace, async () => {
      const movedAside = await this.moveAsideIfCorrupt();
      const data = emptyIndex();
      const runsDir = storePaths(this.workspace).runs;
      const names = (await readdir(runsDir).catch(() => [] as string[])).filter(isValidRunId).sort();
      const BATCH = 64;
      for (let i = 0; i < names.length; i += BATCH) {
        throwIfAborted(options.signal, 'index rebuild');
        await Promise.all(
          names.slice(i, i + BATCH).map(async (name) => {
            const dir = join(runsDir, name);
            const result = await readRunRecord(dir);
            if (!result.ok) data.problems[name] = result.reason;
            else data.runs[result.record.id] = await summariseRun(dir, result.record);
          }),
        );
        options.onProgress?.(Math.min(i + BATCH, names.length), names.length);
      }
      await this.write(data);
      return { indexed: Object.keys(data.runs).length, problems: data.problems, movedAside, data };
    });
  }

  private async readUnlocked(): Promise<IndexData> {
    const db = new Low<IndexData>(indexFile(this.path), emptyIndex());
    try {
      await db.read();
      if (isIndexData(db.data)) return db.data;
    } catch {
      // fall through: rebuilt by the caller's next read
    }
    await this.moveAsideIfCorrupt();
    return emptyIndex();
  }

  private async write(data: IndexData): Promise<void> {
    const db = new Low<IndexData>(indexFile(this.path), data);
    await db.write();
    const info = await stat(this.path);
    this.cached = { data, mtimeMs: info.mtimeMs, size: info.size };
  }

  private async moveAsideIfCorrupt(): Promise<string | null> {
    const db = new Low<IndexData>(indexFile(this.path), emptyIndex());
    try {
      await db.read();
      if (isIndexData(db.data)) return null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    }
    const aside = `${this.path}.corrupt-${Date.now()}`;
    await rename(this.path, aside).catch(() => undefined);
    this.cached = undefined;
    return aside;
  }
}

function isIndexData(v: unknown): v is IndexData {
  if (!v || typeof v !== 'object') return false;
  const d = v as IndexData;
  if (d.version !== 1 || typeof d.runs !== 'object' || d.runs === null) return false;
  if (typeof d.problems !== 'object' || d.problems === null) d.problems = {};
  return true;
}
