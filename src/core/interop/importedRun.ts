import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../store/atomicWrite';
import { runPaths, storePaths } from '../store/layout';
import type { RunStore } from '../store/runStore';
import { withStoreLock } from '../store/storeLock';
import { setPath } from '../tracking/flatten';
import { formatMetricValue } from '../tracking/metricLine';
import { toParamsYaml } from '../tracking/paramsYaml';
import { newRunId } from '../tracking/runId';
import { readParams } from '../tracking/runReader';
import { parseTolerantJson, stringifyTolerantJson } from '../tracking/tolerantJson';
import type { RunId, RunRecord, RunStatus } from '../tracking/types';

/*
 * Writes what an importer read (TensorBoard, MLflow, W&B) as a run of the store, idempotently: `.mlops/imports.json`
 * maps each imported run's key (tool + source folder) to its run id, and each imported run keeps its importer's
 * progress (e.g. how far each event file was read) in `import.json`. A new run is written in a staging folder and
 * renamed into place, so a failed import leaves no partial run; a re-import appends only what is new.
 */

export type ImportKind = 'tensorboard' | 'mlflow' | 'wandb';

export interface SeriesPoints {
  steps: number[];
  wallMs: number[];
  values: number[];
}

export interface ImportedRun {
  kind: ImportKind;
  /** Absolute path of the folder this run was read from; with `kind`, the run's identity across imports. */
  source: string;
  /** The tool's own id of the run, when it has one. */
  foreignId?: string;
  experiment: string;
  name: string;
  params: Record<string, unknown>;
  tags: Record<string, string>;
  /** Points not imported before, by metric name. */
  series: Map<string, SeriesPoints>;
  /** Final values that have no series (W&B's summary), merged into metrics.json. */
  finalValues?: Record<string, number>;
  status: RunStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** The parent's source folder (imported in the same or an earlier import). */
  parentSource?: string;
  /** A folder of artifacts linked, not copied, as the run's artifacts/. */
  artifactsDir?: string;
  /** The importer's progress, given back on the next import of the same source. */
  state: unknown;
}

export type WriteOutcome = 'created' | 'appended' | 'unchanged';

interface Ledger {
  version: 1;
  runs: Record<string, string>;
}

const STAGING_PREFIX = '.new-';
const STATE_FILE = 'import.json';

const ledgerKey = (kind: ImportKind, source: string) => `${kind}:${source}`;

function readLedger(workspace: string): Ledger {
  try {
    const parsed = JSON.parse(readFileSync(join(storePaths(workspace).root, 'imports.json'), 'utf8')) as Ledger;
    if (parsed && typeof parsed.runs === 'object') return parsed;
  } catch {
    // none yet, or unreadable: the run folders' import.json files are the truth (see findImported)
  }
  return { version: 1, runs: {} };
}

/** The imported run of `source`, with its importer state; undefined when it was never imported (or was deleted). */
export async function findImported(workspace: string, kind: ImportKind, source: string): Promise<{ id: RunId; state: unknown } | undefined> {
  const id = readLedger(workspace).runs[ledgerKey(kind, source)];
  if (!id) return undefined;
  const dir = join(storePaths(workspace).runs, id);
  try {
    const saved = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as { kind: string; source: string; state: unknown };
    if (saved.kind === kind && saved.source === source) return { id: id as RunId, state: saved.state };
  } catch {
    // deleted since: import it afresh
  }
  return undefined;
}

/** Writes a new run, or appends to the one an earlier import made of the same source. */
export async function writeImportedRun(store: RunStore, run: ImportedRun): Promise<{ id: RunId; outcome: WriteOutcome }> {
  const existing = await findImported(store.workspace, run.kind, run.source);
  if (existing) return { id: existing.id, outcome: await appendToRun(store, existing.id, run) };
  return { id: await createRun(store, run), outcome: 'created' };
}

async function createRun(store: RunStore, run: ImportedRun): Promise<RunId> {
  const id = newRunId();
  const runs = storePaths(store.workspace).runs;
  const staging = join(runs, `${STAGING_PREFIX}${id}`);
  const paths = runPaths(staging);
  try {
    await mkdir(paths.plots, { recursive: true });
    if (run.artifactsDir && existsSync(run.artifactsDir)) symlinkSync(run.artifactsDir, paths.artifacts, 'junction');
    else await mkdir(paths.artifacts, { recursive: true });
    if (Object.keys(run.params).length > 0) await writeFile(paths.params, toParamsYaml(run.params));
    const latest = await writeSeries(paths.plots, run.series, true);
    await writeLatest(paths.metrics, {}, latest, run.finalValues);
    await writeJsonAtomic(join(staging, STATE_FILE), { kind: run.kind, source: run.source, state: run.state });
    return await withStoreLock(store.workspace, async () => {
      const parentId = run.parentSource ? readLedger(store.workspace).runs[ledgerKey(run.kind, run.parentSource)] : undefined;
      await writeJsonAtomic(paths.record, record(id, run, (parentId as RunId | undefined) ?? null));
      await rename(staging, join(runs, id));
      const ledger = readLedger(store.workspace);
      ledger.runs[ledgerKey(run.kind, run.source)] = id;
      await writeJsonAtomic(join(storePaths(store.workspace).root, 'imports.json'), ledger);
      return id;
    }).then(async (done) => {
      await store.refreshSummary(done);
      return done;
    });
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

function record(id: RunId, run: ImportedRun, parent: RunId | null): RunRecord {
  return {
    id,
    experiment: run.experiment,
    name: run.name,
    status: run.status,
    command: `${run.kind} import of ${run.source}`,
    argv: [],
    shell: false,
    cwd: run.source,
    createdAt: new Date().toISOString(),
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    exitCode: run.status === 'completed' ? 0 : null,
    signal: null,
    pid: null,
    git: null,
    data: [],
    env: {},
    parent,
    tags: run.tags,
    source: 'import',
    importedFrom: { kind: run.kind, source: run.source, ...(run.foreignId ? { id: run.foreignId } : {}) },
  };
}

async function appendToRun(store: RunStore, id: RunId, run: ImportedRun): Promise<WriteOutcome> {
  const dir = store.runDir(id);
  const paths = runPaths(dir);
  const oldParams = await readParams(dir);
  const paramsChanged = Object.entries(run.params).some(([k, v]) => JSON.stringify(oldParams[k]) !== JSON.stringify(v));
  const hasPoints = [...run.series.values()].some((s) => s.steps.length > 0);
  if (!hasPoints && !paramsChanged && !run.finalValues) {
    await writeJsonAtomic(join(dir, STATE_FILE), { kind: run.kind, source: run.source, state: run.state });
    return 'unchanged';
  }
  if (paramsChanged) await writeFile(paths.params, toParamsYaml({ ...oldParams, ...run.params }));
  const latest = await writeSeries(paths.plots, run.series, false);
  let previous: Record<string, unknown> = {};
  try {
    previous = parseTolerantJson(await readFile(paths.metrics, 'utf8')) as Record<string, unknown>;
  } catch {
    // rewritten below
  }
  await writeLatest(paths.metrics, previous, latest, run.finalValues);
  await writeJsonAtomic(join(dir, STATE_FILE), { kind: run.kind, source: run.source, state: run.state });
  await store.updateRun(id, { ...(run.endedAt ? { endedAt: run.endedAt } : {}), status: run.status });
  return 'appended';
}

/** Metric names become paths under plots/metrics: empty, `.` and `..` segments and backslashes are replaced. */
export function metricSegments(name: string): string[] {
  const segments = name.split('/').map((s) => s.trim().replace(/[\\\0]/g, '_')).filter((s) => s !== '');
  const safe = segments.map((s) => (s === '.' || s === '..' ? s.replace(/\./g, '_') : s));
  return safe.length > 0 ? safe : ['_'];
}

interface Latest {
  segments: string[];
  value: number;
  step: number;
}

export async function writeSeries(plots: string, series: Map<string, SeriesPoints>, fresh: boolean): Promise<Latest[]> {
  const latest: Latest[] = [];
  for (const [name, s] of series) {
    const n = s.steps.length;
    if (n === 0) continue;
    const segments = metricSegments(name);
    const file = join(plots, ...segments) + '.tsv';
    await mkdir(dirname(file), { recursive: true });
    const needsHeader = fresh || !existsSync(file);
    const parts: string[] = needsHeader ? [`timestamp\tstep\t${segments[segments.length - 1]}\n`] : [];
    const { steps, wallMs, values } = s;
    for (let i = 0; i < n; i++) parts.push(`${wallMs[i]}\t${steps[i]}\t${formatMetricValue(values[i])}\n`);
    await appendFile(file, parts.join(''));
    latest.push({ segments, value: values[n - 1], step: steps[n - 1] });
  }
  return latest;
}

async function writeLatest(path: string, previous: Record<string, unknown>, latest: Latest[], finalValues?: Record<string, number>): Promise<void> {
  const metrics = { ...previous };
  let step = typeof metrics.step === 'number' ? metrics.step : 0;
  for (const l of latest) {
    setPath(metrics, l.segments, l.value);
    step = Math.max(step, l.step);
  }
  for (const [name, value] of Object.entries(finalValues ?? {})) setPath(metrics, metricSegments(name), value);
  metrics.step = step;
  await writeFile(path + '.tmp', stringifyTolerantJson(metrics));
  await rename(path + '.tmp', path);
}
