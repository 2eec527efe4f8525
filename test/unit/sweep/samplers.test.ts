import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MlopsError } from '../../../src/core/errors';
import { gridPoints } from '../../../src/core/sweep/gridSampler';
import { createPrng } from '../../../src/core/sweep/prng';
import { plannedTrials, proposeTrial } from '../../../src/core/sweep/sampler';
import { parseSearchSpace } from '../../../src/core/sweep/space';
import { suggestTpe } from '../../../src/core/sweep/tpeSampler';
import type { Observation, SearchSpace, SweepMethod } from '../../../src/core/sweep/types';

const mixed = parseSearchSpace(
  {
    space: {
      lr: { loguniform: [1e-5, 1e-1] },
      dropout: { uniform: [0, 0.5] },
      layers: { int: [1, 6] },
      width: { logint: [8, 512] },
      act: { values: ['relu', 'tanh', 'gelu'] },
      momentum: { uniform: [0.5, 0.99] },
    },
    conditions: { momentum: { act: ['relu'] } },
  },
  'tpe',
);

function objective(p: Record<string, unknown>): number {
  const act = { relu: 0, tanh: 0.3, gelu: 0.1 }[p.act as string]!;
  return (
    (Math.log10(p.lr as number) + 3) ** 2 +
    4 * ((p.dropout as number) - 0.2) ** 2 +
    0.05 * ((p.layers as number) - 3) ** 2 +
    act +
    (p.momentum === undefined ? 0 : ((p.momentum as number) - 0.9) ** 2)
  );
}

function inBounds(space: SearchSpace, params: Record<string, unknown>) {
  for (const d of space.dimensions) {
    if (!(d.name in params)) {
      assert.ok(space.conditions[d.name], `unconditional ${d.name} missing`);
      continue;
    }
    const v = params[d.name];
    if (d.kind === 'categorical') assert.ok(d.choices.includes(v), `${d.name}=${String(v)}`);
    else {
      assert.equal(typeof v, 'number');
      assert.ok(
        (v as number) >= d.low && (v as number) <= d.high,
        `${d.name}=${String(v)} outside [${d.low}, ${d.high}]`,
      );
      if (d.kind === 'int') assert.ok(Number.isInteger(v), `${d.name}=${String(v)} not an integer`);
    }
  }
  const cond = space.conditions.momentum;
  assert.equal('momentum' in params, cond.values.includes(params.act), 'momentum only with act=relu');
}

function runSweep(method: SweepMethod, seed: number, trials: number): Observation[] {
  const history: Observation[] = [];
  for (let number = 0; number < trials; number++) {
    const params = proposeTrial({ method, space: mixed, seed, number, history, goal: 'minimize' });
    history.push({ params, value: objective(params) });
  }
  return history;
}

describe('sweep samplers', () => {
  it('the PRNG gives the same stream for the same seed and stream, another for another', () => {
    const a = createPrng(7, 3);
    const b = createPrng(7, 3);
    const c = createPrng(7, 4);
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      Array.from({ length: 5 }, () => b.next()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 5 }, () => c.next()),
      xs,
    );
    for (const x of xs) assert.ok(x >= 0 && x < 1);
  });

  for (const method of ['random', 'tpe'] as const) {
    it(`${method} proposes the same trials under the same seed, and others under another`, () => {
      const first = runSweep(method, 11, 25).map((o) => o.params);
      assert.deepEqual(
        runSweep(method, 11, 25).map((o) => o.params),
        first,
      );
      assert.notDeepEqual(
        runSweep(method, 12, 25).map((o) => o.params),
        first,
      );
    });
  }

  it('TPE keeps every candidate inside the bounds, integers integral and conditions honoured (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 10, maxLength: 40 }),
        (seed, values) => {
          const history: Observation[] = values.map((value, i) => ({
            params: proposeTrial({ method: 'random', space: mixed, seed, number: i, history: [], goal: 'minimize' }),
            value,
          }));
          for (const goal of ['minimize', 'maximize'] as const)
            inBounds(mixed, suggestTpe(mixed, history, goal, createPrng(seed, 99)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('TPE concentrates on the good region: its later trials beat random ones on a smooth objective', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const bestOf = (h: Observation[]) => Math.min(...h.map((o) => o.value));
    const tpe = median(Array.from({ length: 9 }, (_, s) => bestOf(runSweep('tpe', s, 40))));
    const random = median(Array.from({ length: 9 }, (_, s) => bestOf(runSweep('random', s, 40))));
    assert.ok(tpe < random, `tpe median best ${tpe} should be below random's ${random}`);
  });

  it('grid enumerates every combination once, last dimension fastest, capped by trials', () => {
    const space = parseSearchSpace({ space: { a: { values: ['x', 'y'] }, b: { int: [1, 3] } } }, 'grid');
    assert.deepEqual(gridPoints(space), [
      { a: 'x', b: 1 },
      { a: 'x', b: 2 },
      { a: 'x', b: 3 },
      { a: 'y', b: 1 },
      { a: 'y', b: 2 },
      { a: 'y', b: 3 },
    ]);
    assert.equal(plannedTrials('grid', space, 4), 4);
    assert.equal(plannedTrials('grid', space, undefined), 6);
    assert.deepEqual(proposeTrial({ method: 'grid', space, seed: 0, number: 4, history: [], goal: 'minimize' }), {
      a: 'y',
      b: 2,
    });
  });

  it('a grid drops combinations that differ only in an inactive conditional param', () => {
    const space = parseSearchSpace(
      {
        space: { opt: { values: ['sgd', 'adam'] }, momentum: { values: [0.5, 0.9] } },
        conditions: { momentum: { opt: 'sgd' } },
      },
      'grid',
    );
    assert.deepEqual(gridPoints(space), [
      { opt: 'sgd', momentum: 0.5 },
      { opt: 'sgd', momentum: 0.9 },
      { opt: 'adam' },
    ]);
  });

  describe('bad input is an MlopsError that says what to do', () => {
    const bad = (space: Record<string, unknown>, method: SweepMethod, message: RegExp, hint: RegExp) =>
      assert.throws(
        () => parseSearchSpace({ space: space as never }, method),
        (err: unknown) =>
          err instanceof MlopsError &&
          err.kind === 'bad-input' &&
          message.test(err.message) &&
          hint.test(err.hint ?? ''),
      );
    it('an empty space', () => bad({}, 'random', /space is empty/, /Add at least one dimension/));
    it('loguniform with a bound ≤ 0', () =>
      bad({ lr: { loguniform: [0, 1] } }, 'tpe', /loguniform range for 'lr' must be positive/, /low > 0/));
    it('logint with a bound ≤ 0', () =>
      bad({ width: { logint: [0, 64] } }, 'random', /logint range for 'width' must be positive/, /low > 0/));
    it('a grid over a float range', () =>
      bad(
        { lr: { uniform: [0.1, 0.2] } },
        'grid',
        /grid cannot enumerate the float range of 'lr'/,
        /method: random or tpe/,
      ));
    it('an int range with fractions', () => bad({ n: { int: [1.5, 4] } }, 'random', /must hold integers/, /uniform/));
    it('a reversed range', () => bad({ n: { uniform: [4, 1] } }, 'random', /low < high/, /Swap/));
    it('a grid too large to enumerate', () =>
      assert.throws(
        () => gridPoints(parseSearchSpace({ space: { a: { int: [1, 1000] }, b: { int: [1, 1000] } } }, 'grid')),
        /more than 100000[\s\S]*/,
      ));
  });
});
