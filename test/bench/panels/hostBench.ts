/**
 * Host-side figures of the panels (no browser): the runs table over 100,000 runs and the compare curves of
 * 100 runs × 100,000 points, each against a peer done the naive way in the same process.
 * Usage: node --import tsx test/bench/panels/hostBench.ts [--runs 100000] [--curves 100] [--points 100000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finiteExtent } from '../../../src/core/tracking/downsample';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import type { RunSummary } from '../../../src/core/tracking/types';
import type { CompareToWebview } from '../../../src/protocol/webview/compare';
import type { RunsToWebview } from '../../../src/protocol/webview/runs';
import { CompareController } from '../../../src/extension/panels/compareController';
import { messageBytes } from '../../../src/extension/panels/messageSize';
import { RunsTableController } from '../../../src/extension/panels/runsTableController';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { rng, syntheticSummaries, writeRunFolder } from './syntheticStore';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
const ms = (t: number) => `${t.toFixed(0)} ms`;

function table(): void {
  const n = arg('runs', 100_000);
  const rows = syntheticSummaries({ runs: n, params: 20, metrics: 10 });
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const sent: RunsToWebview[] = [];
  const controller = new RunsTableController({
    rows: () => rows,
    post: (m) => sent.push(m),
    compare: () => undefined,
    selectionChanged: () => undefined,
    open: () => undefined,
  });
  let t = performance.now();
  controller.handle({ type: 'ready', state: { filter: '', sort: null, columns: null, onlyDiffering: false } });
  const openMs = performance.now() - t;
  const openBytes = sent.reduce((b, m) => b + messageBytes(m), 0);
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  t = performance.now();
  const everything = JSON.stringify(rows);
  const naiveMs = performance.now() - t;

  const timings: string[] = [];
  for (const filter of [
    'val_accuracy > 0.9 lr < 0.01 status = completed',
    'vision',
    'metric_3 > 0.5 or optimizer.name = sgd',
  ]) {
    sent.length = 0;
    t = performance.now();
    controller.handle({
      type: 'query',
      state: { filter, sort: { key: 'metric:val_accuracy', descending: true }, columns: null, onlyDiffering: false },
    });
    const view = sent.find((m) => m.type === 'view') as Extract<RunsToWebview, { type: 'view' }>;
    timings.push(
      `  filter+sort "${filter}": ${ms(performance.now() - t)} → ${view.total} rows, ${messageBytes(view)} bytes sent`,
    );
  }
  sent.length = 0;
  t = performance.now();
  controller.handle({ type: 'query', state: { filter: '', sort: null, columns: null, onlyDiffering: true } });
  const differing = performance.now() - t;
  sent.length = 0;
  t = performance.now();
  controller.handle({ type: 'viewport', start: 50_000, count: 120 });
  const scrollMs = performance.now() - t;

  console.log(`Runs table, ${n.toLocaleString()} runs × (20 params, 10 metrics):`);
  console.log(
    `  open (ready → catalogue + first window): ${ms(openMs)}, ${openBytes.toLocaleString()} bytes sent; heap for the table state ${mib(heapAfter - heapBefore)}`,
  );
  console.log(
    `  peer: JSON of every row (what a send-everything table posts): ${ms(naiveMs)}, ${everything.length.toLocaleString()} bytes → ${(everything.length / openBytes).toFixed(0)}× more bytes`,
  );
  for (const line of timings) console.log(line);
  console.log(
    `  "only columns that differ" over all rows: ${ms(differing)}; a scroll window of 120 rows at row 50,000: ${ms(scrollMs)}`,
  );
}

async function compare(): Promise<void> {
  const runs = arg('curves', 100);
  const points = arg('points', 100_000);
  const workspace = mkdtempSync(join(tmpdir(), 'mlops-bench-compare-'));
  try {
    const summaries = syntheticSummaries({ runs, params: 5, metrics: 2 });
    const random = rng(7);
    const spikes = new Map<string, number>();
    for (const s of summaries) {
      const spikeAt = Math.floor(random() * points);
      spikes.set(s.id, spikeAt);
      writeRunFolder(workspace, s, [
        {
          name: 'loss',
          points,
          value: (i) => (i === spikeAt ? 25 + random() : 1 / Math.sqrt(i + 1) + 0.05 * Math.sin(i / 50)),
        },
      ]);
    }
    const byId = new Map<string, RunSummary>(summaries.map((s) => [s.id, s]));
    const sent: CompareToWebview[] = [];
    const controller = new CompareController(
      {
        summary: (id) => byId.get(id),
        runDir: (id) => join(workspace, '.mlops', 'runs', id),
        post: (m) => sent.push(m),
        openRun: () => undefined,
        cache: new SeriesCache(),
      },
      summaries.map((s) => s.id),
    );
    let t = performance.now();
    await controller.handle({ type: 'ready', state: null });
    const snapshotMs = performance.now() - t;
    t = performance.now();
    await controller.handle({
      type: 'curves',
      requestId: 1,
      metric: 'loss',
      xAxis: 'step',
      columns: 1000,
      range: null,
    });
    const coldMs = performance.now() - t;
    const curves = sent.find((m) => m.type === 'curves') as Extract<CompareToWebview, { type: 'curves' }>;
    const bytes = messageBytes(curves);
    t = performance.now();
    await controller.handle({
      type: 'curves',
      requestId: 2,
      metric: 'loss',
      xAxis: 'step',
      columns: 1000,
      range: [points * 0.4, points * 0.41],
    });
    const zoomMs = performance.now() - t;
    const zoomed = sent.filter((m) => m.type === 'curves')[1] as Extract<CompareToWebview, { type: 'curves' }>;

    let preserved = 0;
    for (const c of curves.curves) {
      const raw = await readMetricSeries(
        join(workspace, '.mlops', 'runs', c.runId, 'plots', 'metrics', 'loss.tsv'),
        'loss',
      );
      const rawExtent = finiteExtent(raw.points.map((p) => p.value));
      const kept = finiteExtent(c.y);
      if (rawExtent && kept && rawExtent[0] === kept[0] && rawExtent[1] === kept[1]) preserved++;
    }
    t = performance.now();
    let peerPoints = 0;
    for (const s of summaries.slice(0, 10))
      peerPoints += (
        await readMetricSeries(join(workspace, '.mlops', 'runs', s.id, 'plots', 'metrics', 'loss.tsv'), 'loss')
      ).points.length;
    const peerMs = ((performance.now() - t) * runs) / 10;
    const drawn = curves.curves.reduce((n, c) => n + c.x.length, 0);
    console.log(
      `Compare, ${runs} runs × ${points.toLocaleString()} points (${(runs * points).toLocaleString()} points):`,
    );
    console.log(
      `  snapshot ${ms(snapshotMs)}; curves cold (read + M4 at 1000 px): ${ms(coldMs)} (file read ${ms(curves.readMs)}); zoom to 1% re-fetch: ${ms(zoomMs)}, ${zoomed.curves.reduce((n, c) => n + c.x.length, 0).toLocaleString()} points`,
    );
    console.log(
      `  peer: existing MetricTail reader for the same files ≈ ${ms(peerMs)} (extrapolated from 10 runs, ${peerPoints.toLocaleString()} points) → ${(peerMs / curves.readMs).toFixed(1)}× slower than the columnar reader`,
    );
    console.log(
      `  sent: ${bytes.toLocaleString()} bytes for ${drawn.toLocaleString()} points (raw series as Float64 x+y would be ${(runs * points * 16).toLocaleString()} bytes → ${((runs * points * 16) / bytes).toFixed(0)}× less)`,
    );
    console.log(
      `  global min and max preserved in ${preserved} of ${curves.curves.length} series (each has a one-step spike)`,
    );
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

table();
void compare();
