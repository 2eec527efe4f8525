import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftReport } from '../../../src/core/drift/driftReport';
import type { Table } from '../../../src/core/data/table';
import { ksTwoSample } from '../../../src/core/drift/ks/ksTwoSample';
import { statTests } from '../../../src/core/drift/registry';
import { ColumnSample } from '../../../src/core/drift/sample';
import { closeTo, sampleFrom, type SampleSpec } from './lcgSamples';

interface Case {
  reference: SampleSpec;
  current: SampleSpec;
  expected: Record<'ks_D' | 'ks_p' | 'wasserstein' | 'jensenshannon' | 'psi' | 'kl_div' | 'hellinger_num', number> &
    Partial<Record<'hellinger_cat' | 'chisquare' | 'z', number>> & {
      auto: { type: string; test: string; score: number; drifted: boolean };
    };
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/data/drift/scipy-cases.json'), 'utf8')) as {
  cases: Case[];
};

describe('drift scores agree with SciPy/NumPy on generated samples (1 to 20,000 per side, ties, constants)', () => {
  for (const c of fixture.cases) {
    const name = `${c.reference.kind} n=${c.reference.n} vs ${c.current.kind} n=${c.current.n} (seed ${c.reference.seed})`;
    it(name, () => {
      const r = sampleFrom(c.reference);
      const cur = sampleFrom(c.current);
      const ks = ksTwoSample(Float64Array.from(r).sort(), Float64Array.from(cur).sort());
      assert.ok(closeTo(ks.statistic, c.expected.ks_D), `KS D ${ks.statistic} vs SciPy ${c.expected.ks_D}`);
      assert.ok(closeTo(ks.pvalue, c.expected.ks_p), `KS p ${ks.pvalue} vs SciPy ${c.expected.ks_p}`);
      const rs = ColumnSample.fromNumbers(r);
      const cs = ColumnSample.fromNumbers(cur);
      for (const id of ['wasserstein', 'jensenshannon', 'psi', 'kl_div'] as const) {
        const got = statTests[id].compute(rs, cs, 'numerical').score;
        assert.ok(closeTo(got, c.expected[id], 1e-9), `${id} ${got} vs NumPy ${c.expected[id]}`);
      }
      const hn = statTests.hellinger.compute(rs, cs, 'numerical').score;
      assert.ok(
        closeTo(hn, c.expected.hellinger_num),
        `hellinger (numerical) ${hn} vs NumPy ${c.expected.hellinger_num}`,
      );
      const categorical = [
        ['hellinger_cat', 'hellinger'],
        ['chisquare', 'chisquare'],
        ['z', 'z'],
      ] as const;
      for (const [key, id] of categorical) {
        const want = c.expected[key];
        if (want === undefined) continue;
        const got = statTests[id].compute(rs, cs, 'categorical').score;
        assert.ok(closeTo(got, want), `${key} ${got} vs SciPy ${want}`);
      }
    });
    it(`${name}: automatic type, test, score and verdict`, async () => {
      const asTable = (v: Float64Array): Table => ({
        source: 'generated',
        format: 'csv',
        rowCount: v.length,
        columns: [{ name: 'x', kind: 'numeric', values: v, missing: 0, integer: v.every((x) => Number.isInteger(x)) }],
      });
      const [col] = (await driftReport(asTable(sampleFrom(c.reference)), asTable(sampleFrom(c.current)))).columns;
      const want = c.expected.auto;
      assert.deepEqual([col.type, col.test, col.drifted], [want.type, want.test, want.drifted]);
      assert.ok(closeTo(col.score!, want.score), `${col.test} ${col.score} vs SciPy ${want.score}`);
    });
  }
});
