/**
 * The work behind the profile and drift panels, run off the extension host's thread (see dataWorker.ts): read
 * files into typed columns, profile them or compare them. Pure Node; tables stay cached so re-running a drift
 * report with other tests does not read the files again.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { throwIfAborted } from '../../core/errors';
import { profileTable, type DataProfile } from '../../core/data/profile';
import { readTable, type Table } from '../../core/data/readTable';
import { driftReport } from '../../core/drift/driftReport';
import type { DriftReport } from '../../core/drift/reportTypes';
import { requireTestedColumns } from '../../core/drift/untestedColumns';
import type { DriftSettings } from '../../protocol/webview/drift';
import { driftOptionsFrom } from './driftSettings';

export type DataJob =
  { kind: 'profile'; path: string } | { kind: 'drift'; reference: string; current: string; settings: DriftSettings };

export type DataJobResult =
  | { kind: 'profile'; profile: DataProfile; bytes: number; elapsedMs: number }
  | { kind: 'drift'; report: DriftReport; elapsedMs: number };

export interface JobProgress {
  message: string;
  /** 0…1 when known. */
  fraction: number | null;
}

/** Tables already read, by path, valid while the file's size and modification time stay the same. */
export class TableCache {
  private readonly tables = new Map<string, { key: string; table: Table }>();

  constructor(private readonly capacity = 2) {}

  async read(
    path: string,
    signal: AbortSignal,
    onProgress: (fraction: number) => void,
  ): Promise<{ table: Table; bytes: number }> {
    const info = await stat(path);
    const key = `${info.size}:${info.mtimeMs}`;
    const hit = this.tables.get(path);
    if (hit && hit.key === key) {
      this.tables.delete(path);
      this.tables.set(path, hit);
      return { table: hit.table, bytes: info.size };
    }
    const table = await readTable(path, {
      signal,
      onProgress: (done, total) => onProgress(total > 0 ? done / total : 0),
    });
    this.tables.set(path, { key, table });
    while (this.tables.size > this.capacity) this.tables.delete(this.tables.keys().next().value as string);
    return { table, bytes: info.size };
  }
}

export async function runDataJob(
  job: DataJob,
  cache: TableCache,
  signal: AbortSignal,
  progress: (p: JobProgress) => void,
): Promise<DataJobResult> {
  const started = Date.now();
  if (job.kind === 'profile') {
    const { table, bytes } = await cache.read(job.path, signal, (f) =>
      progress({ message: `reading ${basename(job.path)}`, fraction: f }),
    );
    progress({ message: `profiling ${table.rowCount.toLocaleString('en-US')} rows`, fraction: null });
    throwIfAborted(signal, 'profile');
    const profile = profileTable(table, signal);
    return { kind: 'profile', profile, bytes, elapsedMs: Date.now() - started };
  }
  const reference = await cache.read(job.reference, signal, (f) =>
    progress({ message: `reading reference ${basename(job.reference)}`, fraction: 0.4 * f }),
  );
  const current = await cache.read(job.current, signal, (f) =>
    progress({ message: `reading current ${basename(job.current)}`, fraction: 0.4 + 0.4 * f }),
  );
  const report = await driftReport(reference.table, current.table, {
    ...driftOptionsFrom(job.settings),
    signal,
    onProgress: (done, total) =>
      progress({ message: `testing column ${done} of ${total}`, fraction: total ? 0.8 + (0.2 * done) / total : null }),
  });
  requireTestedColumns(report);
  return { kind: 'drift', report, elapsedMs: Date.now() - started };
}
