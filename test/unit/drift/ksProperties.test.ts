import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ksTwoSample } from '../../../src/core/drift/ks/ksTwoSample';
import { kolmogorovSf } from '../../../src/core/drift/ks/kolmogorov';

const sample = fc.array(
  fc.integer({ min: -50, max: 50 }).map((v) => v / 4),
  { minLength: 1, maxLength: 300 },
);
const sorted = (a: number[]) => Float64Array.from(a).sort();

describe('KS properties (fast-check)', () => {
  it('D and p stay in [0, 1] and are symmetric in the two samples', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = ksTwoSample(sorted(a), sorted(b));
        const ba = ksTwoSample(sorted(b), sorted(a));
        assert.ok(ab.statistic >= 0 && ab.statistic <= 1, `D ${ab.statistic}`);
        assert.ok(ab.pvalue >= 0 && ab.pvalue <= 1, `p ${ab.pvalue}`);
        assert.equal(ab.statistic, ba.statistic);
        assert.ok(
          Math.abs(ab.pvalue - ba.pvalue) <= 1e-12 * Math.max(ab.pvalue, 1e-300),
          `${ab.pvalue} vs ${ba.pvalue}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('a sample compared with itself has D = 0 and p = 1', () => {
    fc.assert(
      fc.property(sample, (a) => {
        const r = ksTwoSample(sorted(a), sorted(a));
        assert.equal(r.statistic, 0);
        assert.equal(r.pvalue, 1);
      }),
    );
  });

  it('the one-sample Kolmogorov survival function is a probability that falls as D grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const pLo = kolmogorovSf(n, lo);
          const pHi = kolmogorovSf(n, hi);
          assert.ok(pLo >= 0 && pLo <= 1 && pHi >= 0 && pHi <= 1);
          assert.ok(pHi <= pLo + 1e-12, `n=${n}: sf(${lo})=${pLo} < sf(${hi})=${pHi}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
