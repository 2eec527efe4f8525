import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { sortFloat64 } from '../../../src/core/drift/sortFloat64';

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('sortFloat64 (radix sort of the drift samples)', () => {
  it('orders like Float64Array.prototype.sort, −0 before +0, above and below the radix threshold', () => {
    const finite = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constantFrom(0, -0, 5e-324, -5e-324, 1, -1, Number.MAX_VALUE, -Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 200 }), fc.integer({ min: 1, max: 60 }), (base, copies) => {
        const values = Float64Array.from(Array.from({ length: copies }, () => base).flat());
        assert.ok(same(sortFloat64(values.slice()), values.slice().sort()));
      }),
      { numRuns: 60 },
    );
  });

  it('sorts a million values and keeps ties and extremes', () => {
    const n = 1_000_000;
    const values = new Float64Array(n);
    let seed = 7;
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      values[i] = Math.round((seed / 2147483648 - 0.5) * 4e6) / 1e6;
    }
    values[3] = -0;
    values[4] = Infinity;
    values[5] = -Infinity;
    assert.ok(same(sortFloat64(values.slice()), values.slice().sort()));
  });
});
