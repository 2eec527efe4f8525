import { strict as assert } from 'node:assert';
import { dataPathFrom, displayPath, isDataPath } from '../../../src/extension/drift/dataArgs';
import { labelOf, profileTraces } from '../../../webview/profile/charts';
import { numberText, percentText, statRows } from '../../../webview/profile/stats';
import { mismatchText, ruleText, scoreText, verdictText } from '../../../webview/drift/format';
import { ecdfGap, featureTraces, overlayTraces, shareTraces, type DriftColours } from '../../../webview/drift/traces';
import { historyView } from '../../../src/extension/drift/historyView';
import type { ProfileColumnView } from '../../../src/protocol/webview/profile';
import type { DriftReportView } from '../../../src/protocol/webview/drift';

const colours: DriftColours = {
  reference: 'blue',
  current: 'orange',
  threshold: 'grey',
  drift: 'red',
  series: (i) => `c${i}`,
};

describe('drift panel charts', () => {
  it('overlays histogram bins at their centres with their own widths', () => {
    const [ref, cur] = overlayTraces(
      { kind: 'histogram', edges: [0, 1, 3], reference: [0.5, 0.5], current: [0.2, 0.8] },
      colours,
    );
    assert.deepEqual(
      [ref.x, ref.width, ref.y, cur.y],
      [
        [0.5, 2],
        [1, 2],
        [0.5, 0.5],
        [0.2, 0.8],
      ],
    );
    assert.equal((ref.marker as { color: string }).color, 'blue');
  });

  it('adds an "(other)" bar only when categories were left out', () => {
    const without = overlayTraces(
      { kind: 'bars', keys: ['a', ''], reference: [0.5, 0.5], current: [1, 0], otherReference: 0, otherCurrent: 0 },
      colours,
    );
    assert.deepEqual(without[0].x, ['a', '(empty)']);
    const withOther = overlayTraces(
      { kind: 'bars', keys: ['a'], reference: [0.7], current: [0.4], otherReference: 0.3, otherCurrent: 0.6 },
      colours,
    );
    assert.deepEqual(
      [withOther[0].x, withOther[0].y, withOther[1].y],
      [
        ['a', '(other)'],
        [0.7, 0.3],
        [0.4, 0.6],
      ],
    );
  });

  it('finds the largest ECDF gap (the KS statistic on the drawn grid)', () => {
    assert.deepEqual(ecdfGap({ x: [1, 2, 3], reference: [0.25, 0.75, 1], current: [0.125, 0.25, 1] }), {
      x: 2,
      d: 0.5,
    });
    assert.equal(ecdfGap({ x: [], reference: [], current: [] }), null);
  });

  it('draws drift over time as a share line with the threshold and drifted windows marked', () => {
    const h = historyView('m', [
      {
        at: '2026-11-01T00:00:00Z',
        share: 0.2,
        datasetDrift: false,
        driftShare: 0.5,
        status: 'ok',
        columns: [{ column: 'a', test: 'ks', score: 0.3, threshold: 0.05, drifted: false }],
      },
      {
        at: '2026-11-02T00:00:00Z',
        share: 0.8,
        datasetDrift: true,
        driftShare: 0.5,
        status: 'drift',
        columns: [{ column: 'a', test: 'ks', score: 0.01, threshold: 0.05, drifted: true }],
      },
    ]);
    const [share, threshold] = shareTraces(h, colours);
    assert.deepEqual((share.marker as { color: string[] }).color, ['c0', 'red']);
    assert.deepEqual(threshold.y, [0.5, 0.5]);
    const [a] = featureTraces(h, colours);
    assert.equal(a.name, 'a (ks, p)');
    assert.deepEqual((a.marker as { symbol: string[] }).symbol, ['circle', 'x']);
  });

  it('words the verdict, the rule and the columns that were not compared', () => {
    const r = {
      share: 0.6,
      drifted: 3,
      tested: 5,
      driftShare: 0.5,
      datasetDrift: true,
      onlyInReference: ['churned'],
      onlyInCurrent: [],
    } as unknown as DriftReportView;
    assert.equal(verdictText(r), 'Dataset drift: 3 of 5 columns drifted (share 0.6; dataset drift at ≥ 0.5)');
    assert.equal(
      verdictText({ ...r, share: null } as DriftReportView),
      'No column could be tested, so there is no verdict (counted as no drift).',
    );
    assert.equal(mismatchText(r), 'Not tested (only in the reference: churned).');
    assert.equal(mismatchText({ onlyInReference: [], onlyInCurrent: [] }), null);
    assert.equal(ruleText({ threshold: 0.05, scoreKind: 'p_value' }), 'p < 0.05');
    assert.equal(ruleText({ threshold: 0.1, scoreKind: 'distance' }), '≥ 0.1');
    assert.equal(scoreText(1.23456e-7, 'p_value'), 'p = 1.23e-7');
  });
});

describe('profile panel charts and texts', () => {
  it('draws profile histograms with exact bin widths and category bars with a muted "(other)"', () => {
    const [hist] = profileTraces(
      { kind: 'histogram', edges: [0, 2, 4], counts: [3, 1] },
      { main: 'blue', muted: 'grey' },
    );
    assert.deepEqual(
      [hist.x, hist.width, hist.text],
      [
        [1, 3],
        [2, 2],
        ['[0, 2)', '[2, 4]'],
      ],
    );
    const [bars] = profileTraces(
      { kind: 'bars', keys: ['x', 'y'], counts: [5, 4], other: 2 },
      { main: 'blue', muted: 'grey' },
    );
    assert.deepEqual(
      [bars.x, bars.y, (bars.marker as { color: string[] }).color],
      [
        ['x', 'y', '(other)'],
        [5, 4, 2],
        ['blue', 'blue', 'grey'],
      ],
    );
    assert.equal(labelOf('a'.repeat(40)).length, 24);
  });

  it('formats statistics for people: missing values, infinities, shares', () => {
    assert.equal(numberText(null), '—');
    assert.equal(numberText(-Infinity), '−∞');
    assert.equal(numberText(1234567), '1,234,567');
    assert.equal(numberText(0.000012345), '1.234e-5');
    assert.equal(percentText(0.0004), '<0.1%');
    assert.equal(percentText(0.25), '25%');
    const c = {
      storage: 'numeric',
      count: 10,
      missing: 2,
      missingShare: 0.2,
      distinct: 5,
      min: 1,
      max: 9,
      mean: 4.5,
      std: 2,
      quantiles: [{ p: 0.5, value: 4 }],
      zeros: 0,
      infinite: 1,
      lengths: null,
    } as unknown as ProfileColumnView;
    const rows = Object.fromEntries(statRows(c));
    assert.deepEqual([rows.missing, rows.median, rows.infinite, rows.zeros], ['2 (20%)', '4', '1', undefined]);
  });
});

describe('data command arguments', () => {
  it('accepts explorer URIs, Datasets rows and paths', () => {
    assert.equal(dataPathFrom({ scheme: 'file', fsPath: '/w/data/a.csv' }, '/w'), '/w/data/a.csv');
    assert.equal(dataPathFrom({ scheme: 'untitled', fsPath: 'x' }, '/w'), undefined);
    assert.equal(dataPathFrom({ kind: 'path', entry: { path: 'data/a.csv' } }, '/w'), '/w/data/a.csv');
    assert.equal(dataPathFrom({ kind: 'version', path: 'data/a.csv', latest: false }, '/w'), undefined);
    assert.equal(dataPathFrom('data/b.parquet', '/w'), '/w/data/b.parquet');
    assert.equal(dataPathFrom(undefined, '/w'), undefined);
    assert.equal(displayPath('/w/data/a.csv', '/w'), 'data/a.csv');
    assert.equal(displayPath('/elsewhere/a.csv', '/w'), '/elsewhere/a.csv');
    assert.ok(isDataPath('x.PARQUET') && !isDataPath('x.py'));
  });
});
