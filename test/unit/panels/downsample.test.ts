import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { downsampleM4, finiteExtent } from '../../../src/core/tracking/downsample';

const values = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
);

describe('M4 downsampling of metric curves', () => {
  it('keeps the global minimum and maximum of every series, whatever the values and column count', () => {
    fc.assert(
      fc.property(
        fc.array(values, { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 1, max: 400 }),
        (ys, columns) => {
          const x = ys.map((_, i) => i);
          const out = downsampleM4({ x, y: ys }, { columns });
          assert.deepEqual(finiteExtent(out.y), finiteExtent(ys));
          assert.ok(out.x.length <= Math.max(ys.length, columns * 5));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the extremes inside a zoomed range', () => {
    fc.assert(
      fc.property(
        fc.array(values, { minLength: 10, maxLength: 2000 }),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 50 }),
        (ys, a, columns) => {
          const x = ys.map((_, i) => i * 2);
          const lo = a * 2;
          const hi = (ys.length - 1) * 2 - a;
          const out = downsampleM4({ x, y: ys }, { columns, range: [lo, hi] });
          const inside = ys.filter((_, i) => x[i] >= lo && x[i] <= hi);
          const extentInside = finiteExtent(inside);
          const kept = finiteExtent(out.y);
          if (extentInside) {
            assert.ok(kept, 'a range with finite values produced no finite point');
            assert.ok(kept[0] <= extentInside[0] && kept[1] >= extentInside[1]);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never loses a one-step spike in a million points', () => {
    const n = 1_000_000;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => Math.sin(i / 1000));
    y[654_321] = 50;
    y[123_457] = -50;
    const out = downsampleM4({ x, y }, { columns: 800 });
    assert.ok(out.x.length <= 4 * 800);
    assert.deepEqual(finiteExtent(out.y), [-50, 50]);
    assert.equal(out.x[out.y.indexOf(50)], 654_321);
  });

  it('turns NaN and Infinity into gaps at the place they occurred', () => {
    const out = downsampleM4({ x: [0, 1, 2, 3], y: [1, NaN, Infinity, 2] }, { columns: 10 });
    assert.deepEqual([...out.x], [0, 1, 2, 3]);
    assert.deepEqual(
      [...out.y].map((v) => (Number.isNaN(v) ? 'gap' : v)),
      [1, 'gap', 'gap', 2],
    );

    const many = Array.from({ length: 1000 }, (_, i) => (i === 500 ? NaN : i));
    const down = downsampleM4({ x: many.map((_, i) => i), y: many }, { columns: 10 });
    const gapAt = [...down.y].findIndex(Number.isNaN);
    assert.ok(gapAt > 0, 'the gap disappeared');
    assert.equal(down.x[gapAt], 500);
  });

  it('returns points in x order with one point beyond each edge of the range', () => {
    const x = Array.from({ length: 100 }, (_, i) => i);
    const out = downsampleM4({ x, y: x }, { columns: 100, range: [10, 20] });
    assert.deepEqual(
      [...out.x],
      Array.from({ length: 13 }, (_, i) => 9 + i),
    );
    assert.equal(out.sourcePoints, 13);
  });

  it('reads only the valid prefix of an over-allocated typed array', () => {
    const x = new Float64Array([0, 1, 2, 0, 0]);
    const y = new Float64Array([5, 6, 7, 1e9, 1e9]);
    const out = downsampleM4({ x, y, length: 3 }, { columns: 1 });
    assert.deepEqual(finiteExtent(out.y), [5, 7]);
  });
});
