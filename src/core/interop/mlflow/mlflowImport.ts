import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { MlopsError, throwIfAborted } from '../../errors';
import type { RunStore } from '../../store/runStore';
import { withImportWriter, type ImportWriter, type SeriesPoints } from '../importedRun';
import type { ImportedRunReport, ImportReport } from '../importReport';
import {
  artifactsFolder,
  isDeleted,
  listKeyFiles,
  paramValue,
  readMeta,
  runStatus,
  subfolders,
  type Meta,
} from './mlflowFiles';
import { readMetricFile } from './mlflowMetrics';

export interface MlflowImportOptions {
  /** An `mlruns` folder, or a folder holding one. */
  path: string;
  /** Experiment of every imported run; default: each run's MLflow experiment name. */
  experiment?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface FoundRun {
  dir: string;
  runId: string;
  meta: Meta;
  experimentName: string;
  tags: Record<string, string>;
}

interface SavedState {
  metricOffsets?: Record<string, number>;
}

/** Imports the live runs of an MLflow file store (`.trash/` and deleted runs are left out); see docs/import.md. */
export async function importMlflow(store: RunStore, options: MlflowImportOptions): Promise<ImportReport> {
  const root = await mlrunsRoot(resolve(store.workspace, options.path), options.path);
  const report: ImportReport = { kind: 'mlflow', source: root, runs: [], points: 0, notes: [] };
  const found = await findRuns(root, report);
  // Parents first, so that a child's parent already has its run id.
  const parentOf = (r: FoundRun) => r.tags['mlflow.parentRunId'];
  const byId = new Map(found.map((r) => [r.runId, r]));
  const depth = (r: FoundRun, seen = 0): number =>
    parentOf(r) && byId.has(parentOf(r)) && seen < 100 ? 1 + depth(byId.get(parentOf(r))!, seen + 1) : 0;
  found.sort((a, b) => depth(a) - depth(b));
  let done = 0;
  await withImportWriter(store, async (writer) => {
    for (const run of found) {
      throwIfAborted(options.signal, 'import');
      const entry = await importRun(writer, run, byId, options.experiment);
      report.points += entry.points;
      report.runs.push(entry);
      options.onProgress?.(++done, found.length);
    }
  });
  return report;
}

async function mlrunsRoot(path: string, given: string): Promise<string> {
  for (const candidate of [path, join(path, 'mlruns')]) {
    const names = await subfolders(candidate);
    const metas = await Promise.all(
      names
        .filter((n) => !n.startsWith('.'))
        .map((n) =>
          stat(join(candidate, n, 'meta.yaml')).then(
            () => true,
            () => false,
          ),
        ),
    );
    if (metas.some(Boolean) || names.includes('.trash')) return candidate;
  }
  if (!(await stat(path).catch(() => undefined))?.isDirectory()) {
    throw new MlopsError(
      `${given} is not a folder`,
      'bad-input',
      'Give the mlruns folder MLflow writes (MLFLOW_TRACKING_URI=file:…).',
    );
  }
  throw new MlopsError(
    `${given} holds no MLflow experiment (no <id>/meta.yaml)`,
    'not-found',
    'Give the mlruns folder MLflow writes, or the folder that holds it.',
  );
}

async function findRuns(root: string, report: ImportReport): Promise<FoundRun[]> {
  const runs: FoundRun[] = [];
  let deleted = 0;
  for (const expId of await subfolders(root)) {
    if (expId.startsWith('.')) continue; // .trash and other hidden folders
    const expDir = join(root, expId);
    const expMeta = await readMeta(expDir);
    if (typeof expMeta === 'string') {
      report.notes.push(`experiment folder ${expId}: ${expMeta}; its runs were not imported`);
      continue;
    }
    if (isDeleted(expMeta)) {
      deleted++;
      continue;
    }
    const experimentName = typeof expMeta.name === 'string' && expMeta.name ? expMeta.name : `mlflow-${expId}`;
    for (const runId of await subfolders(expDir)) {
      const dir = join(expDir, runId);
      const meta = await readMeta(dir);
      if (typeof meta === 'string') {
        report.runs.push({
          name: `${expId}/${runId}`,
          runId: null,
          outcome: 'skipped',
          points: 0,
          params: 0,
          skipped: {},
          problems: [],
          reason: meta,
        });
        continue;
      }
      if (isDeleted(meta)) {
        deleted++;
        continue;
      }
      runs.push({
        dir,
        runId: String(meta.run_id ?? meta.run_uuid ?? runId),
        meta,
        experimentName,
        tags: await readTextFiles(join(dir, 'tags'), []),
      });
    }
  }
  if (deleted > 0)
    report.notes.push(
      `${deleted} deleted experiment(s) or run(s) (lifecycle_stage: deleted) were left out, as was .trash/`,
    );
  return runs;
}

async function readTextFiles(dir: string, problems: string[], what = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of await listKeyFiles(dir)) {
    let text = await readFile(join(dir, key), 'utf8');
    if (text.endsWith('\n')) text = text.slice(0, -1);
    if (what && text.includes('\n'))
      problems.push(`${what} '${key}' holds a line break; imported as a multi-line string`);
    out[key] = text;
  }
  return out;
}

async function importRun(
  writer: ImportWriter,
  run: FoundRun,
  byId: Map<string, FoundRun>,
  experiment?: string,
): Promise<ImportedRunReport> {
  const previous = await writer.find('mlflow', run.dir);
  const offsets = { ...((previous?.state as SavedState | undefined)?.metricOffsets ?? {}) };
  const problems: string[] = [];
  const rawParams = await readTextFiles(join(run.dir, 'params'), problems, 'param');
  const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, paramValue(v)]));
  const series = new Map<string, SeriesPoints>();
  let points = 0;
  for (const key of await listKeyFiles(join(run.dir, 'metrics'))) {
    const read = await readMetricFile(join(run.dir, 'metrics', ...key.split('/')), offsets[key] ?? 0);
    offsets[key] = read.consumed;
    series.set(key, read.points);
    points += read.points.steps.length;
    if (read.bad.length > 0)
      problems.push(`metrics/${key}: ${read.bad.length} line(s) skipped (${read.bad.slice(0, 3).join('; ')})`);
    if (read.stepless > 0)
      problems.push(
        `metrics/${key}: ${read.stepless} line(s) have no step ('timestamp value', as MLflow before 1.0 wrote them) and were read with step 0, as MLflow reads them`,
      );
  }
  const name = run.tags['mlflow.runName'] || (typeof run.meta.run_name === 'string' && run.meta.run_name) || run.runId;
  const parentRun = byId.get(run.tags['mlflow.parentRunId']);
  const { 'mlflow.runName': _name, 'mlflow.parentRunId': _parent, ...otherTags } = run.tags;
  const ms = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString() : null);
  const written = await writer.write({
    kind: 'mlflow',
    source: run.dir,
    foreignId: run.runId,
    experiment: experiment ?? run.experimentName,
    name,
    params,
    tags: {
      ...otherTags,
      'imported.from': 'mlflow',
      'mlflow.runId': run.runId,
      'mlflow.status': String(run.meta.status ?? ''),
    },
    series,
    status: runStatus(run.meta.status),
    startedAt: ms(run.meta.start_time),
    endedAt: ms(run.meta.end_time),
    parentSource: parentRun?.dir,
    artifactsDir: await artifactsFolder(run.dir, run.meta),
    state: { metricOffsets: offsets } satisfies SavedState,
  });
  if (run.tags['mlflow.parentRunId'] && !parentRun)
    problems.push(
      `its parent run ${run.tags['mlflow.parentRunId']} is not in this store (deleted?); imported without a parent`,
    );
  return {
    name: `${basename(run.dir)} (${name})`,
    runId: written.id,
    outcome: written.outcome,
    points,
    params: Object.keys(params).length,
    skipped: {},
    problems,
  };
}
