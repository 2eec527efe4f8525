import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storePaths } from '../store/layout';
import type { TailState } from './seriesColumns';

const MAGIC = 0x4353_4c4d; // "MLSC"
/** 2: rows read with the strict line grammar; the header records its column count. */
const VERSION = 2;
const TEMP_NAME = /\.(\d+)\.tmp$/;

/** Series with fewer points are parsed from their TSV each time: too small for a sidecar to pay off. */
export const SIDECAR_MIN_POINTS = 10_000;

/** Where a workspace's series sidecars live: `.mlops/cache/series/`. */
export function seriesSidecarDir(workspace: string): string {
  return join(storePaths(workspace).cache, 'series');
}

interface SidecarHeader {
  version: number;
  path: string;
  metric: string;
  /** Size and mtime of the TSV when it was parsed up to `offset`. */
  size: number;
  mtimeMs: number;
  offset: number;
  ino: number;
  header: TailState['header'];
  skipped: number;
  length: number;
}

/**
 * Parsed metric series kept on disk as raw Float64 columns (e.g. under `.mlops/cache/series/`), so that opening the
 * compare panel again after the in-memory cache was dropped skips the TSV parsing. A sidecar is used only while its
 * TSV is the same file (inode) and has only grown since (dvclive TSVs are append-only); the tail then reads just the
 * appended bytes. Layout: u32 magic, u32 header length, JSON header, zero padding to 8 bytes, then step, time and
 * value as little-endian Float64 arrays of `length` entries.
 */
export class SeriesSidecar {
  constructor(private readonly dir: string) {}

  fileOf(path: string, metric: string): string {
    return join(this.dir, `${createHash('sha1').update(`${path}\0${metric}`).digest('hex')}.f64`);
  }

  /** The saved state for this TSV, or undefined when there is none or the TSV was replaced or rewritten since. */
  async load(path: string, metric: string): Promise<TailState | undefined> {
    let bytes: Buffer;
    let tsv;
    try {
      [bytes, tsv] = await Promise.all([readFile(this.fileOf(path, metric)), stat(path)]);
    } catch {
      return undefined;
    }
    if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
    const headerLength = bytes.readUInt32LE(4);
    let head: SidecarHeader;
    try {
      head = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as SidecarHeader;
    } catch {
      return undefined;
    }
    const unchanged = tsv.size === head.size && tsv.mtimeMs === head.mtimeMs;
    const grown = tsv.size > head.size && tsv.mtimeMs >= head.mtimeMs;
    if (head.version !== VERSION || head.path !== path || head.metric !== metric || tsv.ino !== head.ino || !(unchanged || grown)) return undefined;
    const start = align8(8 + headerLength);
    if (bytes.length < start + head.length * 24) return undefined;
    const column = (k: number) => {
      const from = bytes.byteOffset + start + k * head.length * 8;
      // Float64Array views need 8-byte alignment; copy when the buffer's own offset breaks it.
      return from % 8 === 0 ? new Float64Array(bytes.buffer, from, head.length) : new Float64Array(bytes.buffer.slice(from, from + head.length * 8));
    };
    return {
      offset: head.offset,
      ino: head.ino,
      header: head.header,
      skipped: head.skipped,
      columns: { step: column(0), time: column(1), value: column(2), length: head.length },
    };
  }

  /**
   * Writes the tail's state as it is after the TSV was checked (temp file + rename, so a reader never sees half a
   * sidecar). `current` is read late on purpose: the tail may have moved on since the save was queued.
   */
  async save(path: string, metric: string, current: () => TailState | undefined): Promise<void> {
    const tsv = await stat(path);
    const state = current();
    if (!state || tsv.ino !== state.ino || tsv.size < state.offset) return;
    const { length } = state.columns;
    const head: SidecarHeader = {
      version: VERSION,
      path,
      metric,
      // Parsed up to `offset`; if the file already holds more, record that smaller size so the sidecar reads as "grown".
      size: state.offset,
      mtimeMs: tsv.size === state.offset ? tsv.mtimeMs : 0,
      offset: state.offset,
      ino: state.ino,
      header: state.header,
      skipped: state.skipped,
      length,
    };
    const json = Buffer.from(JSON.stringify(head), 'utf8');
    const start = align8(8 + json.length);
    const out = Buffer.alloc(start + length * 24);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(json.length, 4);
    json.copy(out, 8);
    const columns = [state.columns.step, state.columns.time, state.columns.value];
    columns.forEach((c, k) => Buffer.from(c.buffer, c.byteOffset, length * 8).copy(out, start + k * length * 8));
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(path, metric);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, out);
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** Deletes temp files that a process killed in the middle of a save left behind (its pid is gone). */
  async removeOrphanTemps(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const pid = TEMP_NAME.exec(name)?.[1];
      if (!pid || isAlive(Number(pid))) continue;
      await rm(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
