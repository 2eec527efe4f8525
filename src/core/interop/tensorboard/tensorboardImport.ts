import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { MlopsError, throwIfAborted } from '../../errors';
import type { RunStore } from '../../store/runStore';
import type { RunId } from '../../tracking/types';
import { withImportWriter, type ImportWriter } from '../importedRun';
import type { ImportedRunReport, ImportReport } from '../importReport';
import { findRunFolders, type RunFolder } from './eventFiles';
import type { FolderText } from './folderText';
import type { FileOffsets } from './readRunFolder';
import { defaultThreads, readFolders } from './readerPool';

export interface TensorboardImportOptions {
  logdir: string;
  /** Experiment of the imported runs; default: the log folder's name. */
  experiment?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Reader threads (0: read on this thread); default: one per core for 8 folders or more. */
  threads?: number;
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
    throw new MlopsError(
      `${options.logdir} is not a folder`,
      'bad-input',
      'Give the TensorBoard log folder (the one you pass to tensorboard --logdir).',
    );
  }
  const folders = await findRunFolders(logdir, options.signal);
  if (folders.length === 0) {
    throw new MlopsError(
      `no TensorBoard event files (events.out.tfevents.*) under ${options.logdir}`,
      'not-found',
      'Give the folder your SummaryWriter wrote to (its log_dir).',
    );
  }
  const experiment = options.experiment ?? basename(logdir);
  const report: ImportReport = { kind: 'tensorboard', source: logdir, runs: [], points: 0, notes: [] };
  await withImportWriter(store, async (writer) => {
    const previous = await Promise.all(folders.map((f) => writer.find('tensorboard', f.dir)));
    const offsets = previous.map((p) => (p?.state as SavedState | undefined)?.offsets ?? {});
    let i = 0;
    for await (const read of readFolders(folders, offsets, options.threads ?? defaultThreads(folders.length))) {
      throwIfAborted(options.signal, 'import');
      const entry = await importFolder(writer, folders[i], read, {
        previous: previous[i],
        offsets: offsets[i],
        experiment,
        logdirName: basename(logdir),
      });
      report.points += entry.points;
      report.runs.push(entry);
      i++;
      options.onProgress?.(i, folders.length);
    }
  });
  return report;
}

interface FolderContext {
  previous: { id: RunId; state: unknown } | undefined;
  offsets: FileOffsets;
  experiment: string;
  logdirName: string;
}

async function importFolder(
  writer: ImportWriter,
  folder: RunFolder,
  read: FolderText,
  ctx: FolderContext,
): Promise<ImportedRunReport> {
  const entry: ImportedRunReport = {
    name: folder.relative || ctx.logdirName,
    runId: ctx.previous?.id ?? null,
    outcome: 'skipped',
    points: read.points,
    params: Object.keys(read.params).length,
    skipped: Object.fromEntries(read.skipped),
    problems: read.problems.map((p) => `${p.file}: ${p.message}`),
  };
  if (!ctx.previous && entry.points === 0 && entry.params === 0) {
    entry.reason =
      read.problems.length > 0 ? 'nothing readable in its event files' : 'no scalars or hparams in its event files';
    return entry;
  }
  const first = Number.isFinite(read.firstWallMs) ? new Date(read.firstWallMs).toISOString() : null;
  const last = Number.isFinite(read.lastWallMs) ? new Date(read.lastWallMs).toISOString() : first;
  const written = await writer.write({
    kind: 'tensorboard',
    source: folder.dir,
    experiment: ctx.experiment,
    name: entry.name,
    params: read.params,
    tags: { 'imported.from': 'tensorboard' },
    series: new Map(read.series),
    status: 'completed',
    startedAt: first,
    endedAt: last,
    state: { offsets: { ...ctx.offsets, ...read.offsets } } satisfies SavedState,
  });
  entry.runId = written.id;
  entry.outcome = written.outcome;
  return entry;
}
