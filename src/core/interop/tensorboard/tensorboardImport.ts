import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MlopsError, throwIfAborted } from '../../errors';
import type { RunStore } from '../../store/runStore';
import { withImportWriter, type ImportWriter } from '../importedRun';
import type { ImportedRunReport, ImportReport } from '../importReport';
import { findRunFolders, type RunFolder } from './eventFiles';
import { readRunFolder, type FileOffsets } from './readRunFolder';

export interface TensorboardImportOptions {
  logdir: string;
  /** Experiment of the imported runs; default: the log folder's name. */
  experiment?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface SavedState {
  offsets?: FileOffsets;
}

/**
 * Imports each folder of `logdir` that holds event files as a run named by its path relative to `logdir`.
 * A re-import reads each event file from where the last one stopped, so only new points are appended.
 */
export async function importTensorboard(store: RunStore, options: TensorboardImportOptions): Promise<ImportReport> {
  const logdir = resolve(store.workspace, options.logdir);
  const info = await stat(logdir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new MlopsError(`${options.logdir} is not a folder`, 'bad-input', 'Give the TensorBoard log folder (the one you pass to tensorboard --logdir).');
  }
  const folders = await findRunFolders(logdir, options.signal);
  if (folders.length === 0) {
    throw new MlopsError(`no TensorBoard event files (events.out.tfevents.*) under ${options.logdir}`, 'not-found', 'Give the folder your SummaryWriter wrote to (its log_dir).');
  }
  const experiment = options.experiment ?? basename(logdir);
  const report: ImportReport = { kind: 'tensorboard', source: logdir, runs: [], points: 0, notes: [] };
  let done = 0;
  await withImportWriter(store, async (writer) => {
    for (const folder of folders) {
      throwIfAborted(options.signal, 'import');
      const entry = await importFolder(writer, folder, experiment, basename(logdir));
      report.points += entry.points;
      report.runs.push(entry);
      options.onProgress?.(++done, folders.length);
    }
  });
  return report;
}

async function importFolder(writer: ImportWriter, folder: RunFolder, experiment: string, logdirName: string): Promise<ImportedRunReport> {
  const previous = await writer.find('tensorboard', folder.dir);
  const previousOffsets = (previous?.state as SavedState | undefined)?.offsets ?? {};
  const read = await readRunFolder(folder, previousOffsets);
  const { collected } = read;
  const entry: ImportedRunReport = {
    name: folder.relative || logdirName,
    runId: previous?.id ?? null,
    outcome: 'skipped',
    points: collected.points,
    params: Object.keys(collected.params).length,
    skipped: Object.fromEntries(collected.skipped),
    problems: read.problems.map((p) => `${p.file}: ${p.message}`),
  };
  if (!previous && entry.points === 0 && entry.params === 0) {
    entry.reason = read.problems.length > 0 ? 'nothing readable in its event files' : 'no scalars or hparams in its event files';
    return entry;
  }
  const first = Number.isFinite(collected.firstWallMs) ? new Date(collected.firstWallMs).toISOString() : null;
  const last = Number.isFinite(collected.lastWallMs) ? new Date(collected.lastWallMs).toISOString() : first;
  const written = await writer.write({
    kind: 'tensorboard',
    source: folder.dir,
    experiment,
    name: entry.name,
    params: collected.params,
    tags: { 'imported.from': 'tensorboard' },
    series: collected.series,
    status: 'completed',
    startedAt: first,
    endedAt: last,
    state: { offsets: { ...previousOffsets, ...read.offsets } } satisfies SavedState,
  });
  entry.runId = written.id;
  entry.outcome = written.outcome;
  return entry;
}
