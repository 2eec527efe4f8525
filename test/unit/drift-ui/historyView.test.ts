import { strict as assert } from 'node:assert';
import { historyView, HISTORY_WINDOWS } from '../../../src/extension/drift/historyView';

type Check = Parameters<typeof historyView>[1][number];
const check = (at: string, share: number | null, columns: Check['columns'], status: Check['status'] = 'ok'): Check => ({
  at,
  share,
  datasetDrift: share !== null && share >= 0.5,
  driftShare: 0.5,
  status,
  columns,
});

describe('drift over time', () => {
  it('lines up each feature score per window, with gaps where a column was not tested', () => {
    const h = historyView('churn-live', [
      check('2026-11-01T00:00:00Z', 0, [{ column: 'age', test: 'ks', score: 0.4, threshold: 0.05, drifted: false }]),
      check('2026-11-02T00:00:00Z', 1, [
        { column: 'age', test: 'ks', score: 0.001, threshold: 0.05, drifted: true },
        { column: 'plan', test: 'jensenshannon', score: 0.3, threshold: 0.1, drifted: true },
      ]),
      check('2026-11-03T00:00:00Z', null, [], 'insufficient-data'),
    ]);
    assert.deepEqual(h.at, ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z']);
    assert.deepEqual(h.share, [0, 1, null]);
    assert.deepEqual(h.datasetDrift, [false, true, false]);
    assert.deepEqual(
      h.features.map((f) => [f.column, f.scoreKind, f.scores, f.drifted]),
      [
        ['age', 'p_value', [0.4, 0.001, null], [false, true, null]],
        ['plan', 'distance', [null, 0.3, null], [null, true, null]],
      ],
    );
    assert.equal(h.driftShare, 0.5);
  });

  it('leaves out checks without a readable time and counts them', () => {
    const h = historyView('m', [check('not a date', 0.2, []), check('2026-11-01T00:00:00Z', 0.2, [])], 2);
    assert.equal(h.at.length, 1);
    assert.equal(h.skippedLines, 3);
  });

  it('an error check has no share even if one was recorded, and NaN scores become gaps', () => {
    const h = historyView('m', [
      check(
        '2026-11-01T00:00:00Z',
        0.4,
        [{ column: 'x', test: 'psi', score: NaN, threshold: 0.1, drifted: null }],
        'error',
      ),
    ]);
    assert.deepEqual(h.share, [null]);
    assert.deepEqual(h.features[0].scores, [null]);
  });

  it(`keeps the latest ${HISTORY_WINDOWS} checks`, () => {
    const checks = Array.from({ length: HISTORY_WINDOWS + 20 }, (_, i) =>
      check(new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), i % 2, []),
    );
    const h = historyView('m', checks);
    assert.equal(h.at.length, HISTORY_WINDOWS);
    assert.equal(h.at[0], checks[20].at);
  });

  it('an empty history is empty, not an error', () => {
    const h = historyView('m', []);
    assert.deepEqual([h.at, h.features, h.driftShare], [[], [], null]);
  });
});
