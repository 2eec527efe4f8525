/**
 * Trial-epochs saved by early stopping at equal best value. Each trial trains 30 epochs on the benchmark objective's
 * learning curve (objective.ts, with seeded noise); the trials are random-search proposals, identical with and
 * without early stopping, so the best value can only change if the best trial was stopped. Trials run one after
 * another and are judged after every epoch, as the sweep driver judges them. 40 trials, 20 seeds.
 *   npx tsx test/bench/sweep/earlyStop.bench.ts
 */
import { earlyStopOptions, shouldStop, type TrialSeries } from '../../../src/core/sweep/earlyStop';
import { createPrng } from '../../../src/core/sweep/prng';
import { proposeTrial } from '../../../src/core/sweep/sampler';
import { parseSearchSpace } from '../../../src/core/sweep/space';
import type { EarlyStopOptions } from '../../../src/core/sweep/types';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { BENCH_SPACE, learningCurve } from './objective';

const TRIALS = 40;
const SEEDS = 20;
const EPOCHS = 30;

function simulate(seed: number, rule: EarlyStopOptions): { epochs: number; best: number } {
  const space = parseSearchSpace({ space: BENCH_SPACE }, 'random');
  const done: TrialSeries[] = [];
  let epochs = 0;
  let best = Infinity;
  let clock = 0;
  for (let number = 0; number < TRIALS; number++) {
    const params = proposeTrial({ method: 'random', space, seed, number, history: [], goal: 'minimize' });
    const noise = createPrng(seed * 1000 + number, 7);
    const points: MetricPoint[] = [];
    let stopped = false;
    for (let epoch = 0; epoch < EPOCHS && !stopped; epoch++) {
      points.push({ step: epoch, value: learningCurve(params, epoch, 0.005 * noise.normal()), timestamp: ++clock });
      epochs++;
      stopped = shouldStop({ number, points }, done, 'minimize', rule).stop;
    }
    done.push({ number, points });
    if (!stopped) best = Math.min(best, points[points.length - 1].value);
  }
  return { epochs, best };
}

const rules: Array<[string, EarlyStopOptions]> = [
  ['none', earlyStopOptions('none')],
  ['median (minSteps 5)', earlyStopOptions({ rule: 'median', minSteps: 5, minTrials: 3 })],
  ['asha (minSteps 3, η=3)', earlyStopOptions({ rule: 'asha', minSteps: 3, reductionFactor: 3 })],
];
const baseline = Array.from({ length: SEEDS }, (_, s) => simulate(s, rules[0][1]));
console.log(
  `${TRIALS} trials × ${EPOCHS} epochs, ${SEEDS} seeds (random proposals, the same with and without stopping)`,
);
for (const [name, rule] of rules) {
  const results = Array.from({ length: SEEDS }, (_, s) => simulate(s, rule));
  const epochs = results.reduce((a, r) => a + r.epochs, 0) / SEEDS;
  const same = results.filter((r, i) => Math.abs(r.best - baseline[i].best) < 1e-12).length;
  const worse = results.map((r, i) => r.best - baseline[i].best).filter((d) => d > 1e-12);
  console.log(
    `${name.padEnd(24)} mean trial-epochs ${epochs.toFixed(0).padStart(4)} (${(100 * (1 - epochs / (TRIALS * EPOCHS))).toFixed(1)}% saved); ` +
      `same best on ${same}/${SEEDS} seeds${worse.length ? `, worse by ${Math.max(...worse).toFixed(4)} at most` : ''}`,
  );
}
