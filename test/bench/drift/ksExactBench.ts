/** KS exact lattice path at 10,000 × 9,999 (the largest exact case), against scipy.stats.ks_2samp on the same data. */
import { execFileSync } from 'node:child_process';
import { ksTwoSample } from '../../../src/core/drift/ks/ksTwoSample';

function lcg(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) % 4294967296;
    out[i] = s / 4294967296;
  }
  return out;
}

const cases: [string, number][] = [
  ['small shift', 0.02],
  ['large shift', 0.5],
];
for (const [label, shift] of cases) {
  const x = lcg(11, 10000).sort();
  const y = lcg(12, 9999)
    .map((v) => v + shift)
    .sort();
  const runs: number[] = [];
  let result = ksTwoSample(x, y);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    result = ksTwoSample(x, y);
    runs.push(performance.now() - t0);
  }
  const py = execFileSync(
    'python3',
    [
      '-c',
      `
import time, numpy as np
from scipy import stats
def lcg(seed, n):
    out = np.empty(n); s = seed
    for i in range(n):
        s = (s * 1664525 + 1013904223) % 4294967296; out[i] = s / 4294967296
    return out
x = lcg(11, 10000); y = lcg(12, 9999) + ${shift}
t = time.perf_counter(); r = stats.ks_2samp(x, y); t = time.perf_counter() - t
print(r.statistic, r.pvalue, t)`,
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split(' ')
    .map(Number);
  const best = Math.min(...runs);
  console.log(
    `KS exact 10000 × 9999 (${label}): D=${result.statistic} p=${result.pvalue.toExponential(6)} (${result.method}), best of 5 ${best.toFixed(1)} ms; SciPy p=${py[1].toExponential(6)} in ${(py[2] * 1000).toFixed(1)} ms; rel diff ${(result.pvalue === py[1] ? 0 : Math.abs(result.pvalue - py[1]) / py[1]).toExponential(2)}`,
  );
}
