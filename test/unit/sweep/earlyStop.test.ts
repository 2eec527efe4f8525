import { strict as assert } from 'node:assert';
import {
  ashaRule,
  ashaRungs,
  earlyStopOptions,
  medianRule,
  usesEarlyStopping,
  type TrialSeries,
} from '../../../src/core/sweep/earlyStop';
import { trialValue } from '../../../src/core/sweep/trialValue';
import { paramImportance } from '../../../src/core/sweep/importance';
import { parseSearchSpace } from '../../../src/core/sweep/space';

/** A series of loss-like points, one per step, reached at `t0 + step` seconds. */
function series(number: number, values: number[], t0 = number * 100): TrialSeries {
  return { number, points: values.map((value, step) => ({ step, value, timestamp: t0 + step })) };
}

describe('sweep early stopping', () => {
  const median = earlyStopOptions({ rule: 'median', minSteps: 2, minTrials: 3 });

  it('median: stops a trial worse than the median of earlier trials at the same step, only after minSteps', () => {
    const earlier = [series(0, [1, 0.8, 0.6, 0.5]), series(1, [1, 0.7, 0.5, 0.4]), series(2, [1, 0.9, 0.7, 0.6])];
    assert.equal(medianRule(series(3, [1, 2]), earlier, 'minimize', median).stop, false, 'step 1 < minSteps');
    const late = medianRule(series(3, [1, 2, 0.9]), earlier, 'minimize', median);
    assert.equal(late.stop, true);
    assert.equal(late.step, 2);
    assert.match(late.reason!, /0.9 at step 2 is worse than the median 0.6 of 3 earlier trials/);
    assert.equal(medianRule(series(3, [1, 2, 0.55]), earlier, 'minimize', median).stop, false);
    assert.equal(
      medianRule(series(3, [1, 2, 0.55]), earlier, 'maximize', median).stop,
      true,
      'goal flips the comparison',
    );
  });

  it('median: compares only with earlier trials, and waits for minTrials of them', () => {
    const others = [series(0, [1, 0.5, 0.4]), series(1, [1, 0.5, 0.4]), series(5, [1, 0.1, 0.1])];
    assert.equal(medianRule(series(3, [1, 1, 1]), others, 'minimize', median).stop, false, 'only two earlier trials');
    assert.equal(medianRule(series(6, [1, 1, 1]), others, 'minimize', median).stop, true);
  });

  it('asha: rungs at minSteps × η^k; a trial outside the top 1/η of those that reached its rung first stops', () => {
    const asha = earlyStopOptions({ rule: 'asha', minSteps: 1, reductionFactor: 3 });
    assert.deepEqual(ashaRungs(asha, 30), [1, 3, 9, 27]);
    const first = [
      series(0, [1, 0.2]),
      series(1, [1, 0.3]),
      series(2, [1, 0.4]),
      series(3, [1, 0.5]),
      series(4, [1, 0.6]),
    ];
    const decision = ashaRule(series(5, [1, 0.45], 1000), first, 'minimize', asha);
    assert.equal(decision.stop, true);
    assert.match(decision.reason!, /outside the best 2 of 6/);
    assert.equal(ashaRule(series(5, [1, 0.25], 1000), first, 'minimize', asha).stop, false);
    assert.equal(
      ashaRule(series(0, [1, 0.9], 0), [series(1, [1, 0.1], 500)], 'minimize', asha).stop,
      false,
      'alone at its rung when it got there',
    );
  });

  it('rule none never stops, and usesEarlyStopping says which sweeps poll', () => {
    assert.equal(usesEarlyStopping(undefined), false);
    assert.equal(usesEarlyStopping('none'), false);
    assert.equal(usesEarlyStopping('median'), true);
    assert.equal(usesEarlyStopping({ rule: 'asha' }), true);
  });
});

describe('sweep trial values', () => {
  const metric = { name: 'loss', goal: 'minimize' as const, summary: 'last' as const };
  const pts = (values: number[]) => values.map((value, step) => ({ step, value, timestamp: step }));

  it('takes the last point, or the best one with summary: best', () => {
    assert.deepEqual(trialValue(pts([3, 1, 2]), metric), { ok: true, value: 2, steps: 3 });
    assert.deepEqual(trialValue(pts([3, 1, NaN, 2]), { ...metric, summary: 'best' }), { ok: true, value: 1, steps: 4 });
    assert.deepEqual(trialValue(pts([3, 1, 2]), { ...metric, goal: 'maximize', summary: 'best' }), {
      ok: true,
      value: 3,
      steps: 3,
    });
  });

  it('a trial that logs NaN last, or never logs the metric, has a reason instead of a value', () => {
    assert.deepEqual(trialValue(pts([1, NaN]), metric), { ok: false, reason: "its last 'loss' is NaN (step 1)" });
    assert.deepEqual(trialValue([], metric, ['acc', 'val_acc']), {
      ok: false,
      reason: "it never logged the metric 'loss'; it logged: acc, val_acc",
    });
  });
});

describe('sweep param importance', () => {
  it('gives the param that drives the metric the largest share', () => {
    const space = parseSearchSpace({ space: { a: { uniform: [0, 1] }, b: { values: ['x', 'y'] } } }, 'random');
    const trials = Array.from({ length: 40 }, (_, i) => ({
      params: { a: ((i * 37) % 40) / 40, b: i % 2 ? 'x' : 'y' },
      value: 0,
    }));
    for (const t of trials) t.value = 10 * (t.params.a as number) + (t.params.b === 'x' ? 0.1 : 0);
    const [a, b] = paramImportance(space.dimensions, trials);
    assert.ok(a.share > 0.9 && b.share < 0.1, JSON.stringify({ a, b }));
    assert.ok(Math.abs(a.share + b.share - 1) < 1e-9);
  });
});
