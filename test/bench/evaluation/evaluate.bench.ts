/**
 * 1M predictions: the evaluation core vs scikit-learn computing the same metric set, back to back.
 *   npx tsx test/bench/evaluation/evaluate.bench.ts [rows]     (the peer needs python3 with scikit-learn)
 * Binary: accuracy, precision, recall, f1, roc_auc, average_precision, log_loss, brier, confusion matrix, ROC and
 * PR curves, calibration curve. Multiclass (5 classes): accuracy, per-class P/R/F1/support, macro/weighted
 * averages, confusion matrix. Multiclass probabilities (5 softmax columns): the above from argmax, plus roc_auc_ovr
 * and roc_auc_ovo (macro, weighted), average_precision_macro, log_loss and each class's ROC and PR curve. Regression: mae, rmse, r2, mape, residual quantiles. Times exclude reading files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Column } from '../../../src/core/data/table';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';

const n = Number(process.argv[2] ?? 1_000_000);
let seed = 42;
const rand = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
const y = new Float64Array(n);
const s = new Float64Array(n);
const yr = new Float64Array(n);
const pr = new Float64Array(n);
const ym = new Float64Array(n);
const pm = new Float64Array(n);
const g: string[] = new Array(n);
for (let i = 0; i < n; i++) {
  y[i] = rand() < 0.4 ? 1 : 0;
  s[i] = Math.round(Math.min(1, Math.max(0, 0.3 * y[i] + 0.7 * rand())) * 1e4) / 1e4; // 4 decimals: ties
  yr[i] = 50 + 10 * (rand() - 0.5);
  pr[i] = yr[i] + 4 * (rand() - 0.5);
  ym[i] = Math.floor(rand() * 5);
  pm[i] = rand() < 0.7 ? ym[i] : Math.floor(rand() * 5);
  g[i] = rand() < 0.5 ? 'a' : 'b';
}
const K = 5;
const probs = Array.from({ length: K }, () => new Float64Array(n));
const probsRowMajor = new Float64Array(n * K);
for (let i = 0; i < n; i++) {
  let total = 0;
  for (let k = 0; k < K; k++) total += probs[k][i] = Math.exp((k === ym[i] ? 1 : 0) + 2 * rand());
  for (let k = 0; k < K; k++) probsRowMajor[i * K + k] = probs[k][i] /= total;
}
const num = (name: string, values: Float64Array, integer: boolean): Column => ({
  name,
  kind: 'numeric',
  values,
  missing: 0,
  integer,
});

function time<T>(f: () => T, reps = 3): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, value };
}

const binary = time(() => evaluateColumns({ label: num('y', y, true), score: num('s', s, false) }));
const binaryGroups = time(() =>
  evaluateColumns({
    label: num('y', y, true),
    score: num('s', s, false),
    group: { name: 'g', kind: 'text', values: g, missing: 0 },
  }),
);
const multi = time(() =>
  evaluateColumns({ label: num('y', ym, true), prediction: num('p', pm, true) }, { task: 'multiclass' }),
);
const multiProba = time(() =>
  evaluateColumns({
    label: num('y', ym, true),
    classScores: probs.map((values, k) => ({ column: num(`p_${k}`, values, false) })),
  }),
);
const reg = time(() =>
  evaluateColumns({ label: num('y', yr, false), prediction: num('p', pr, false) }, { task: 'regression' }),
);

console.log(`rows: ${n.toLocaleString('en-US')}`);
console.log(
  `mlops   binary ${binary.ms.toFixed(0)} ms (roc_auc ${binary.value.metrics.roc_auc}), with 2 groups + fairness ${binaryGroups.ms.toFixed(0)} ms, multiclass ${multi.ms.toFixed(0)} ms, multiclass probabilities ${multiProba.ms.toFixed(0)} ms (roc_auc_ovr ${multiProba.value.metrics.roc_auc_ovr}), regression ${reg.ms.toFixed(0)} ms`,
);

const dir = mkdtempSync(join(tmpdir(), 'eval-bench-'));
try {
  const files = { y, s, yr, pr, ym, pm, probs: probsRowMajor };
  for (const [name, arr] of Object.entries(files)) writeFileSync(join(dir, `${name}.f64`), Buffer.from(arr.buffer));
  const peer = spawnSync('python3', [join(__dirname, 'sklearn_peer.py'), dir], { encoding: 'utf8' });
  if (peer.status !== 0) {
    console.log(`scikit-learn peer skipped: ${peer.stderr.trim().split('\n').pop()}`);
  } else {
    const p = JSON.parse(peer.stdout) as Record<string, number>;
    console.log(
      `sklearn binary ${p.binary_ms.toFixed(0)} ms (roc_auc ${p.binary_auc}), multiclass ${p.multiclass_ms.toFixed(0)} ms, multiclass probabilities ${p.multiclass_proba_ms.toFixed(0)} ms (roc_auc_ovr ${p.multiclass_auc}), regression ${p.regression_ms.toFixed(0)} ms`,
    );
    console.log(
      `ratio (sklearn / mlops): binary ${(p.binary_ms / binary.ms).toFixed(2)}×, multiclass ${(p.multiclass_ms / multi.ms).toFixed(2)}×, multiclass probabilities ${(p.multiclass_proba_ms / multiProba.ms).toFixed(2)}×, regression ${(p.regression_ms / reg.ms).toFixed(2)}×`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
