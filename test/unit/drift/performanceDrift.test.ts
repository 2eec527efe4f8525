import { strict as assert } from 'node:assert';
import { classificationMetrics, comparePerformance, regressionMetrics } from '../../../src/core/drift/performanceDrift';

describe('performance drift (docs/drift-spec.md §7)', () => {
  it('passes within 20% of the reference for classification and fails outside, in both directions', () => {
    const r = comparePerformance({ accuracy: 0.8, f1: 0.5 }, { accuracy: 0.65, f1: 0.7 }, 'classification');
    assert.deepEqual(
      r.checks.map((c) => [c.metric, c.passed]),
      [
        ['accuracy', true],
        ['f1', false],
      ],
    );
    assert.equal(r.drifted, true);
  });

  it('uses 10% for regression and a 1e-12 floor when the reference is 0', () => {
    const r = comparePerformance({ mae: 2, mean_error: 0 }, { mae: 2.19, mean_error: 1e-13 }, 'regression');
    assert.deepEqual(
      r.checks.map((c) => c.passed),
      [true, true],
    );
    assert.equal(comparePerformance({ mean_error: 0 }, { mean_error: 1e-11 }, 'regression').drifted, true);
  });

  it('computes classification and regression metrics', () => {
    const m = classificationMetrics(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b'], 'b');
    assert.deepEqual(m, { accuracy: 0.75, precision: 2 / 3, recall: 1, f1: 0.8 });
    const reg = regressionMetrics(Float64Array.from([1, 2, 3]), Float64Array.from([2, 2, 5]));
    assert.equal(reg.mae, 1);
    assert.equal(reg.abs_max_error, 2);
    assert.equal(reg.mean_error, 1);
    assert.ok(Math.abs(reg.r2 - (1 - 5 / 2)) < 1e-15);
  });
});
