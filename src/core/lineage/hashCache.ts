import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../store/atomicWrite';
import { storePaths } from '../store/layout';

/** The file facts a cached hash is valid for: if any differs, the file is read again. */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ino: string;
}

interface CacheEntry extends FileStamp {
  sha256: string;
  usedAt: number;
}

interface CacheFile {
  version: 1;
  entries: Record<string, CacheEntry>;
}

/** Entries kept at most; the least recently used go first. */
const MAX_ENTRIES = 50_000;
/**
 * A file modified within this long before its hash was read could change again without its mtime moving
 * (coarse timestamps), so such hashes are not cached ("racily clean", as git calls it).
 */
export const RACY_WINDOW_MS = 2000;

export function hashCachePath(workspace: string): string {
  return join(storePaths(workspace).cache, 'hashes.json');
}

export async function fileStamp(path: string): Promise<FileStamp & { mtimeMs: number }> {
  const stat = await fs.stat(path, { bigint: true });
  return {
    size: Number(stat.size),
    mtimeNs: stat.mtimeNs.toString(),
    ino: stat.ino.toString(),
    mtimeMs: Number(stat.mtimeNs / 1_000_000n),
  };
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino;
}

/**
 * Persistent sha256 cache, `.mlops/cache/hashes.json`, keyed by workspace-relative path and valid for one
 * size + mtime + inode. Saving merges with what other processes wrote meanwhile; a lost update only costs a
 * re-read later, never a wrong hash.
 */
export class HashCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly dirty = new Set<string>();

  private constructor(readonly file: string | null) {}

  /** A cache that lives only in memory (for callers that must not write to the workspace). */
  static inMemory(): HashCache {
    return new HashCache(null);
  }

  static async load(workspace: string): Promise<HashCache> {
    const cache = new HashCache(hashCachePath(workspace));
    for (const [key, entry] of Object.entries(await readEntries(cache.file!))) cache.entries.set(key, entry);
    return cache;
  }

  get(key: string, stamp: FileStamp): string | undefined {
    const entry = this.entries.get(key);
    if (!entry || !sameStamp(entry, stamp)) return undefined;
    entry.usedAt = Date.now();
    this.dirty.add(key);
    return entry.sha256;
  }

  set(key: string, stamp: FileStamp, sha256: string): void {
    this.entries.set(key, { size: stamp.size, mtimeNs: stamp.mtimeNs, ino: stamp.ino, sha256, usedAt: Date.now() });
    this.dirty.add(key);
  }

  get size(): number {
    return this.entries.size;
  }

  async save(): Promise<void> {
    if (!this.file || this.dirty.size === 0) return;
    const merged = await readEntries(this.file);
    for (const key of this.dirty) merged[key] = this.entries.get(key)!;
    let keys = Object.keys(merged);
    if (keys.length > MAX_ENTRIES) {
      keys = keys.sort((a, b) => merged[b].usedAt - merged[a].usedAt).slice(0, MAX_ENTRIES);
    }
    const entries: Record<string, CacheEntry> = {};
    for (const key of keys) entries[key] = merged[key];
    const content: CacheFile = { version: 1, entries };
    await writeJsonAtomic(this.file, content);
    this.dirty.clear();
  }
}

async function readEntries(file: string): Promise<Record<string, CacheEntry>> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheFile>;
    return parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object' ? parsed.entries : {};
  } catch {
    return {}; // missing or damaged: the cache is only ever an optimisation
  }
}
