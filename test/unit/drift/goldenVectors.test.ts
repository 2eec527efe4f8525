import { strict as assert } from 'node:assert';
import { statTests } from '../../../src/core/drift/registry';
import { ColumnSample } from '../../../src/core/drift/sample';
import { sturgesEdges } from '../../../src/core/drift/binning';
import { closeTo } from './lcgSamples';

const repeat = (values: number[], counts: number[]) => values.flatMap((v, i) => Array<number>(counts[i]).fill(v));

function expectClose(actual: number, expected: number, what: string): void {
  assert.ok(closeTo(actual, expected), `${what}: got ${actual}, SciPy says ${expected}`);
}

describe('docs/drift-spec.md §10 golden vectors', () => {
  it('G0: Evidently chi-square and categorical Hellinger', () => {
    const r = ColumnSample.fromNumbers(repeat([1, 2, 3, 4, 5, 6], [16, 18, 16, 14, 12, 12]), true);
    const c = ColumnSample.fromNumbers(repeat([1, 2, 3, 4, 5, 6], [16, 16, 16, 16, 16, 8]), true);
    expectClose(statTests.chisquare.compute(r, c, 'categorical').score, 0.6730876007, 'chisquare p');
    expectClose(statTests.hellinger.compute(r, c, 'categorical').score, 0.0681277437, 'hellinger');
  });

  it('G1: KS exact path', () => {
    const r = ColumnSample.fromNumbers([38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0]);
    const c = ColumnSample.fromNumbers([39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]);
    const out = statTests.ks.compute(r, c, 'numerical');
    assert.equal(out.statistic, 0.625);
    expectClose(out.score, 0.087024087, 'KS p');
  });

  describe('G2: 10·sin(i) against a shifted, trending copy', () => {
    const r = ColumnSample.fromNumbers(Array.from({ length: 1200 }, (_, i) => 10 * Math.sin(i)));
    const c = ColumnSample.fromNumbers(Array.from({ length: 800 }, (_, i) => 10 * Math.sin(i) + 1.5 + 0.002 * i));
    it('uses 12 Sturges bins (13 edges) over the combined data', () => {
      const all = [...r.sorted!, ...c.sorted!];
      assert.equal(sturgesEdges(Math.min(...all), Math.max(...all), all.length, false).length, 13);
    });
    const expected = {
      psi: 1.670473066663,
      kl_div: 0.497836542549,
      jensenshannon: 0.329544153108,
      wasserstein: 0.32661766073,
    } as const;
    for (const [id, value] of Object.entries(expected)) {
      it(`${id} = ${value}`, () =>
        expectClose(statTests[id as keyof typeof expected].compute(r, c, 'numerical').score, value, id));
    }
    it('KS D = 0.21375, p = 1.170954337912e-19', () => {
      const out = statTests.ks.compute(r, c, 'numerical');
      expectClose(out.statistic!, 0.21375, 'D');
      expectClose(out.score, 1.170954337912e-19, 'p');
    });
  });
});
