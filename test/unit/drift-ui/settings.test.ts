import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS, driftOptionsFrom, normalizeSettings } from '../../../src/extension/drift/driftSettings';
import { MlopsError } from '../../../src/core/errors';
import { parseShare, parseThreshold, withColumnOverride } from '../../../webview/drift/settingsEdit';

describe('drift panel settings', () => {
  it('maps the automatic test and an empty threshold to no override', () => {
    const o = driftOptionsFrom(DEFAULT_SETTINGS);
    assert.equal(o.test, undefined);
    assert.equal(o.threshold, undefined);
    assert.equal(o.driftShare, 0.5);
  });

  it('passes global and per-column choices through', () => {
    const o = driftOptionsFrom(
      normalizeSettings({
        test: 'psi',
        threshold: 0.2,
        driftShare: 0.3,
        columnTests: { age: 'ks', plan: 'auto' },
        columnThresholds: { age: 0.01 },
      }),
    );
    assert.deepEqual(o, {
      test: 'psi',
      threshold: 0.2,
      driftShare: 0.3,
      columnTests: { age: 'ks' },
      columnThresholds: { age: 0.01 },
    });
  });

  it('rejects unknown tests, negative thresholds and shares outside [0, 1] with a message', () => {
    assert.throws(
      () => normalizeSettings({ test: 'magic' }),
      (e: unknown) => e instanceof MlopsError && /unknown drift test 'magic'/.test(e.message),
    );
    assert.throws(() => normalizeSettings({ columnThresholds: { a: -1 } }), /column 'a'/);
    assert.throws(() => normalizeSettings({ driftShare: 1.5 }), /between 0 and 1/);
  });

  it('sets and removes one column override without touching the others', () => {
    const one = withColumnOverride(DEFAULT_SETTINGS, 'age', 'ks', 0.01);
    const two = withColumnOverride(one, 'plan', 'psi', null);
    assert.deepEqual(two.columnTests, { age: 'ks', plan: 'psi' });
    assert.deepEqual(two.columnThresholds, { age: 0.01 });
    const back = withColumnOverride(two, 'age', 'auto', null);
    assert.deepEqual(back.columnTests, { plan: 'psi' });
    assert.deepEqual(back.columnThresholds, {});
    assert.deepEqual(DEFAULT_SETTINGS.columnTests, {}, 'the input is not mutated');
  });

  it('reads typed thresholds and shares', () => {
    assert.equal(parseThreshold(''), null);
    assert.equal(parseThreshold(' 0.05 '), 0.05);
    assert.equal(parseThreshold('-1'), undefined);
    assert.equal(parseThreshold('abc'), undefined);
    assert.equal(parseShare('0.3'), 0.3);
    assert.equal(parseShare('2'), undefined);
    assert.equal(parseShare(''), undefined);
  });
});
