/**
 * Cold compare in the extension host (no browser): N runs × P points of `loss`, series never read by the panel,
 * from the `ready` message to the `curves` message, the way CompareController answers the webview. Three cases, back
 * to back in one process on the same files:
 *   baseline  every TSV parsed on the host's thread (what a compare of never-read series did before sidecars)
 *   foreign   runs without sidecars (imports): TSVs parsed on the worker-thread pool the extension uses
 *   logged    runs whose sidecars the backend appended while they logged: every series restored from its sidecar
 * Prints each time and its ratio to the baseline.
 *   npx tsx test/bench/panels/coldCompare.ts [runs=100] [points=100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeriesSidecar, seriesSidecarDir } from '../../../src/core/tracking/seriesSidecar';
import type { RunSummary } from '../../../src/core/tracking/types';
import { writeSeriesSidecars } from '../../../src/core/tracking/writeSeriesSidecars';
import type { CompareToWebview } from '../../../src/protocol/webview/compare';
import { CompareController } from '../../../src/extension/panels/compareController';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { SeriesParsePool } from '../../../src/extension/panels/seriesParsePool';
import { rng, syntheticSummaries, writeRunFolder } from './syntheticStore';

export interface ColdCompareFigures {
  baselineMs: number;
  foreignMs: number;
  loggedMs: number;
  points: number;
}

async function curvesMs(
  workspace: string,
  summaries: RunSummary[],
  cache: SeriesCache,
  points: number,
): Promise<number> {
  const byId = new Map(summaries.map((s) => [s.id as string, s]));
  const sent: CompareToWebview[] = [];
  const controller = new CompareController(
    {
      summary: (id) => byId.get(id),
      runDir: (id) => join(workspace, '.mlops', 'runs', id),
      post: (m) => sent.push(m),
      openRun: () => undefined,
      cache,
    },
    summaries.map((s) => s.id),
  );
  const t = performance.now();
  await controller.handle({ type: 'ready', state: null });
  await controller.handle({ type: 'curves', requestId: 1, metric: 'loss', xAxis: 'step', columns: 1000, range: null });
  const ms = performance.now() - t;
  const curves = sent.find((m) => m.type === 'curves') as Extract<CompareToWebview, { type: 'curves' }> | undefined;
  if (!curves || curves.curves.length !== summaries.length) throw new Error('the compare answered without every curve');
  if (curves.curves.some((c) => c.x[c.x.length - 1] !== points - 1)) throw new Error('a curve lacks its last point');
  return ms;
}

export async function measureColdCompare(runs: number, points: number): Promise<ColdCompareFigures> {
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-bench-cold-'));
  const pool = new SeriesParsePool({
    entry: join(__dirname, '../../../src/extension/panels/seriesWorkerMain.ts'),
    execArgv: ['--require', 'tsx/cjs'],
  });
  try {
    const summaries = syntheticSummaries({ runs, params: 5, metrics: 2 });
    const random = rng(11);
    for (const s of summaries) {
      const spike = Math.floor(random() * points);
      writeRunFolder(workspace, s, [
        {
          name: 'loss',
          points,
          value: (i) => (i === spike ? 30 : 1 / Math.sqrt(i + 1) + 0.05 * Math.sin(i / 50) + random() * 1e-3),
        },
      ]);
    }
    const baselineMs = await curvesMs(workspace, summaries, new SeriesCache(), points);
    await pool.parse(join(workspace, '.mlops', 'runs', summaries[0].id, 'plots', 'metrics', 'loss.tsv'), 'loss'); // threads started
    const foreignMs = await curvesMs(workspace, summaries, new SeriesCache(undefined, undefined, pool), points);
    // What the backend leaves behind for runs it supervised (appended while they logged; not timed here).
    for (const s of summaries) await writeSeriesSidecars(workspace, join(workspace, '.mlops', 'runs', s.id));
    const loggedMs = await curvesMs(
      workspace,
      summaries,
      new SeriesCache(undefined, new SeriesSidecar(seriesSidecarDir(workspace))),
      points,
    );
    return { baselineMs, foreignMs, loggedMs, points: runs * points };
  } finally {
    pool.dispose();
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 100);
  const points = Number(process.argv[3] ?? 100_000);
  void measureColdCompare(runs, points).then((f) => {
    const ratio = (ms: number) => (ms / f.baselineMs).toFixed(2);
    console.log(`Cold compare, ${runs} runs × ${points.toLocaleString()} points (host: ready → curves at 1000 px):`);
    console.log(`  baseline, every TSV parsed on the host thread: ${f.baselineMs.toFixed(0)} ms`);
    console.log(
      `  foreign runs, TSVs parsed on the worker pool:  ${f.foreignMs.toFixed(0)} ms (ratio ${ratio(f.foreignMs)})`,
    );
    console.log(
      `  logged runs, series from their sidecars:       ${f.loggedMs.toFixed(0)} ms (ratio ${ratio(f.loggedMs)}; target < 1000 ms)`,
    );
  });
}
