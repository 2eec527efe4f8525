import { strict as assert } from 'node:assert';
import { profileTable } from '../../../src/core/data/profile';
import { readTable } from '../../../src/core/data/readTable';
import { chartFor, profileColumnView } from '../../../src/extension/drift/profileView';
import { num, seq, table, text, TRAIN_CSV } from './fixtures';

describe('profile panel columns', () => {
  const profile = profileTable(
    table(
      num(
        'income',
        seq(500, (i) => 1000 + ((i * 37) % 400) + (i % 3) / 10),
      ),
      num(
        'calls',
        seq(500, (i) => i % 4),
      ),
      text(
        'plan',
        seq(500, (i) => ['basic', 'pro', 'enterprise'][i % 3]),
      ),
      text(
        'comment',
        seq(500, (i) => `free text ${i}`),
      ),
      num(
        'empty',
        seq(500, () => NaN),
      ),
      num(
        'spiky',
        seq(500, (i) => (i === 3 ? Infinity : i === 4 ? NaN : i)),
      ),
    ),
  );
  const col = (name: string) => profileColumnView(profile.columns.find((c) => c.name === name)!);

  it('draws numbers with many values as a histogram whose bins hold every value', () => {
    const c = col('income');
    assert.equal(c.type, 'numerical');
    assert.equal(c.chart?.kind, 'histogram');
    if (c.chart?.kind !== 'histogram') return;
    assert.equal(c.chart.edges.length, c.chart.counts.length + 1);
    assert.equal(
      c.chart.counts.reduce((a, b) => a + b, 0),
      500,
    );
    assert.ok(c.min !== null && c.max !== null && c.min < c.max);
  });

  it('draws integer codes with few values and categories as bars of their counts', () => {
    const calls = col('calls');
    assert.equal(calls.type, 'categorical');
    assert.deepEqual(calls.chart, { kind: 'bars', keys: ['0', '1', '2', '3'], counts: [125, 125, 125, 125], other: 0 });
    const plan = col('plan');
    assert.equal(plan.chart?.kind, 'bars');
    assert.deepEqual(
      plan.top.map((t) => t.count),
      [167, 167, 166],
    );
  });

  it('shows the most frequent values of free text and sums the rest as "other"', () => {
    const c = col('comment');
    assert.equal(c.type, 'text');
    assert.equal(c.chart?.kind, 'bars');
    if (c.chart?.kind !== 'bars') return;
    assert.equal(c.chart.keys.length + c.chart.other, 500);
    assert.match(c.note!, /free text/);
  });

  it('gives an all-missing column no chart and says why', () => {
    const c = col('empty');
    assert.equal(c.chart, null);
    assert.equal(c.count, 0);
    assert.equal(c.missingShare, 1);
    assert.match(c.note!, /every value is missing/);
    assert.equal(c.mean, null);
  });

  it('leaves infinite values out of the statistics and says so', () => {
    const c = col('spiky');
    assert.equal(c.infinite, 1);
    assert.equal(c.missing, 1);
    assert.ok(Number.isFinite(c.max!));
    assert.match(c.note!, /1 infinite value/);
  });

  it('profiles the quickstart training data with one chart per column', async () => {
    const p = profileTable(await readTable(TRAIN_CSV));
    const views = p.columns.map(profileColumnView);
    assert.deepEqual(
      views.map((v) => v.name),
      ['age', 'income', 'plan', 'tenure_months', 'support_calls', 'churned'],
    );
    for (const v of views) assert.ok(v.chart, `${v.name} has a chart`);
    assert.equal(chartFor(p.columns.find((c) => c.name === 'churned')!)?.kind, 'bars');
  });
});
