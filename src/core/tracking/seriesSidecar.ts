import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storePaths } from '../store/layout';
import type { TailState } from './seriesColumns';

const MAGIC = 0x4353_4c4d; // "MLSC"
/** 3: points interleaved after a fixed header region, so a grown series is appended, not rewritten. */
const VERSION = 3;
/** Bytes reserved at the front for magic, header length and the JSON header; points start here. */
const HEADER_REGION = 8192;
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
 * Parsed metric series kept on disk as raw Float64 values (under `.mlops/cache/series/`), so that a compare never
 * parses the TSV of a run whose sidecar exists. A sidecar is used only while its TSV is the same file (inode) and has
 * only grown since (dvclive TSVs are append-only); the tail then reads just the appended bytes.
 *
 * Layout: u32 magic, u32 header length, JSON header, zero padding up to byte 8192; then one (step, time, value)
 * triple of little-endian Float64 per point. Saving a series that grew appends its new triples first and then
 * rewrites the header region in place, so logging a long run costs the new points only. The header is the commit
 * record: a reader uses `length` triples and ignores any beyond (an append cut short); a header torn by a
 * concurrent save does not parse, and the reader falls back to the TSV.
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
    const head = parseHeader(bytes);
    if (!head || head.path !== path || head.metric !== metric) return undefined;
    const unchanged = tsv.size === head.size && tsv.mtimeMs === head.mtimeMs;
    const grown = tsv.size > head.size && tsv.mtimeMs >= head.mtimeMs;
    if (tsv.ino !== head.ino || !(unchanged || grown)) return undefined;
    if (bytes.length < HEADER_REGION + head.length * 24) return undefined;
    const from = bytes.byteOffset + HEADER_REGION;
    // Float64Array views need 8-byte alignment; copy when the buffer's own offset breaks it.
    const triples =
      from % 8 === 0
        ? new Float64Array(bytes.buffer, from, head.length * 3)
        : new Float64Array(bytes.buffer.slice(from, from + head.length * 24));
    const n = head.length;
    const columns = { step: new Float64Array(n), time: new Float64Array(n), value: new Float64Array(n), length: n };
    for (let i = 0, k = 0; i < n; i++, k += 3) {
      columns.step[i] = triples[k];
      columns.time[i] = triples[k + 1];
      columns.value[i] = triples[k + 2];
    }
    return { offset: head.offset, ino: head.ino, header: head.header, skipped: head.skipped, columns };
  }

  /**
   * Saves the tail's state as it is after the TSV was checked: appends the points the sidecar lacks when it holds an
   * earlier state of the same file, else writes a new one (temp file + rename, so a reader never sees half a
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
    const region = headerRegion(head);
    if (!region) return;
    await mkdir(this.dir, { recursive: true });
    const file = this.fileOf(path, metric);
    const kept = await this.appendable(file, head);
    if (kept !== undefined) {
      const handle = await open(file, 'r+');
      try {
        await handle.truncate(HEADER_REGION + kept * 24);
        await handle.write(triplesOf(state.columns, kept, length), 0, (length - kept) * 24, HEADER_REGION + kept * 24);
        await handle.write(region, 0, region.length, 0);
      } finally {
        await handle.close();
      }
      return;
    }
    const temp = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temp, Buffer.concat([region, triplesOf(state.columns, 0, length)]));
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  /** How many points of `head`'s series the sidecar on disk already holds, when appending to it is right. */
  private async appendable(file: string, head: SidecarHeader): Promise<number | undefined> {
    let handle;
    try {
      handle = await open(file, 'r');
    } catch {
      return undefined;
    }
    try {
      const bytes = Buffer.alloc(HEADER_REGION);
      const { bytesRead } = await handle.read(bytes, 0, HEADER_REGION, 0);
      const old = parseHeader(bytes.subarray(0, bytesRead));
      if (!old || old.path !== head.path || old.metric !== head.metric || old.ino !== head.ino) return undefined;
      if (
        old.offset > head.offset ||
        old.length > head.length ||
        JSON.stringify(old.header) !== JSON.stringify(head.header)
      )
        return undefined;
      if ((await handle.stat()).size < HEADER_REGION + old.length * 24) return undefined;
      return old.length;
    } finally {
      await handle.close();
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

function parseHeader(bytes: Buffer): SidecarHeader | undefined {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > Math.min(bytes.length, HEADER_REGION)) return undefined;
  try {
    const head = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as SidecarHeader;
    return head.version === VERSION ? head : undefined;
  } catch {
    return undefined;
  }
}

/** The header region of a sidecar, or undefined when the header does not fit in it (a path of several KiB). */
function headerRegion(head: SidecarHeader): Buffer | undefined {
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  if (8 + json.length > HEADER_REGION) return undefined;
  const out = Buffer.alloc(HEADER_REGION);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  return out;
}

/** Points `[from, to)` of the columns as interleaved little-endian (step, time, value) Float64 triples. */
function triplesOf(columns: TailState['columns'], from: number, to: number): Buffer {
  const out = new Float64Array((to - from) * 3);
  for (let i = from, k = 0; i < to; i++, k += 3) {
    out[k] = columns.step[i];
    out[k + 1] = columns.time[i];
    out[k + 2] = columns.value[i];
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
