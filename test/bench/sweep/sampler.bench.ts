/**
 * Sampler quality: best value after 40 trials over 20 seeds for our TPE and random search, next to Optuna's
 * TPESampler and RandomSampler on the same objective (when python3 can import optuna; MLOPS_BENCH_PYTHON picks the
 * interpreter). Prints medians and quartiles; also the regret (best − 0.1, the objective's minimum).
 *   npx tsx test/bench/sweep/sampler.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { proposeTrial } from '../../../src/core/sweep/sampler';
import { parseSearchSpace } from '../../../src/core/sweep/space';
import type { Observation, SweepMethod } from '../../../src/core/sweep/types';
import { BENCH_SPACE, benchObjective } from './objective';

const TRIALS = Number(process.env.TRIALS ?? 40);
const SEEDS = Number(process.env.SEEDS ?? 20);
const MINIMUM = 0.1;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

function ours(method: SweepMethod): number[] {
  const space = parseSearchSpace({ space: BENCH_SPACE }, method);
  return Array.from({ length: SEEDS }, (_, seed) => {
    const history: Observation[] = [];
    for (let number = 0; number < TRIALS; number++) {
      const params = proposeTrial({ method, space, seed, number, history, goal: 'minimize' });
      history.push({ params, value: benchObjective(params) });
    }
    return Math.min(...history.map((o) => o.value));
  });
}

function optuna(): { tpe: number[]; random: number[]; version: string } | string {
  const python = process.env.MLOPS_BENCH_PYTHON ?? 'python3';
  const result = spawnSync(python, [join(__dirname, 'objective.py'), String(TRIALS), String(SEEDS)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.error) return `${python} could not start: ${result.error.message}`;
  if (result.status !== 0) return `${python} cannot run Optuna: ${result.stderr.trim().split('\n').at(-1)}`;
  return JSON.parse(result.stdout);
}

function row(name: string, bests: number[]): string {
  const f = (v: number) => v.toFixed(4);
  return `${name.padEnd(22)} median ${f(quantile(bests, 0.5))}  q1 ${f(quantile(bests, 0.25))}  q3 ${f(quantile(bests, 0.75))}  median regret ${f(quantile(bests, 0.5) - MINIMUM)}`;
}

const started = Date.now();
const tpe = ours('tpe');
const random = ours('random');
const oursMs = Date.now() - started;
console.log(`best value after ${TRIALS} trials, ${SEEDS} seeds (minimise; the minimum is ${MINIMUM})`);
console.log(row('mlops TPE', tpe));
console.log(row('mlops random', random));
const peer = optuna();
if (typeof peer === 'string') console.log(`Optuna: skipped (${peer})`);
else {
  console.log(row(`Optuna ${peer.version} TPESampler`, peer.tpe));
  console.log(row(`Optuna ${peer.version} Random`, peer.random));
  const ratio = quantile(tpe, 0.5) / quantile(peer.tpe, 0.5);
  console.log(
    `mlops TPE median / Optuna TPE median: ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)}%); regret ratio ${((quantile(tpe, 0.5) - MINIMUM) / (quantile(peer.tpe, 0.5) - MINIMUM)).toFixed(2)}`,
  );
}
const wins = tpe.filter((v, i) => v < random[i]).length;
console.log(
  `mlops TPE beats mlops random on ${wins}/${SEEDS} seeds; median ratio random/TPE ${(quantile(random, 0.5) / quantile(tpe, 0.5)).toFixed(2)}`,
);
console.log(`(our ${2 * SEEDS * TRIALS} proposals took ${oursMs} ms)`);
