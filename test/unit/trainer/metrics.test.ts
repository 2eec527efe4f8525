import { strict as assert } from 'node:assert';
import { classificationMetrics, regressionMetrics, rocAuc } from '../../../src/core/tfjs/metrics';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≉ ${b}`);

describe('test metrics', () => {
  it('computes binary accuracy, precision, recall, F1 and AUC for the positive class', () => {
    const actual = Int32Array.from([1, 1, 1, 0, 0, 0]);
    const p1 = [0.9, 0.8, 0.3, 0.6, 0.2, 0.1];
    const m = classificationMetrics(
      actual,
      p1.map((p) => [1 - p, p]),
      2,
    );
    close(m.accuracy, 4 / 6);
    close(m.precision, 2 / 3);
    close(m.recall, 2 / 3);
    close(m.f1, 2 / 3);
    close(m.auc, 8 / 9);
  });

  it('averages multiclass metrics over classes (macro)', () => {
    const actual = Int32Array.from([0, 1, 2, 2]);
    const probs = [
      [0.8, 0.1, 0.1],
      [0.2, 0.7, 0.1],
      [0.1, 0.6, 0.3],
      [0.1, 0.1, 0.8],
    ];
    const m = classificationMetrics(actual, probs, 3);
    close(m.accuracy, 0.75);
    close(m.precision, (1 + 0.5 + 1) / 3);
    close(m.recall, (1 + 1 + 0.5) / 3);
    close(m.auc, 1);
  });

  it('gives AUC 0.5 for tied scores and NaN when one class is absent', () => {
    close(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 0.5);
    assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [true, true])));
  });

  it('computes MAE, RMSE and R²', () => {
    const m = regressionMetrics([1, 2, 3, 4], [1, 2, 3, 6]);
    close(m.mae, 0.5);
    close(m.rmse, 1);
    close(m.r2, 1 - 4 / 5);
  });
});
