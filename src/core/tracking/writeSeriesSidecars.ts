import { setImmediate as nextTurn } from 'node:timers/promises';
import { throwIfAborted } from '../errors';
import { listMetricSeries } from './runReader';
import { SeriesColumnsTail } from './seriesColumns';
import { SIDECAR_MIN_POINTS, SeriesSidecar, seriesSidecarDir } from './seriesSidecar';

export interface SidecarWriteOptions {
  signal?: AbortSignal;
  /** Series with fewer points get no sidecar (default SIDECAR_MIN_POINTS, as in the compare panel). */
  minPoints?: number;
}

/** What writing a run's sidecars did, counted in series. */
export interface SidecarWriteReport {
  /** Sidecars written or extended with what the TSV gained since. */
  written: number;
  /** Sidecars that already held the whole TSV. */
  current: number;
  /** Series below the point threshold, left without one. */
  small: number;
  /** Points held by the sidecars written. */
  points: number;
}

/**
 * Parses each metric series of a run into the binary sidecar the compare panel restores from (same directory, same
 * key: the series' path as `listMetricSeries(runDir)` gives it, and its name), so a first compare of the run skips
 * the TSV parsing. An existing sidecar is restored and extended with the appended bytes only. Series are handled one
 * at a time, giving the event loop a turn between them; `signal` stops before the next series or file chunk.
 */
export async function writeSeriesSidecars(
  workspace: string,
  runDir: string,
  options: SidecarWriteOptions = {},
): Promise<SidecarWriteReport> {
  const { signal, minPoints = SIDECAR_MIN_POINTS } = options;
  const sidecar = new SeriesSidecar(seriesSidecarDir(workspace));
  const report: SidecarWriteReport = { written: 0, current: 0, small: 0, points: 0 };
  for (const series of await listMetricSeries(runDir)) {
    throwIfAborted(signal, 'writing series sidecars');
    const tail = new SeriesColumnsTail(series.path, series.name);
    const saved = await sidecar.load(series.path, series.name);
    if (saved) tail.restore(saved);
    const { added, reset } = await tail.poll(signal);
    const length = tail.columns.length;
    if (length < minPoints) report.small++;
    else if (saved && added === 0 && !reset) report.current++;
    else {
      throwIfAborted(signal, 'writing series sidecars');
      await sidecar.save(series.path, series.name, () => tail.state());
      report.written++;
      report.points += length;
    }
    await nextTurn();
  }
  return report;
}

/** Removes sidecar temp files left by a process that died in the middle of a save. */
export function removeOrphanSidecarTemps(workspace: string): Promise<number> {
  return new SeriesSidecar(seriesSidecarDir(workspace)).removeOrphanTemps();
}
