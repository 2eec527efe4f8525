import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ksTwoSample } from '../../../src/core/drift/ks/ksTwoSample';
import { statTests } from '../../../src/core/drift/registry';
import { ColumnSample } from '../../../src/core/drift/sample';
import { closeTo, sampleFrom, type SampleSpec } from './lcgSamples';

interface Case {
  reference: SampleSpec;
  current: SampleSpec;
  expected: Record<'ks_D' | 'ks_p' | 'wasserstein' | 'jensenshannon' | 'psi' | 'kl_div', number>;
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/data/drift/scipy-cases.json'), 'utf8')) as { cases: Case[] };

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
    });
  }
});
