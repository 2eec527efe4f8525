import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/* Reading MLflow's file store (mlruns/<experiment id>/<run id>/{meta.yaml, metrics/, params/, tags/, artifacts/}). */

export type Meta = Record<string, unknown>;

/** meta.yaml as an object; a string saying what is wrong when it is missing or unreadable. */
export async function readMeta(dir: string): Promise<Meta | string> {
  let text: string;
  try {
    text = await readFile(join(dir, 'meta.yaml'), 'utf8');
  } catch {
    return 'it has no meta.yaml (not an MLflow folder, or a copy that lost it)';
  }
  try {
    const meta = parseYaml(text) as unknown;
    return meta && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Meta) : 'its meta.yaml is not a mapping';
  } catch (err) {
    return `its meta.yaml is not valid YAML (${(err as Error).message.split('\n')[0]})`;
  }
}

export const isDeleted = (meta: Meta): boolean => meta.lifecycle_stage === 'deleted';

/** The files under `dir`, as names relative to it with '/' (MLflow nests a name like `a/b` in folders). */
export async function listKeyFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (e.isFile()) out.push(relative(dir, join(d, e.name)).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

export async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The run's artifacts folder: its artifact_uri when that is a local folder that exists, else `<run>/artifacts`. */
export async function artifactsFolder(runDir: string, meta: Meta): Promise<string | undefined> {
  const candidates: string[] = [];
  if (typeof meta.artifact_uri === 'string' && meta.artifact_uri.startsWith('file:')) {
    try {
      candidates.push(fileURLToPath(meta.artifact_uri));
    } catch {
      // not a path on this system
    }
  }
  candidates.push(join(runDir, 'artifacts'));
  for (const c of candidates) if ((await stat(c).catch(() => undefined))?.isDirectory()) return c;
  return undefined;
}

/** MLflow's RunStatus, by number (older stores) or by name. */
export function runStatus(value: unknown): 'completed' | 'failed' | 'killed' | 'interrupted' {
  const name =
    typeof value === 'number' ? ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'][value] : String(value);
  if (name === 'FINISHED') return 'completed';
  if (name === 'FAILED') return 'failed';
  if (name === 'KILLED') return 'killed';
  // RUNNING or SCHEDULED: nothing here is running it, so the run shows as interrupted (its MLflow status is a tag).
  return 'interrupted';
}

/** A param's text as a value: a number when it reads as one (MLflow keeps every param as a string). */
export function paramValue(text: string): unknown {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : text;
}
