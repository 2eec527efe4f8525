/**
 * Drift report over 1,000,000 rows × 20 numeric columns and × 5 categorical columns, against drift_scipy.py on the
 * same files, back to back. Prints reading and statistics times separately and the TS/SciPy ratios.
 * Run: python3 test/bench/drift/generate_data.py && npx tsx test/bench/drift/driftBench.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTable } from '../../../src/core/data/readTable';
import { driftReport } from '../../../src/core/drift/driftReport';

const dir = process.argv[2] ?? '/tmp/mlops-drift-bench';

async function tsRun(ref: string, cur: string) {
  const t0 = performance.now();
  const [r, c] = [await readTable(ref), await readTable(cur)];
  const t1 = performance.now();
  const report = await driftReport(r, c, { overlays: false });
  const t2 = performance.now();
  await driftReport(r, c);
  const t3 = performance.now();
  return { read: (t1 - t0) / 1000, stats: (t2 - t1) / 1000, statsWithOverlays: (t3 - t2) / 1000, report };
}

function pyRun(ref: string, cur: string, categorical: boolean) {
  const args = [join(__dirname, 'drift_scipy.py'), ref, cur, ...(categorical ? ['categorical'] : [])];
  return JSON.parse(execFileSync('python3', args, { encoding: 'utf8', maxBuffer: 1 << 24 })) as {
    read_s: number;
    stats_s: number;
    scores: Record<string, [string, number]>;
  };
}

async function bench(label: string, prefix: string, categorical: boolean) {
  const ref = join(dir, `${prefix}_ref.csv`);
  const cur = join(dir, `${prefix}_cur.csv`);
  if (!existsSync(ref)) throw new Error(`${ref} missing: run python3 test/bench/drift/generate_data.py first`);
  const ts = await tsRun(ref, cur);
  const py = pyRun(ref, cur, categorical);
  let maxRel = 0;
  for (const c of ts.report.columns) {
    const [test, score] = py.scores[c.column];
    if (test !== c.test) throw new Error(`${c.column}: TS chose ${c.test}, SciPy script ${test}`);
    maxRel = Math.max(maxRel, Math.abs(c.score! - score) / Math.max(Math.abs(score), 1e-300));
  }
  const f = (s: number) => `${s.toFixed(2)} s`;
  console.log(
    `\n${label} (${ts.report.referenceRows} vs ${ts.report.currentRows} rows, ${ts.report.columns.length} columns, tests: ${[...new Set(ts.report.columns.map((c) => c.test))].join(', ')})`,
  );
  console.log(
    `  reading    TS ${f(ts.read)}   SciPy/numpy.loadtxt ${f(py.read_s)}   ratio ${(ts.read / py.read_s).toFixed(2)}`,
  );
  console.log(
    `  statistics TS ${f(ts.stats)}   SciPy ${f(py.stats_s)}   ratio ${(ts.stats / py.stats_s).toFixed(2)}   (TS with panel overlays ${f(ts.statsWithOverlays)})`,
  );
  console.log(
    `  total      TS ${f(ts.read + ts.stats)}   SciPy ${f(py.read_s + py.stats_s)}   ratio ${((ts.read + ts.stats) / (py.read_s + py.stats_s)).toFixed(2)}`,
  );
  console.log(
    `  max relative score difference vs SciPy: ${maxRel.toExponential(2)}; drifted ${ts.report.drifted}/${ts.report.tested}`,
  );
}

(async () => {
  await bench('numeric 1M × 20', 'num', false);
  await bench('categorical 1M × 5', 'cat', true);
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
