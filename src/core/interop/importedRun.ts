import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../store/atomicWrite';
import { PARAMS_YAML, runPaths, storePaths } from '../store/layout';
import type { RunStore } from '../store/runStore';
import { withStoreLock } from '../store/storeLock';
import { setPath } from '../tracking/flatten';
import { formatMetricValue } from '../tracking/metricLine';
import { stringify as toYaml } from 'yaml';
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

/** A series already formatted as metric lines (`timestamp\tstep\tvalue\n`…, no header), e.g. by a reader thread. */
export interface FormattedSeries {
  lines: string;
  count: number;
  lastValue: number;
  lastStep: number;
}

export type ImportedSeries = SeriesPoints | FormattedSeries;

/** The lines of a series, as the metric line grammar reads them (docs/metric-files.md). */
export function formatSeries(s: SeriesPoints): FormattedSeries {
  const { steps, wallMs, values } = s;
  const n = steps.length;
  let lines = '';
  for (let i = 0; i < n; i++) {
    const v = values[i];
    lines +=
      wallMs[i] +
      '\t' +
      steps[i] +
      '\t' +
      (v === v && v !== Infinity && v !== -Infinity ? '' + v : formatMetricValue(v)) +
      '\n';
  }
  return { lines, count: n, lastValue: values[n - 1], lastStep: steps[n - 1] };
}

const isFormatted = (s: ImportedSeries): s is FormattedSeries => 'lines' in s;

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
  series: Map<string, ImportedSeries>;
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
const ledgerPath = (workspace: string) => join(storePaths(workspace).root, 'imports.json');

function readLedger(workspace: string): Ledger {
  try {
    const parsed = JSON.parse(readFileSync(ledgerPath(workspace), 'utf8')) as Ledger;
    if (parsed && typeof parsed.runs === 'object') return parsed;
  } catch {
    // none yet, or unreadable: imported again, as new runs
  }
  return { version: 1, runs: {} };
}

/**
 * One import's writes. New runs are written into staging folders and only renamed into the store by `commit()`, all
 * under one store lock with one ledger write, then indexed in one step; `abort()` (on an error or a cancel) removes
 * them, so an import that does not finish leaves no run behind. Appends to runs of earlier imports happen at once.
 */
export class ImportWriter {
  private readonly ledger: Ledger;
  private readonly staged: Array<{
    id: RunId;
    staging: string;
    key: string;
    parentSource?: string;
    kind: ImportKind;
    run: ImportedRun;
  }> = [];
  private readonly stagedBySource = new Map<string, RunId>();

  constructor(private readonly store: RunStore) {
    this.ledger = readLedger(store.workspace);
  }

  /** The imported run of `source`, with its importer state; undefined when it was never imported (or was deleted). */
  async find(kind: ImportKind, source: string): Promise<{ id: RunId; state: unknown } | undefined> {
    const id = this.ledger.runs[ledgerKey(kind, source)];
    if (!id) return undefined;
    try {
      const saved = JSON.parse(await readFile(join(storePaths(this.store.workspace).runs, id, STATE_FILE), 'utf8')) as {
        kind: string;
        source: string;
        state: unknown;
      };
      if (saved.kind === kind && saved.source === source) return { id: id as RunId, state: saved.state };
    } catch {
      // deleted since: import it afresh
    }
    return undefined;
  }

  /** Stages a new run, or appends to the one an earlier import made of the same source. */
  async write(run: ImportedRun): Promise<{ id: RunId; outcome: WriteOutcome }> {
    const existing = await this.find(run.kind, run.source);
    if (existing) return { id: existing.id, outcome: await appendToRun(this.store, existing.id, run) };
    const id = newRunId();
    const staging = join(storePaths(this.store.workspace).runs, `${STAGING_PREFIX}${id}`);
    this.staged.push({ id, staging, key: ledgerKey(run.kind, run.source), kind: run.kind, run });
    this.stagedBySource.set(ledgerKey(run.kind, run.source), id);
    try {
      stageRun(staging, run);
    } catch (err) {
      await this.abort();
      throw err;
    }
    return { id, outcome: 'created' };
  }

  /** Moves the staged runs into the store, records them in the ledger, and indexes them. */
  async commit(): Promise<void> {
    if (this.staged.length === 0) return;
    const runs = storePaths(this.store.workspace).runs;
    await withStoreLock(this.store.workspace, async () => {
      const ledger = readLedger(this.store.workspace);
      for (const s of this.staged) {
        const parentKey = s.run.parentSource ? ledgerKey(s.kind, s.run.parentSource) : undefined;
        const parent = parentKey
          ? (this.stagedBySource.get(parentKey) ?? (ledger.runs[parentKey] as RunId | undefined))
          : undefined;
        await writeJsonAtomic(runPaths(s.staging).record, record(s.id, s.run, parent ?? null));
      }
      for (const s of this.staged) {
        await rename(s.staging, join(runs, s.id));
        ledger.runs[s.key] = s.id;
      }
      await writeJsonAtomic(ledgerPath(this.store.workspace), ledger);
    });
    this.staged.length = 0;
    // Listing indexes every run folder the index lacks, in one write.
    await this.store.listRuns();
  }

  async abort(): Promise<void> {
    for (const s of this.staged) await rm(s.staging, { recursive: true, force: true });
    this.staged.length = 0;
  }
}

/** Runs `fn` with a writer, then commits what it staged; on an error or a cancel, removes it instead. */
export async function withImportWriter<T>(store: RunStore, fn: (writer: ImportWriter) => Promise<T>): Promise<T> {
  const writer = new ImportWriter(store);
  try {
    const result = await fn(writer);
    await writer.commit();
    return result;
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/*
 * The writes below are synchronous on purpose: an import writes thousands of small files in a row, and a trip through
 * the thread pool for each costs more than the write itself (importers run in the CLI or the backend, never in the
 * extension host's event loop).
 */
function stageRun(staging: string, run: ImportedRun): void {
  const paths = runPaths(staging);
  mkdirSync(paths.plots, { recursive: true });
  if (run.artifactsDir && existsSync(run.artifactsDir)) symlinkSync(run.artifactsDir, paths.artifacts, 'junction');
  else mkdirSync(paths.artifacts, { recursive: true });
  if (Object.keys(run.params).length > 0) writeFileSync(paths.params, toYaml(run.params, PARAMS_YAML));
  const latest = writeSeries(paths.plots, run.series, true);
  writeLatest(paths.metrics, {}, latest, run.finalValues);
  writeFileSync(join(staging, STATE_FILE), JSON.stringify({ kind: run.kind, source: run.source, state: run.state }));
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
  const hasPoints = [...run.series.values()].some((s) => (isFormatted(s) ? s.count : s.steps.length) > 0);
  if (!hasPoints && !paramsChanged && !run.finalValues) {
    await writeJsonAtomic(join(dir, STATE_FILE), { kind: run.kind, source: run.source, state: run.state });
    return 'unchanged';
  }
  if (paramsChanged) await writeFile(paths.params, toYaml({ ...oldParams, ...run.params }, PARAMS_YAML));
  const latest = writeSeries(paths.plots, run.series, false);
  let previous: Record<string, unknown> = {};
  try {
    previous = parseTolerantJson(await readFile(paths.metrics, 'utf8')) as Record<string, unknown>;
  } catch {
    // rewritten below
  }
  writeLatest(paths.metrics, previous, latest, run.finalValues);
  await writeJsonAtomic(join(dir, STATE_FILE), { kind: run.kind, source: run.source, state: run.state });
  await store.updateRun(id, { ...(run.endedAt ? { endedAt: run.endedAt } : {}), status: run.status });
  return 'appended';
}

/** Metric names become paths under plots/metrics: empty, `.` and `..` segments and backslashes are replaced. */
export function metricSegments(name: string): string[] {
  const segments = name
    .split('/')
    .map((s) => s.trim().replace(/[\\\0]/g, '_'))
    .filter((s) => s !== '');
  const safe = segments.map((s) => (s === '.' || s === '..' ? s.replace(/\./g, '_') : s));
  return safe.length > 0 ? safe : ['_'];
}

interface Latest {
  segments: string[];
  value: number;
  step: number;
}

export function writeSeries(plots: string, series: Map<string, ImportedSeries>, fresh: boolean): Latest[] {
  const latest: Latest[] = [];
  const madeDirs = new Set<string>();
  for (const [name, raw] of series) {
    const s = isFormatted(raw) ? raw : raw.steps.length > 0 ? formatSeries(raw) : undefined;
    if (!s || s.count === 0) continue;
    const segments = metricSegments(name);
    const file = join(plots, ...segments) + '.tsv';
    const dir = dirname(file);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const header = fresh || !existsSync(file) ? `timestamp\tstep\t${segments[segments.length - 1]}\n` : '';
    appendFileSync(file, header + s.lines);
    latest.push({ segments, value: s.lastValue, step: s.lastStep });
  }
  return latest;
}

function writeLatest(
  path: string,
  previous: Record<string, unknown>,
  latest: Latest[],
  finalValues?: Record<string, number>,
): void {
  const metrics = { ...previous };
  let step = typeof metrics.step === 'number' ? metrics.step : 0;
  for (const l of latest) {
    setPath(metrics, l.segments, l.value);
    step = Math.max(step, l.step);
  }
  for (const [name, value] of Object.entries(finalValues ?? {})) setPath(metrics, metricSegments(name), value);
  metrics.step = step;
  writeFileSync(path + '.tmp', stringifyTolerantJson(metrics));
  renameSync(path + '.tmp', path);
}
