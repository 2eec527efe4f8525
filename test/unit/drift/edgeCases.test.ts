import { strict as assert } from 'node:assert';
import type { Column, Table } from '../../../src/core/data/table';
import { driftReport } from '../../../src/core/drift/driftReport';
import { statTests } from '../../../src/core/drift/registry';
import { ColumnSample } from '../../../src/core/drift/sample';
import { sturgesEdges } from '../../../src/core/drift/binning';

function num(name: string, values: number[], integer = values.every((v) => Number.isInteger(v))): Column {
  return {
    name,
    kind: 'numeric',
    values: Float64Array.from(values),
    missing: values.filter((v) => Number.isNaN(v)).length,
    integer,
  };
}
function text(name: string, values: (string | null)[]): Column {
  return { name, kind: 'text', values, missing: values.filter((v) => v === null).length };
}
function table(...columns: Column[]): Table {
  return { source: 'memory', format: 'csv', rowCount: columns[0]?.values.length ?? 0, columns };
}
const fill = <T>(n: number, v: T): T[] => Array<T>(n).fill(v);
const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

async function one(ref: Column, cur: Column, options = {}) {
  const report = await driftReport(table(ref), table(cur), options);
  return report.columns[0];
}

describe('docs/drift-spec.md §8 edge cases', () => {
  it('a column empty after dropping NaN/Inf is skipped and left out of the share', async () => {
    const report = await driftReport(
      table(
        num('x', [NaN, Infinity, -Infinity]),
        num(
          'y',
          range(50, (i) => i + 0.5),
        ),
      ),
      table(
        num('x', [1.5, 2.5, 3.5]),
        num(
          'y',
          range(50, (i) => i + 100.5),
        ),
      ),
    );
    assert.equal(report.columns[0].status, 'skipped');
    assert.equal(report.columns[0].reason, 'empty_reference');
    assert.equal(report.columns[0].score, null);
    assert.equal(report.tested, 1);
    assert.equal(report.share, 1);
  });

  it('empty current column: skipped with reason empty_current', async () => {
    const c = await one(num('x', [1.5, 2.5]), num('x', [NaN, NaN]));
    assert.equal(c.status, 'skipped');
    assert.equal(c.reason, 'empty_current');
  });

  it('both constant, same value, nR ≤ 1000: z-test p = 1, not drifted', async () => {
    const c = await one(num('x', fill(100, 2.5)), num('x', fill(50, 2.5)));
    assert.equal(c.test, 'z');
    assert.equal(c.score, 1);
    assert.equal(c.drifted, false);
  });

  it('both constant, same value, nR > 1000: Jensen-Shannon 0', async () => {
    const c = await one(num('x', fill(1500, 2.5)), num('x', fill(50, 2.5)));
    assert.equal(c.test, 'jensenshannon');
    assert.equal(c.score, 0);
    assert.equal(c.drifted, false);
  });

  it('R constant a, C constant b (100 vs 50): z-test drifts', async () => {
    const c = await one(num('x', fill(100, 1.5)), num('x', fill(50, 2.5)));
    assert.equal(c.test, 'z');
    assert.ok(c.score! < 1e-16);
    assert.equal(c.drifted, true);
  });

  it('same with nR > 1000: Jensen-Shannon √ln2', async () => {
    const c = await one(num('x', fill(1500, 1.5)), num('x', fill(50, 2.5)));
    assert.equal(c.test, 'jensenshannon');
    assert.ok(Math.abs(c.score! - Math.sqrt(Math.LN2)) < 1e-12);
    assert.equal(c.drifted, true);
  });

  it('R constant, C with > 5 distinct values, nR > 1000: normed Wasserstein W1/0.001', async () => {
    const cur = range(10, (i) => 45 + (i - 4.5) * 0.5);
    const c = await one(num('x', fill(1500, 0)), num('x', cur));
    assert.equal(c.test, 'wasserstein');
    assert.ok(Math.abs(c.score! - 45 / 0.001) < 1e-6);
    assert.equal(c.drifted, true);
  });

  it('nR = nC = 1: z-test p = 0.1573 when values differ, 1 when equal', async () => {
    const differ = await one(num('x', [1.5]), num('x', [2.5]));
    assert.equal(differ.test, 'z');
    assert.ok(Math.abs(differ.score! - 0.15729920705028513) < 1e-12);
    assert.equal(differ.drifted, false);
    assert.equal((await one(num('x', [1.5]), num('x', [1.5]))).score, 1);
  });

  it('KS on disjoint samples: D = 1 and p ≈ 4.24e-14 (20 vs 30)', () => {
    const out = statTests.ks.compute(
      ColumnSample.fromNumbers(range(20, (i) => i)),
      ColumnSample.fromNumbers(range(30, (i) => 100 + i)),
      'numerical',
    );
    assert.equal(out.statistic, 1);
    assert.ok(Math.abs(out.score - 4.243652513534888e-14) / 4.243652513534888e-14 < 1e-9, String(out.score));
  });

  it('KS on identical samples: D = 0, p = 1', () => {
    const s = ColumnSample.fromNumbers(range(40, (i) => Math.sqrt(i)));
    assert.deepEqual(statTests.ks.compute(s, s, 'numerical'), { score: 1, statistic: 0 });
  });

  it('a category unseen in the reference: chi-square p = 0 (nR ≤ 1000)', async () => {
    const c = await one(
      text('c', [...fill(30, 'a'), ...fill(30, 'b'), ...fill(30, 'c')]),
      text('c', [...fill(10, 'a'), ...fill(10, 'b'), ...fill(10, 'd')]),
    );
    assert.equal(c.type, 'categorical');
    assert.equal(c.test, 'chisquare');
    assert.equal(c.score, 0);
    assert.equal(c.drifted, true);
  });

  it('same with nR > 1000: Jensen-Shannon stays finite', async () => {
    const c = await one(
      text('c', [...fill(600, 'a'), ...fill(600, 'b')]),
      text('c', [...fill(10, 'a'), ...fill(10, 'b'), ...fill(10, 'd')]),
    );
    assert.equal(c.test, 'jensenshannon');
    assert.ok(Number.isFinite(c.score!) && c.score! > 0);
  });

  it('same with PSI and KL: the zero share becomes eps, large but finite', async () => {
    const expected = { psi: 2.8382532243304146, kl_div: 0.40451347895210504 };
    for (const test of ['psi', 'kl_div'] as const) {
      const c = await one(
        text('c', [...fill(600, 'a'), ...fill(600, 'b')]),
        text('c', [...fill(10, 'a'), ...fill(10, 'b'), ...fill(10, 'd')]),
        { test },
      );
      assert.ok(Math.abs(c.score! - expected[test]) <= 1e-9 * expected[test], `${test} ${c.score}`);
      assert.equal(c.drifted, true);
    }
  });

  it('Hellinger on numbers that are all equal: one bin, H = 0', () => {
    const s = ColumnSample.fromNumbers(fill(30, 4.25));
    assert.equal(statTests.hellinger.compute(s, s, 'numerical').score, 0);
  });

  it('Sturges on constant data: one bin [v − 0.5, v + 0.5]', () => {
    assert.deepEqual(Array.from(sturgesEdges(3, 3, 10, false)), [2.5, 3.5]);
  });

  it('a numerical column holding strings is an error, not a crash', async () => {
    const c = await one(text('x', ['a', 'b', 'c']), num('x', [1.5, 2.5, 3.5]));
    assert.equal(c.status, 'error');
    assert.match(c.reason!, /non-numbers/);
  });

  it('no testable column: share = null, datasetDrift = false', async () => {
    const report = await driftReport(table(num('x', [NaN])), table(num('x', [NaN])));
    assert.equal(report.share, null);
    assert.equal(report.datasetDrift, false);
    assert.equal(report.tested, 0);
  });
});
