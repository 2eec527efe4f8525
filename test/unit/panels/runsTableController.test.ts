import { strict as assert } from 'node:assert';
import { RunsTableController } from '../../../src/extension/panels/runsTableController';
import type { RunSummary } from '../../../src/core/tracking/types';
import type { RunsToWebview } from '../../../src/protocol/webview/runs';
import { summary } from './fixtures';

function setup(initial: RunSummary[]) {
  let rows = initial;
  const sent: RunsToWebview[] = [];
  const compared: string[][] = [];
  const followed: string[][] = [];
  const controller = new RunsTableController({
    rows: () => rows,
    post: (m) => sent.push(m),
    compare: (ids) => compared.push(ids),
    selectionChanged: (ids) => followed.push(ids),
    open: () => undefined,
  });
  return { controller, sent, compared, followed, setRows: (next: RunSummary[]) => (rows = next) };
}

const state = { filter: '', sort: null, columns: null, onlyDiffering: false };
const byType = <T extends RunsToWebview['type']>(sent: RunsToWebview[], type: T) =>
  sent.filter((m): m is Extract<RunsToWebview, { type: T }> => m.type === type);

describe('runs table host messages', () => {
  const runs = Array.from({ length: 500 }, (_, i) =>
    summary(`r${String(i).padStart(3, '0')}`, { metrics: { acc: i / 500 }, params: { lr: i % 7 } }),
  );

  it('answers ready with the column catalogue and one window of rows, not every run', () => {
    const { controller, sent } = setup(runs);
    controller.handle({ type: 'ready', state });
    assert.deepEqual(
      sent.map((m) => m.type),
      ['init', 'view'],
    );
    const view = byType(sent, 'view')[0];
    assert.equal(view.total, 500);
    assert.equal(view.rows.length, 100);
    assert.ok(view.columns.includes('metric:acc') && view.columns.includes('param:lr'));
  });

  it('patches a changed run in place and sends a new view only when the order changes', () => {
    const { controller, sent, setRows } = setup(runs);
    controller.handle({ type: 'ready', state: { ...state, sort: { key: 'metric:acc', descending: true } } });
    sent.length = 0;
    const changed = runs.map((r) => (r.id === 'r010' ? { ...r, status: 'failed' as const } : r));
    setRows(changed);
    controller.refresh();
    assert.deepEqual(
      sent.map((m) => m.type),
      ['rowsChanged'],
    );
    const patch = byType(sent, 'rowsChanged')[0];
    assert.deepEqual(
      patch.rows.map((r) => [r.index, r.row.id, r.row.status]),
      [[489, 'r010', 'failed']],
    );

    sent.length = 0;
    setRows(changed.map((r) => (r.id === 'r010' ? { ...r, metrics: { acc: 2 } } : r)));
    controller.refresh();
    const view = byType(sent, 'view')[0];
    assert.ok(view, 'a re-ordering change sends a view');
    assert.equal(view.rows[0].id, 'r010');

    sent.length = 0;
    controller.refresh();
    assert.deepEqual(sent, [], 'nothing changed, nothing sent');
  });

  it('announces new param and metric names as added columns', () => {
    const { controller, sent, setRows } = setup(runs);
    controller.handle({ type: 'ready', state });
    sent.length = 0;
    setRows([...runs, summary('r999', { metrics: { f1: 0.5 } })]);
    controller.refresh();
    assert.deepEqual(
      byType(sent, 'columnsAdded')[0].columns.map((c) => c.key),
      ['metric:f1'],
    );
  });

  it('filters on query, reports filter errors without rows, and serves scroll windows', () => {
    const { controller, sent } = setup(runs);
    controller.handle({ type: 'ready', state });
    sent.length = 0;
    controller.handle({ type: 'query', state: { ...state, filter: 'acc >= 0.9 lr = 3' } });
    const view = byType(sent, 'view')[0];
    assert.equal(view.total, runs.filter((r) => r.metrics.acc >= 0.9 && r.params.lr === 3).length);
    controller.handle({ type: 'query', state: { ...state, filter: 'acc >' } });
    const bad = byType(sent, 'view')[1];
    assert.equal(bad.filterError?.message, "expected a value after '>'");
    assert.equal(bad.rows.length, 0);
    controller.handle({ type: 'query', state });
    controller.handle({ type: 'viewport', start: 300, count: 20 });
    const rows = byType(sent, 'rows')[0];
    assert.equal(rows.start, 300);
    assert.equal(rows.rows[0].id, runs[300].id);
  });

  it('selects rows, selects all filtered rows, and compares the selection in view order', () => {
    const { controller, sent, compared } = setup(runs);
    controller.handle({ type: 'ready', state });
    controller.handle({ type: 'select', ids: ['r002', 'r001'], selected: true });
    const patch = byType(sent, 'rowsChanged').at(-1);
    assert.equal(patch?.selectedCount, 2);
    assert.ok(patch?.rows.every((r) => r.row.selected));
    controller.handle({ type: 'compare' });
    assert.deepEqual(compared[0], ['r001', 'r002']);
    controller.handle({ type: 'query', state: { ...state, filter: 'lr = 0' } });
    controller.handle({ type: 'selectAll', selected: true });
    assert.equal(byType(sent, 'rowsChanged').at(-1)?.selectedCount, 2 + runs.filter((r) => r.params.lr === 0).length);
  });

  it('announces every change of the selection, in view order, so an open compare panel can follow it', () => {
    const { controller, followed } = setup(runs);
    controller.handle({ type: 'ready', state: { ...state, sort: { key: 'metric:acc', descending: true } } });
    controller.handle({ type: 'select', ids: ['r002', 'r007'], selected: true });
    assert.deepEqual(followed.at(-1), ['r007', 'r002']);
    controller.handle({ type: 'select', ids: ['r007'], selected: false });
    assert.deepEqual(followed.at(-1), ['r002']);
    controller.handle({ type: 'query', state: { ...state, filter: 'lr = 3' } });
    controller.handle({ type: 'selectAll', selected: true });
    const expected = runs.filter((r) => r.params.lr === 3).map((r) => r.id);
    assert.deepEqual(followed.at(-1), [...expected, 'r002']);
    controller.handle({ type: 'selectAll', selected: false });
    assert.deepEqual(followed.at(-1), ['r002']);
  });

  it('keeps only the columns that differ when asked', () => {
    const same = [summary('a', { params: { seed: 1, lr: 0.1 } }), summary('b', { params: { seed: 1, lr: 0.2 } })];
    const { controller, sent } = setup(same);
    controller.handle({ type: 'ready', state: { ...state, onlyDiffering: true } });
    const view = byType(sent, 'view')[0];
    assert.ok(view.columns.includes('param:lr'));
    assert.ok(!view.columns.includes('param:seed'));
    assert.ok(view.columns.includes('id'));
  });
});
