import { strict as assert } from 'node:assert';
import { readTable } from '../../../src/core/data/readTable';
import { driftReport } from '../../../src/core/drift/driftReport';
import { DEFAULT_SETTINGS } from '../../../src/extension/drift/driftSettings';
import { compareBySeverity, driftReportView, reasonText, severityOf } from '../../../src/extension/drift/driftView';
import { CURRENT_CSV, num, seq, table, text, TRAIN_CSV } from './fixtures';

describe('drift panel rows', () => {
  it('severity is the number of decades past the threshold, for p-values and distances alike', () => {
    assert.equal(severityOf({ status: 'ok', score: 0.0005, threshold: 0.05, scoreKind: 'p_value' }), 2);
    assert.equal(severityOf({ status: 'ok', score: 0.5, threshold: 0.05, scoreKind: 'p_value' }), -1);
    assert.equal(severityOf({ status: 'ok', score: 1, threshold: 0.1, scoreKind: 'distance' }), 1);
    assert.equal(severityOf({ status: 'ok', score: 0, threshold: 0.05, scoreKind: 'p_value' }), Infinity);
    assert.equal(severityOf({ status: 'skipped', score: null, threshold: null, scoreKind: null }), null);
  });

  it('sorts drifted columns first, most drifted on top, then the rest, failures and skipped columns last', async () => {
    const ref = table(
      num(
        'shifted_far',
        seq(300, (i) => i % 50),
      ),
      num(
        'shifted_bit',
        seq(300, (i) => i % 50),
      ),
      num(
        'same',
        seq(300, (i) => i % 50),
      ),
      num(
        'empty',
        seq(300, () => NaN),
      ),
      text(
        'free_text',
        seq(300, (i) => `t${i}`),
      ),
    );
    const cur = table(
      num(
        'shifted_far',
        seq(300, (i) => (i % 50) + 40),
      ),
      num(
        'shifted_bit',
        seq(300, (i) => (i % 50) + 6),
      ),
      num(
        'same',
        seq(300, (i) => (i + 7) % 50),
      ),
      num(
        'empty',
        seq(300, () => NaN),
      ),
      text(
        'free_text',
        seq(300, (i) => `u${i}`),
      ),
    );
    const view = driftReportView(
      await driftReport(ref, cur),
      { reference: 'a.csv', current: 'b.csv' },
      DEFAULT_SETTINGS,
      1,
    );
    assert.deepEqual(
      view.columns.map((c) => c.column),
      ['shifted_far', 'shifted_bit', 'same', 'empty', 'free_text'],
    );
    assert.deepEqual(
      view.columns.map((c) => c.drifted),
      [true, true, false, null, null],
    );
    const empty = view.columns.find((c) => c.column === 'empty')!;
    assert.equal(empty.status, 'skipped');
    assert.match(empty.reason!, /missing in the reference/);
    assert.match(view.columns.find((c) => c.column === 'free_text')!.reason!, /free text/);
  });

  it('turns the quickstart data (current.csv is drifted) into a report with overlays and KS ECDFs', async () => {
    const [ref, cur] = await Promise.all([readTable(TRAIN_CSV), readTable(CURRENT_CSV)]);
    const view = driftReportView(
      await driftReport(ref, cur),
      { reference: 'data/train.csv', current: 'data/current.csv' },
      DEFAULT_SETTINGS,
      5,
    );
    assert.equal(view.datasetDrift, true);
    assert.deepEqual([...view.columns].sort(compareBySeverity), view.columns, 'rows arrive sorted');
    assert.equal(view.columns[0].drifted, true);
    for (const c of view.columns.filter((c) => c.status === 'ok')) {
      assert.ok(c.overlay, `${c.column} has an overlay`);
      if (c.type === 'numerical') assert.equal(c.overlay!.kind, 'histogram');
      else assert.equal(c.overlay!.kind, 'bars');
    }
    assert.ok(view.columns.some((c) => c.test === 'wasserstein' || c.test === 'ks'));
  });

  it('marks columns with their own test or threshold as overridden', async () => {
    const ref = table(
      num(
        'a',
        seq(100, (i) => i / 7),
      ),
      num(
        'b',
        seq(100, (i) => i / 7),
      ),
    );
    const cur = table(
      num(
        'a',
        seq(100, (i) => i / 7 + 1),
      ),
      num(
        'b',
        seq(100, (i) => i / 7 + 1),
      ),
    );
    const settings = { ...DEFAULT_SETTINGS, columnThresholds: { b: 0.5 } };
    const view = driftReportView(
      await driftReport(ref, cur, { columnThresholds: { b: 0.5 } }),
      { reference: 'r', current: 'c' },
      settings,
      0,
    );
    assert.deepEqual(view.columns.map((c) => [c.column, c.overridden]).sort(), [
      ['a', false],
      ['b', true],
    ]);
  });

  it('keeps unknown reason codes readable', () => {
    assert.equal(reasonText('unsupported_type_list'), 'unsupported type list');
    assert.equal(reasonText(null), null);
  });
});
