import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { DataRef } from '../tracking/types';
import { MlopsError, throwIfAborted } from '../errors';
import { sha256File, sha256Text } from './fileHash';
import { HashCache, RACY_WINDOW_MS, fileStamp } from './hashCache';
import { resolveInWorkspace, type WorkspacePath } from './workspacePath';

/** What a data input is used for; decides the graph edge (trained-on or evaluated-on). */
export type DataPurpose = 'train' | 'eval';

export type DataInput = string | { path: string; purpose?: DataPurpose };

/** A hashed file or folder: a DataRef plus what the graph and the Datasets tree need. */
export interface HashedData extends DataRef {
  kind: 'file' | 'dir';
  /** Number of files in a folder's manifest. */
  files?: number;
  purpose?: DataPurpose;
}

export interface HashOptions {
  /** Default: the workspace's persistent cache. `false`: read everything. */
  cache?: HashCache | false;
  signal?: AbortSignal;
  role?: DataRef['role'];
  /**
   * Hash only what really lies inside this folder: a link (at the top or inside a folder) whose target resolves
   * outside it is skipped and reported to `onSkipped`, never followed.
   */
  confineTo?: string;
  onSkipped?: (skipped: SkippedLink) => void;
}

/** A link left out of hashing because it points outside the folder hashing is confined to. */
export interface SkippedLink {
  /** Relative to the workspace, '/' separators. */
  path: string;
  /** Where the link points (its real path, or the link text when it dangles). */
  target: string;
}

/** Folders never part of a data folder's manifest. */
const SKIPPED_DIRS = new Set(['.git', '.mlops']);
const PARALLEL_READS = 4;

interface Hasher {
  cache: HashCache | null;
  signal?: AbortSignal;
  workspace: string;
  /** Real path of the folder hashing is confined to. */
  confineTo?: string;
  onSkipped?: (skipped: SkippedLink) => void;
}

function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Whether a link may be hashed: always without confinement; else only if its real target is inside the folder. */
async function linkAllowed(
  h: Pick<Hasher, 'confineTo' | 'onSkipped'>,
  abs: string,
  relToWorkspace: string,
): Promise<boolean> {
  if (!h.confineTo) return true;
  const target = await fs.realpath(abs).catch(() => null);
  if (target && isWithin(h.confineTo, target)) return true;
  h.onSkipped?.({ path: relToWorkspace, target: target ?? (await fs.readlink(abs).catch(() => '?')) });
  return false;
}

async function hashOneFile(h: Hasher, file: WorkspacePath): Promise<{ sha256: string; bytes: number }> {
  const before = await fileStamp(file.absolute);
  const cached = h.cache?.get(file.relative, before);
  if (cached) return { sha256: cached, bytes: before.size };
  const startedAt = Date.now();
  const sha256 = await sha256File(file.absolute, h.signal);
  const after = await fileStamp(file.absolute);
  const unchanged = after.size === before.size && after.mtimeNs === before.mtimeNs && after.ino === before.ino;
  if (!unchanged) {
    throw new MlopsError(
      `data file '${file.relative}' changed while it was being hashed`,
      'conflict',
      'Launch again once whatever writes it has finished.',
    );
  }
  if (h.cache && startedAt - before.mtimeMs > RACY_WINDOW_MS) h.cache.set(file.relative, before, sha256);
  return { sha256, bytes: before.size };
}

interface ManifestEntry {
  rel: string;
  line: (sha: string) => string;
  file?: WorkspacePath;
  linkTarget?: string;
}

async function listFolder(h: Hasher, dir: WorkspacePath): Promise<ManifestEntry[]> {
  const signal = h.signal;
  const out: ManifestEntry[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    throwIfAborted(signal, 'hashing');
    for (const entry of await fs.readdir(abs, { withFileTypes: true })) {
      const childAbs = join(abs, entry.name);
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const file: WorkspacePath = { absolute: childAbs, relative: `${dir.relative}/${childRel}` };
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) await walk(childAbs, childRel);
      } else if (entry.isFile()) {
        out.push({ rel: childRel, file, line: (sha) => `${sha}  ${childRel}` });
      } else if (entry.isSymbolicLink()) {
        if (!(await linkAllowed(h, childAbs, file.relative))) continue;
        const target = await fs.stat(childAbs).catch(() => null);
        if (target?.isFile()) out.push({ rel: childRel, file, line: (sha) => `${sha}  ${childRel}` });
        else {
          // A linked folder (or a dangling link) is recorded by its target, not followed: no loops.
          const linkTarget = await fs.readlink(childAbs);
          out.push({ rel: childRel, linkTarget, line: () => `symlink  ${childRel} -> ${linkTarget}` });
        }
      }
    }
  };
  await walk(dir.absolute, '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/**
 * A folder's hash: sha256 of its manifest, one `<sha256>  <relative path>` line per file (sha256sum's
 * format), sorted by path, so renaming, adding or changing any file gives a new version.
 */
async function hashFolder(h: Hasher, dir: WorkspacePath): Promise<{ sha256: string; bytes: number; files: number }> {
  const entries = await listFolder(h, dir);
  const lines: string[] = new Array(entries.length);
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      const entry = entries[i];
      if (!entry.file) {
        lines[i] = entry.line('');
        continue;
      }
      const hashed = await hashOneFile(h, entry.file);
      bytes += hashed.bytes;
      lines[i] = entry.line(hashed.sha256);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  const manifest = lines.map((l) => `${l}\n`).join('');
  return { sha256: sha256Text(manifest), bytes, files: entries.filter((e) => e.file).length };
}

function normaliseInputs(workspace: string, inputs: DataInput[]): Array<WorkspacePath & { purpose?: DataPurpose }> {
  const seen = new Map<string, WorkspacePath & { purpose?: DataPurpose }>();
  for (const input of inputs) {
    const { path, purpose } = typeof input === 'string' ? { path: input, purpose: undefined } : input;
    const resolved = resolveInWorkspace(workspace, path);
    if (!seen.has(resolved.relative)) seen.set(resolved.relative, { ...resolved, purpose });
  }
  return [...seen.values()];
}

/**
 * Resolves data inputs and checks that each exists inside the workspace, without reading any: the check a
 * launch makes before anything else. Throws an MlopsError naming every bad path.
 */
export async function checkInputs(workspace: string, inputs: DataInput[]) {
  const targets = normaliseInputs(workspace, inputs);
  const found = await Promise.all(targets.map((t) => fs.stat(t.absolute).catch(() => null)));
  const missing = targets.filter((_, i) => found[i] === null).map((t) => t.relative);
  if (missing.length > 0) {
    throw new MlopsError(
      `data ${missing.length === 1 ? 'path' : 'paths'} not found: ${missing.join(', ')}`,
      'bad-input',
      'Check the data paths declared for this experiment (relative to the workspace), or create the files first.',
    );
  }
  return { targets, stats: found.map((s) => s!) };
}

/**
 * Hashes declared data inputs (files or folders, relative to the workspace). Every path is checked before
 * any is read: one outside the workspace or missing fails with an MlopsError naming it. Unchanged files are
 * answered from the persistent cache without being read.
 */
export async function hashInputs(
  workspace: string,
  inputs: DataInput[],
  options: HashOptions = {},
): Promise<HashedData[]> {
  const { targets, stats } = await checkInputs(workspace, inputs);
  const cache = options.cache === false ? null : (options.cache ?? (await HashCache.load(workspace)));
  const confineTo = options.confineTo ? await fs.realpath(options.confineTo) : undefined;
  const hasher: Hasher = { cache, signal: options.signal, workspace, confineTo, onSkipped: options.onSkipped };
  const role = options.role ?? 'input';
  const results: HashedData[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      throwIfAborted(options.signal, 'hashing');
      const withPurpose = target.purpose ? { purpose: target.purpose } : {};
      if (stats[i].isDirectory()) {
        const folder = await hashFolder(hasher, target);
        results.push({
          path: target.relative,
          sha256: folder.sha256,
          bytes: folder.bytes,
          role,
          kind: 'dir',
          files: folder.files,
          ...withPurpose,
        });
      } else {
        const file = await hashOneFile(hasher, target);
        results.push({
          path: target.relative,
          sha256: file.sha256,
          bytes: file.bytes,
          role,
          kind: 'file',
          ...withPurpose,
        });
      }
    }
  } finally {
    await cache?.save();
  }
  return results;
}

/**
 * Hashes what a run saved in its artifacts folder (each top-level entry), as outputs. With `confineTo` (the run
 * folder), links that lead out of it are skipped, not followed.
 */
export async function hashArtifacts(
  workspace: string,
  artifactsDir: string,
  options: Omit<HashOptions, 'role'> = {},
): Promise<HashedData[]> {
  const entries = await fs.readdir(artifactsDir, { withFileTypes: true }).catch(() => []);
  const base = resolveInWorkspace(workspace, artifactsDir).relative;
  const confineTo = options.confineTo ? await fs.realpath(options.confineTo) : undefined;
  const kept: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = `${base}/${entry.name}`;
    if (
      entry.isSymbolicLink() &&
      !(await linkAllowed({ confineTo, onSkipped: options.onSkipped }, join(artifactsDir, entry.name), rel))
    )
      continue;
    kept.push(rel);
  }
  return hashInputs(workspace, kept, { ...options, role: 'output' });
}
