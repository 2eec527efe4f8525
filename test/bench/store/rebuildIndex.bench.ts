/**
 * Index rebuild on a synthetic store: N runs × 5 metrics × S steps (defaults 10,000 × 5 × 1,000).
 * Reports wall time and peak RSS of `rebuildIndex`, next to a peer in the same process: the bare minimum of
 * reading and JSON-parsing every run.json once (what any rebuild must do at least).
 *   npx tsx test/bench/store/rebuildIndex.bench.ts [runs] [steps]
 */
import { mkdirSync, existsSync, writeFileSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { storePaths } from '../../../src/core/store/layout';
import { newRunId } from '../../../src/core/tracking/runId';

const RUNS = Number(process.argv[2] ?? 10_000);
const STEPS = Number(process.argv[3] ?? 1_000);
const METRICS = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'lr'];
const workspace = `/tmp/mlops-bench-index-${RUNS}x${STEPS}`;

function generate(): void {
  if (existsSync(join(workspace, '.done'))) return;
  rmSync(workspace, { recursive: true, force: true });
  const runs = storePaths(workspace).runs;
  const t0 = Date.now();
  for (let i = 0; i < RUNS; i++) {
    const id = newRunId(Date.UTC(2026, 0, 1) + i * 1000);
    const dir = join(runs, id);
    mkdirSync(join(dir, 'plots', 'metrics'), { recursive: true });
    const now = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    writeFileSync(
      join(dir, 'run.json'),
      JSON.stringify({
        id,
        experiment: `exp${i % 7}`,
        status: 'completed',
        command: 'python train.py',
        argv: ['python', 'train.py'],
        shell: false,
        cwd: workspace,
        createdAt: now,
        startedAt: now,
        endedAt: now,
        exitCode: 0,
        signal: null,
        pid: 1,
        git: null,
        data: [],
        env: {},
        parent: null,
        tags: {},
      }),
    );
    writeFileSync(
      join(dir, 'params.yaml'),
      `lr: ${(i % 100) / 1000}\nbatch_size: ${32 << (i % 3)}\noptimizer:\n  name: adam\n  beta1: 0.9\n`,
    );
    const latest: Record<string, number> = { step: STEPS - 1 };
    for (const m of METRICS) {
      let text = `timestamp\tstep\t${m}\n`;
      for (let s = 0; s < STEPS; s++) text += `${1767225600000 + s}\t${s}\t${Math.exp(-s / 300) + (i % 10) / 100}\n`;
      writeFileSync(join(dir, 'plots', 'metrics', `${m}.tsv`), text);
      latest[m] = Math.exp(-(STEPS - 1) / 300) + (i % 10) / 100;
    }
    writeFileSync(join(dir, 'metrics.json'), JSON.stringify(latest));
  }
  writeFileSync(join(workspace, '.done'), '');
  console.log(
    `generated ${RUNS} runs × ${METRICS.length} metrics × ${STEPS} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function peer(): Promise<number> {
  const runs = storePaths(workspace).runs;
  const t0 = performance.now();
  const names = await readdir(runs);
  let n = 0;
  for (let i = 0; i < names.length; i += 64) {
    await Promise.all(
      names.slice(i, i + 64).map(async (name) => {
        JSON.parse(await readFile(join(runs, name, 'run.json'), 'utf8'));
        n++;
      }),
    );
  }
  if (n !== RUNS) throw new Error(`peer read ${n} runs`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  generate();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const rssBefore = process.memoryUsage().rss;
  const peerMs = await peer();
  const t0 = performance.now();
  const report = await new FileRunStore(workspace).rebuildIndex();
  const rebuildMs = performance.now() - t0;
  clearInterval(sampler);
  if (report.indexed !== RUNS) throw new Error(`indexed ${report.indexed} of ${RUNS}`);
  const t1 = performance.now();
  const rows = await new FileRunStore(workspace).listRuns();
  const listMs = performance.now() - t1;
  console.log(
    JSON.stringify(
      {
        runs: RUNS,
        metricsPerRun: METRICS.length,
        stepsPerMetric: STEPS,
        rebuildMs: Math.round(rebuildMs),
        runsPerSecond: Math.round(RUNS / (rebuildMs / 1000)),
        peerReadRunJsonMs: Math.round(peerMs),
        ratioToPeer: Number((rebuildMs / peerMs).toFixed(2)),
        listRunsColdMs: Math.round(listMs),
        rows: rows.length,
        peakRssMiB: Math.round(peak / 2 ** 20),
        rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
      },
      null,
      2,
    ),
  );
}

void main();
