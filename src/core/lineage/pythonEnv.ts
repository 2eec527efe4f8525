import { promises as fs, constants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { writeJsonAtomic } from '../store/atomicWrite';
import { execProgram } from './exec';
import { sha256Text } from './fileHash';

export interface PythonEnv {
  /** The interpreter binary (behind any wrapper script or shim). */
  executable: string;
  version: string;
  /** `name==version` lines, sorted by name, first distribution on sys.path wins (as pip freeze). */
  packages: string;
}

/** Reads the interpreter's distributions through importlib.metadata: no pip needed, much faster than pip freeze. */
const PROBE = `
import json, os, platform, sys
try:
    from importlib import metadata
    dists = list(metadata.distributions())
except Exception:
    dists = []
seen, pkgs = set(), []
for d in dists:
    name = (d.metadata['Name'] or '').strip()
    key = name.lower().replace('_', '-')
    if name and key not in seen:
        seen.add(key)
        pkgs.append([name, d.version])
paths = [p for p in sys.path if p and os.path.isdir(p)]
print(json.dumps({"version": platform.python_version(), "executable": sys.executable, "packages": pkgs, "paths": paths}))
`;

interface ProbeOutput {
  version: string;
  executable: string;
  packages: Array<[string, string]>;
  paths: string[];
}

interface Stamp {
  path: string;
  mtimeNs: string;
}

interface CacheRecord {
  interpreter: string;
  stamps: Stamp[];
  env: PythonEnv;
}

/** Finds a bare command name (`python3`) on PATH the way a spawn would. */
export async function findOnPath(command: string, cwd: string): Promise<string | null> {
  if (command.includes('/') || command.includes('\\') || isAbsolute(command)) return resolve(cwd, command);
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    const ok = await fs.access(candidate, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (ok) return candidate;
  }
  return null;
}

async function stampOf(path: string): Promise<Stamp | null> {
  const stat = await fs.stat(path, { bigint: true }).catch(() => null);
  return stat ? { path, mtimeNs: stat.mtimeNs.toString() } : null;
}

/**
 * The interpreter file and every sys.path folder: installing, removing or upgrading a package changes
 * a site-packages folder's mtime, so a changed folder invalidates the cached package list.
 */
async function stillValid(record: CacheRecord): Promise<boolean> {
  for (const stamp of record.stamps) {
    const now = await stampOf(stamp.path);
    if (!now || now.mtimeNs !== stamp.mtimeNs) return false;
  }
  return true;
}

function freeze(packages: Array<[string, string]>): string {
  return packages
    .map(([name, version]) => `${name}==${version}`)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .join('\n');
}

async function probe(interpreter: string, signal?: AbortSignal): Promise<{ env: PythonEnv; paths: string[] }> {
  const result = await execProgram(interpreter, ['-c', PROBE], { cwd: process.cwd(), signal, timeoutMs: 60_000 });
  if (result.code !== 0)
    throw new Error(`${interpreter} exited with ${result.code}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  const out = JSON.parse(result.stdout.trim().split('\n').pop()!) as ProbeOutput;
  return { env: { executable: interpreter, version: out.version, packages: freeze(out.packages) }, paths: out.paths };
}

const memo = new Map<string, CacheRecord>();

async function isScript(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head.toString('latin1') === '#!';
  } finally {
    await handle.close();
  }
}

/**
 * The binary an interpreter path runs. A script (a pyenv shim, a conda wrapper) can switch interpreters
 * without changing itself, so it is asked, with one quick start that skips `site`.
 */
async function realExecutable(interpreter: string, signal?: AbortSignal): Promise<string> {
  if (!(await isScript(interpreter))) return interpreter;
  const result = await execProgram(interpreter, ['-S', '-c', 'import sys; print(sys.executable)'], {
    cwd: process.cwd(),
    signal,
    timeoutMs: 30_000,
  });
  const executable = result.stdout.trim().split('\n').pop();
  if (result.code !== 0 || !executable)
    throw new Error(`${interpreter} exited with ${result.code}: ${result.stderr.trim().split('\n').pop() ?? ''}`);
  return executable;
}

/**
 * Version and installed packages of one interpreter, read once and reused while neither the interpreter
 * (for a wrapper script: the binary it runs) nor its sys.path folders change: in memory, and under
 * `cacheDir` (`.mlops/cache/env/`) across processes.
 */
export async function pythonEnv(
  python: string,
  options: { cacheDir?: string; signal?: AbortSignal; cwd?: string } = {},
): Promise<PythonEnv> {
  const interpreter = await findOnPath(python, options.cwd ?? process.cwd());
  if (!interpreter) throw new Error(`'${python}' was not found on PATH`);
  const executable = await realExecutable(interpreter, options.signal);
  const key = `${interpreter}\u0000${executable}`;
  const file = options.cacheDir ? join(options.cacheDir, `python-${sha256Text(key).slice(0, 16)}.json`) : null;
  const known = memo.get(key) ?? (file ? await readRecord(file) : null);
  if (known && known.interpreter === interpreter && known.env.executable === executable && (await stillValid(known))) {
    memo.set(key, known);
    return known.env;
  }
  const stampsBefore = await Promise.all([...new Set([interpreter, executable])].map(stampOf));
  const { env: probed, paths } = await probe(interpreter, options.signal);
  const env = { ...probed, executable };
  const pathStamps = await Promise.all(paths.map(stampOf));
  const stamps = [...stampsBefore, ...pathStamps].filter((s): s is Stamp => s !== null);
  const record: CacheRecord = { interpreter, stamps, env };
  memo.set(key, record);
  if (file) await writeJsonAtomic(file, record);
  return env;
}

async function readRecord(file: string): Promise<CacheRecord | null> {
  return fs.readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as CacheRecord,
    () => null,
  );
}

/** Drops what this process remembers (the on-disk cache stays), as a fresh process would start. */
export function forgetPythonEnvs(): void {
  memo.clear();
}
