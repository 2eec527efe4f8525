import { readFile, readdir, stat, open } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runPaths } from '../store/layout';
import { parseTolerantJson } from './tolerantJson';
import { flatten } from './flatten';
import { RUN_STATUSES, type RunRecord } from './types';

export type RecordResult = { ok: true; record: RunRecord } | { ok: false; reason: string };

/** Reads and checks run.json. A missing or corrupt record is reported, never thrown, so one bad folder cannot hide the others. */
export async function readRunRecord(runDir: string): Promise<RecordResult> {
  let text: string;
  try {
    text = await readFile(runPaths(runDir).record, 'utf8');
  } catch {
    return { ok: false, reason: 'run.json is missing' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `run.json is not valid JSON (${(err as Error).message})` };
  }
  const problem = recordProblem(value);
  if (problem) return { ok: false, reason: `run.json ${problem}` };
  return { ok: true, record: normaliseRecord(value as RunRecord) };
}

function recordProblem(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'is not an object';
  const r = v as Record<string, unknown>;
  if (typeof r.id !== 'string') return 'has no id';
  if (typeof r.experiment !== 'string') return 'has no experiment';
  if (!RUN_STATUSES.includes(r.status as never)) return `has an unknown status '${String(r.status)}'`;
  return undefined;
}

function normaliseRecord(r: RunRecord): RunRecord {
  return {
    ...r,
    command: r.command ?? '',
    argv: Array.isArray(r.argv) ? r.argv : [],
    shell: Boolean(r.shell),
    cwd: r.cwd ?? '',
    createdAt: r.createdAt ?? r.startedAt ?? new Date(0).toISOString(),
    startedAt: r.startedAt ?? null,
    endedAt: r.endedAt ?? null,
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    pid: r.pid ?? null,
    git: r.git ?? null,
    data: Array.isArray(r.data) ? r.data : [],
    env: r.env ?? {},
    parent: r.parent ?? null,
    tags: r.tags ?? {},
  };
}

/** The folders a run's dvclive files may live in: the run folder, and a script's own dvclive/ folder if recorded. */
export function metricRoots(runDir: string, record?: Pick<RunRecord, 'dvcliveDir'> | null): string[] {
  return record?.dvcliveDir ? [runDir, record.dvcliveDir] : [runDir];
}

export async function readParams(
  runDir: string,
  record?: Pick<RunRecord, 'dvcliveDir'> | null,
): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const root of metricRoots(runDir, record)) {
    try {
      const parsed = parseYaml(await readFile(runPaths(root).params, 'utf8')) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(merged, parsed);
    } catch {
      // a missing params.yaml is normal; a malformed one contributes nothing
    }
  }
  return merged;
}

/** Latest values from metrics.json, nested as written (dvclive-compatible), with "step". */
export async function readLatestMetrics(
  runDir: string,
  record?: Pick<RunRecord, 'dvcliveDir'> | null,
): Promise<Record<string, unknown>> {
  const merged: Record<string, unknown> = {};
  for (const root of metricRoots(runDir, record)) {
    try {
      const parsed = parseTolerantJson(await readFile(runPaths(root).metrics, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(merged, parsed);
    } catch {
      // absent or mid-replace: the series files remain the source of truth
    }
  }
  return merged;
}

/** Flattened numeric latest values ("train/loss") without the step key. */
export function numericMetrics(latest: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(flatten(latest, '/'))) {
    if (k === 'step') continue;
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

export interface SeriesFile {
  name: string;
  path: string;
}

/** Every metric series of a run: plots/metrics/**\/*.tsv, named by relative path ("train/loss"). */
export async function listMetricSeries(
  runDir: string,
  record?: Pick<RunRecord, 'dvcliveDir'> | null,
): Promise<SeriesFile[]> {
  const found = new Map<string, SeriesFile>();
  for (const root of metricRoots(runDir, record)) {
    const base = runPaths(root).plots;
    for (const file of await walkTsv(base)) {
      const name = relative(base, file).slice(0, -'.tsv'.length).split(sep).join('/');
      if (!found.has(name)) found.set(name, { name, path: file });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function listSystemSeries(runDir: string): Promise<SeriesFile[]> {
  const base = runPaths(runDir).system;
  return (await walkTsv(base)).map((path) => ({ name: relative(base, path).slice(0, -4).split(sep).join('/'), path }));
}

/** Every `.tsv` file under `dir`, depth first (none when `dir` is missing). */
export async function walkTsv(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) for (const item of await walkTsv(p)) out.push(item);
    else if (e.isFile() && e.name.endsWith('.tsv')) out.push(p);
  }
  return out;
}

/** The last `maxBytes` of the run's log, starting at a line boundary; huge logs are never read whole. */
export async function readLogTail(
  runDir: string,
  maxBytes = 64 * 1024,
): Promise<{ text: string; truncated: boolean; size: number }> {
  const path = runPaths(runDir).log;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return { text: '', truncated: false, size: 0 };
  }
  const start = Math.max(0, size - maxBytes);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    let text = buffer.toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated: start > 0, size };
  } finally {
    await handle.close();
  }
}

/** Last lines of the log, for "failed: here is why" messages. */
export async function lastLogLines(runDir: string, lines = 50): Promise<string[]> {
  const { text } = await readLogTail(runDir, 32 * 1024);
  return text.replace(/\n$/, '').split('\n').slice(-lines);
}
