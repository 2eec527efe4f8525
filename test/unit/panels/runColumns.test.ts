import { strict as assert } from 'node:assert';
import { collectColumns, columnValue, differingColumns, toCell } from '../../../src/core/tracking/runColumns';
import { queryRuns, sortRuns } from '../../../src/core/tracking/runTableQuery';
import { summary } from './fixtures';

describe('runs table columns', () => {
  const runs = [
    summary('a', { params: { lr: 0.1, 'model.depth': 2, seed: 1 }, metrics: { acc: 0.9 } }),
    summary('b', { params: { lr: 0.01, 'model.depth': 2, seed: 1 }, metrics: { acc: NaN, 'val/loss': 0.3 } }),
    summary('c', { params: { lr: 0.01, 'model.depth': 2 }, metrics: { acc: Infinity } }),
  ];

  it('has one column per flattened param and per metric, after the run columns', () => {
    const keys = collectColumns(runs).map((c) => c.key);
    assert.deepEqual(keys.slice(-5), ['metric:acc', 'metric:val/loss', 'param:lr', 'param:model.depth', 'param:seed']);
    assert.equal(keys[0], 'status');
  });

  it('shows NaN and infinities as text and leaves missing values empty', () => {
    assert.deepEqual(
      runs.map((r) => toCell(columnValue(r, 'metric:acc'))),
      [0.9, 'NaN', 'Inf'],
    );
    assert.equal(toCell(-Infinity), '-Inf');
    assert.equal(toCell(columnValue(runs[0], 'metric:val/loss')), null);
    assert.equal(toCell({ a: [1, 2] }), '{"a":[1,2]}');
  });

  it('finds the columns that differ: missing vs present differs, equal NaNs do not', () => {
    const keys = ['param:lr', 'param:model.depth', 'param:seed', 'metric:acc'];
    assert.deepEqual(differingColumns(runs, keys), ['param:lr', 'param:seed', 'metric:acc']);
    assert.deepEqual(differingColumns(runs.slice(1, 2), keys), []);
    const nans = [summary('x', { metrics: { m: NaN } }), summary('y', { metrics: { m: NaN } })];
    assert.deepEqual(differingColumns(nans, ['metric:m']), []);
  });

  it('sorts numbers numerically with NaN after numbers and missing values last in both directions', () => {
    const rows = [
      summary('1', { metrics: { m: 2 } }),
      summary('2'),
      summary('3', { metrics: { m: NaN } }),
      summary('4', { metrics: { m: 10 } }),
    ];
    assert.deepEqual(
      sortRuns(rows, { key: 'metric:m', descending: false }).map((r) => r.id),
      ['1', '4', '3', '2'],
    );
    assert.deepEqual(
      sortRuns(rows, { key: 'metric:m', descending: true }).map((r) => r.id),
      ['4', '1', '3', '2'],
    );
  });

  it('filters then sorts, and passes filter errors through', () => {
    const fields = { params: new Set(['lr']), metrics: new Set(['acc']) };
    const view = queryRuns(runs, { filter: 'lr < 0.05', sort: { key: 'id', descending: true } }, fields);
    assert.ok(view.ok);
    assert.deepEqual(
      view.rows.map((r) => r.id),
      ['c', 'b'],
    );
    const bad = queryRuns(runs, { filter: 'lr <', sort: null }, fields);
    assert.equal(bad.ok, false);
  });
});
