import { CancelledError, MlopsError, errorMessage } from '../../core/errors';
import { FileRunStore } from '../../core/store/fileRunStore';
import { SIDECAR_MIN_POINTS, seriesSidecarDir } from '../../core/tracking/seriesSidecar';
import type { RunId } from '../../core/tracking/types';
import { removeOrphanSidecarTemps, writeSeriesSidecars } from '../../core/tracking/writeSeriesSidecars';
import type { CliCommand } from '../command';
import { progressLine } from '../progressLine';

const USAGE = 'cache build [run-id…]';

/** Ended runs by default: a running run's series are still growing. */
async function runsToBuild(store: FileRunStore, named: string[]): Promise<RunId[]> {
  if (named.length > 0) return Promise.all(named.map((id) => store.resolveRunId(id)));
  const runs = await store.listRuns();
  return runs.filter((r) => r.status !== 'running' && r.status !== 'queued').map((r) => r.id);
}

export const cacheCommand: CliCommand = {
  name: 'cache',
  usage: USAGE,
  summary:
    'parse metric series into the compare panel cache (.mlops/cache/series), for runs that lack it (e.g. imported ones)',
  async run(ctx) {
    const [action, ...ids] = ctx.args.positionals;
    if (action !== 'build')
      throw new MlopsError(
        action ? `unknown cache action '${action}'` : 'cache needs an action',
        'bad-input',
        `Usage: mlops ${USAGE}`,
      );
    const store = new FileRunStore(ctx.workspace);
    const runIds = await runsToBuild(store, ids);
    const orphanTemps = await removeOrphanSidecarTemps(ctx.workspace);
    const totals = { runs: runIds.length, written: 0, current: 0, small: 0, points: 0 };
    const problems: Record<string, string> = {};
    const progress = progressLine(ctx, 'caching series of runs');
    for (const [i, id] of runIds.entries()) {
      progress.update(i, runIds.length);
      try {
        const report = await writeSeriesSidecars(ctx.workspace, store.runDir(id), { signal: ctx.signal });
        totals.written += report.written;
        totals.current += report.current;
        totals.small += report.small;
        totals.points += report.points;
      } catch (err) {
        if (err instanceof CancelledError) {
          progress.done();
          throw err;
        }
        problems[id] = errorMessage(err);
      }
    }
    progress.done();
    const failed = Object.entries(problems).map(([id, why]) => `  ${id}: ${why}`);
    const text = [
      `wrote ${totals.written} series sidecar(s) (${totals.points} points) for ${totals.runs} run(s) into ${seriesSidecarDir(ctx.workspace)}`,
      `${totals.current} already up to date; ${totals.small} series under ${SIDECAR_MIN_POINTS} points are read from their TSV`,
      orphanTemps ? `removed ${orphanTemps} temp file(s) left by an interrupted save` : '',
      failed.length
        ? `${failed.length} run(s) could not be cached (their files are untouched):\n${failed.join('\n')}`
        : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { json: { ...totals, minPoints: SIDECAR_MIN_POINTS, orphanTemps, problems }, text };
  },
};
