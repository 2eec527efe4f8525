/**
 * `mlops drift` as a user runs it, whole-process wall time, against its peer measured back to back on the same CSVs:
 * `python3 -c` with pandas.read_csv + scipy.stats.wasserstein_distance per column (normed by the reference's
 * standard deviation, as the drift spec scores it). Runs alternate (TS, peer, TS, peer, …) and the medians are compared.
 *   npm run build && npx tsx test/bench/drift/driftCliBench.ts [rows=1000000] [repeats=3]
 * The CSVs (rows × 20 float columns, half shifted in current) are written once by generate_data.py under
 * /tmp/mlops-drift-bench-<rows>. Prints `ratio TS/peer`; the target is ≤ 0.5 at 1,000,000 rows.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..', '..');
const rows = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 3);
const dir = `/tmp/mlops-drift-bench-${rows}`;

const PEER = `
import sys, json, numpy as np, pandas as pd
from scipy.stats import wasserstein_distance
r = pd.read_csv(sys.argv[1]); c = pd.read_csv(sys.argv[2])
out = {}
for name in r.columns:
    x = r[name].to_numpy(); y = c[name].to_numpy()
    x = x[np.isfinite(x)]; y = y[np.isfinite(y)]
    out[name] = wasserstein_distance(x, y) / max(np.std(x), 0.001)
print(json.dumps(out))
`;

export interface DriftRatio {
  tsSeconds: number;
  peerSeconds: number;
  ratio: number;
  maxRelativeDifference: number;
}

/** Whole-process wall time of `mlops drift` and of the pandas+SciPy peer, alternating, with their medians. */
export function measureDriftRatio(options: { rows: number; repeats: number; dir: string }): DriftRatio {
  const reference = join(options.dir, 'num_ref.csv');
  const current = join(options.dir, 'num_cur.csv');
  if (!existsSync(current))
    execFileSync('python3', [join(__dirname, 'generate_data.py'), options.dir, String(options.rows), 'numeric'], {
      stdio: 'inherit',
    });
  const cli = join(repo, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
  const ts: number[] = [];
  const peer: number[] = [];
  let tsScores: Record<string, number> = {};
  let peerScores: Record<string, number> = {};
  for (let k = 0; k < options.repeats; k++) {
    let t = performance.now();
    const run = spawnSync(process.execPath, [cli, 'drift', '--reference', reference, '--current', current, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    ts.push((performance.now() - t) / 1000);
    if (run.status !== 0 && run.status !== 1) throw new Error(`mlops drift failed (${run.status}): ${run.stderr}`);
    tsScores = Object.fromEntries(
      (JSON.parse(run.stdout) as { columns: { column: string; score: number }[] }).columns.map((c) => [
        c.column,
        c.score,
      ]),
    );
    t = performance.now();
    const py = spawnSync('python3', ['-c', PEER, reference, current], { encoding: 'utf8', maxBuffer: 1 << 26 });
    peer.push((performance.now() - t) / 1000);
    if (py.status !== 0) throw new Error(`the pandas+SciPy peer failed: ${py.stderr}`);
    peerScores = JSON.parse(py.stdout) as Record<string, number>;
  }
  let maxRelativeDifference = 0;
  for (const [name, score] of Object.entries(peerScores)) {
    const mine = tsScores[name];
    if (mine === undefined) throw new Error(`mlops drift reported no score for ${name}`);
    maxRelativeDifference = Math.max(maxRelativeDifference, Math.abs(mine - score) / Math.max(Math.abs(score), 1e-300));
  }
  const tsSeconds = median(ts);
  const peerSeconds = median(peer);
  return { tsSeconds, peerSeconds, ratio: tsSeconds / peerSeconds, maxRelativeDifference };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (require.main === module) {
  const r = measureDriftRatio({ rows, repeats, dir });
  console.log(
    `mlops drift, ${rows.toLocaleString()} rows × 20 numeric columns (two CSVs), whole-process wall time, median of ${repeats}:`,
  );
  console.log(
    `  mlops drift ${r.tsSeconds.toFixed(2)} s   python3 -c pandas.read_csv + scipy.stats.wasserstein_distance ${r.peerSeconds.toFixed(2)} s`,
  );
  console.log(
    `  ratio TS/peer ${r.ratio.toFixed(2)} (target ≤ 0.50); max relative score difference ${r.maxRelativeDifference.toExponential(2)}`,
  );
}
