import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { MlopsError, throwIfAborted } from '../../errors';
import type { RunStore } from '../../store/runStore';
import { withImportWriter, type ImportWriter, type SeriesPoints } from '../importedRun';
import type { ImportedRunReport, ImportReport } from '../importReport';

export interface WandbImportOptions {
  /** A `wandb/` folder of run folders, or one run folder (`run-…`/`offline-run-…`, holding `files/`). */
  path: string;
  experiment?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface SavedState {
  historyOffset?: number;
}

const RUN_FOLDER = /^(offline-)?run-\d{8}_\d{6}-(\w+)$/;

/**
 * Imports W&B run folders as far as their plain files go: files/config.yaml → params, files/wandb-summary.json →
 * final values, files/wandb-history.jsonl → series. The binary `run-<id>.wandb` log (where newer W&B keeps the
 * history) is a format of W&B's own that this importer does not read; the report says so for each run it affects.
 */
export async function importWandb(store: RunStore, options: WandbImportOptions): Promise<ImportReport> {
  const path = resolve(store.workspace, options.path);
  if (!(await stat(path).catch(() => undefined))?.isDirectory()) {
    throw new MlopsError(
      `${options.path} is not a folder`,
      'bad-input',
      'Give the wandb/ folder your script wrote, or one of its run-… folders.',
    );
  }
  const runDirs = (await isRunFolder(path)) ? [path] : await findRunFolders(path);
  if (runDirs.length === 0) {
    throw new MlopsError(
      `no W&B run folders (run-…/files or offline-run-…/files) in ${options.path}`,
      'not-found',
      'Give the wandb/ folder your script wrote.',
    );
  }
  const report: ImportReport = { kind: 'wandb', source: path, runs: [], points: 0, notes: [] };
  let binaryOnly = 0;
  let done = 0;
  await withImportWriter(store, async (writer) => {
    for (const dir of runDirs) {
      throwIfAborted(options.signal, 'import');
      const { entry, historyOnlyInBinary } = await importRun(writer, dir, options.experiment ?? 'wandb');
      if (historyOnlyInBinary) binaryOnly++;
      report.points += entry.points;
      report.runs.push(entry);
      options.onProgress?.(++done, runDirs.length);
    }
  });
  if (binaryOnly > 0) {
    report.notes.push(
      `${binaryOnly} run(s) keep their per-step history only in the binary run-<id>.wandb log, which this importer cannot read: ` +
        'their config and final (summary) values were imported, without series. Export the history with the W&B API (run.history()) to a wandb-history.jsonl to import it.',
    );
  }
  return report;
}

async function isRunFolder(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'files')).catch(() => undefined))?.isDirectory() ?? false;
}

async function findRunFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    // latest-run is a link to one of the others
    if (e.isDirectory() && RUN_FOLDER.test(e.name) && (await isRunFolder(join(dir, e.name))))
      out.push(join(dir, e.name));
  }
  return out.sort();
}

async function importRun(
  writer: ImportWriter,
  dir: string,
  experiment: string,
): Promise<{ entry: ImportedRunReport; historyOnlyInBinary: boolean }> {
  const files = join(dir, 'files');
  const problems: string[] = [];
  const previous = await writer.find('wandb', dir);
  const params = await readConfig(join(files, 'config.yaml'), problems);
  const summary = await readJson(join(files, 'wandb-summary.json'), problems);
  const finalValues: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary ?? {}))
    if (!k.startsWith('_') && typeof v === 'number') finalValues[k] = v;
  const history = await readHistory(
    join(files, 'wandb-history.jsonl'),
    (previous?.state as SavedState | undefined)?.historyOffset ?? 0,
    problems,
  );
  const binary = (await readdir(dir).catch(() => [] as string[])).some((n) => n.endsWith('.wandb'));
  const id = RUN_FOLDER.exec(basename(dir))?.[2] ?? basename(dir);
  let points = 0;
  for (const s of history.series.values()) points += s.steps.length;
  const entry: ImportedRunReport = {
    name: id,
    runId: previous?.id ?? null,
    outcome: 'skipped',
    points,
    params: Object.keys(params).length,
    skipped: {},
    problems,
  };
  if (!previous && points === 0 && entry.params === 0 && Object.keys(finalValues).length === 0) {
    entry.reason = binary
      ? 'everything it holds is in the binary .wandb log, which cannot be read'
      : 'no config, summary or history files';
    return { entry, historyOnlyInBinary: false };
  }
  const ts = typeof summary?._timestamp === 'number' ? new Date(summary._timestamp * 1000).toISOString() : null;
  const written = await writer.write({
    kind: 'wandb',
    source: dir,
    foreignId: id,
    experiment,
    name: id,
    params,
    tags: { 'imported.from': 'wandb', 'wandb.runId': id },
    series: history.series,
    finalValues,
    status: 'completed',
    startedAt: history.firstMs !== null ? new Date(history.firstMs).toISOString() : null,
    endedAt: ts,
    state: { historyOffset: history.consumed } satisfies SavedState,
  });
  entry.runId = written.id;
  entry.outcome = written.outcome;
  return { entry, historyOnlyInBinary: binary && !history.present };
}

/** config.yaml: `key: {desc, value}` (or `key: {value}`), W&B's own keys (`_wandb`, `wandb_version`) left out. */
async function readConfig(path: string, problems: string[]): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (err) {
    problems.push(`files/config.yaml is not valid YAML (${(err as Error).message.split('\n')[0]}); no params imported`);
    return {};
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((parsed as Record<string, unknown>) ?? {})) {
    if (k === '_wandb' || k === 'wandb_version') continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && 'value' in v ? (v as { value: unknown }).value : v;
  }
  return out;
}

async function readJson(path: string, problems: string[]): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      problems.push(`${basename(path)} could not be read (${(err as Error).message}); no final values imported`);
    return undefined;
  }
}

async function readHistory(path: string, start: number, problems: string[]) {
  const series = new Map<string, SeriesPoints>();
  let text = '';
  let present = false;
  try {
    const handle = await open(path, 'r');
    present = true;
    try {
      const { size } = await handle.stat();
      if (size > start) {
        const buf = Buffer.alloc(size - start);
        await handle.read(buf, 0, buf.length, start);
        text = buf.toString('utf8');
      }
    } finally {
      await handle.close();
    }
  } catch {
    // no history file
  }
  const end = text.lastIndexOf('\n') + 1;
  let bad = 0;
  let firstMs: number | null = null;
  let row = 0;
  for (const line of text.slice(0, end).split('\n')) {
    if (!line.trim()) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      bad++;
      continue;
    }
    const step = typeof record._step === 'number' ? record._step : row;
    const ms = typeof record._timestamp === 'number' ? Math.round(record._timestamp * 1000) : Date.now();
    if (firstMs === null) firstMs = ms;
    row++;
    for (const [k, v] of Object.entries(record)) {
      if (k.startsWith('_') || typeof v !== 'number') continue;
      let s = series.get(k);
      if (!s) series.set(k, (s = { steps: [], wallMs: [], values: [] }));
      s.steps.push(step);
      s.wallMs.push(ms);
      s.values.push(v);
    }
  }
  if (bad > 0) problems.push(`files/wandb-history.jsonl: ${bad} line(s) are not JSON and were skipped`);
  return { series, consumed: start + Buffer.byteLength(text.slice(0, end)), firstMs, present };
}
