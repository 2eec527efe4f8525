import { strict as assert } from 'node:assert';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { classScores } from '../../../src/core/evaluation/classification';
import { atThreshold, normalized, stepArea, trapezoid } from '../../../webview/evaluation/curves';
import { num } from './columns';

describe('Evaluation panel arithmetic', () => {
  it('normalises a confusion matrix as sklearn does (rows, columns, all; empty rows stay 0)', () => {
    const m = [
      [3, 1],
      [0, 0],
    ];
    assert.deepEqual(normalized(m, 'true'), [
      [0.75, 0.25],
      [0, 0],
    ]);
    assert.deepEqual(normalized(m, 'pred'), [
      [1, 1],
      [0, 0],
    ]);
    assert.deepEqual(normalized(m, 'all'), [
      [0.75, 0.25],
      [0, 0],
    ]);
    assert.equal(normalized(m, 'none'), m);
  });

  it('the threshold slider gives the same precision, recall and F1 as re-evaluating at that threshold', () => {
    const y = Array.from({ length: 300 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const p = y.map((v, i) => Math.round((((i * 37) % 100) / 100) * 0.7 * 100 + v * 30) / 100);
    const report = evaluateColumns({ label: num('y', y), score: num('p', p) });
    for (const t of [0.1, 0.33, 0.5, 0.72, 0.95]) {
      const slider = atThreshold(report.thresholdTable!, t);
      const again = evaluateColumns({ label: num('y', y), score: num('p', p) }, { threshold: t });
      const [[tn, fp], [fn, tp]] = again.confusionMatrix!.matrix;
      assert.deepEqual([slider.tp, slider.fp, slider.fn, slider.tn], [tp, fp, fn, tn], `counts at ${t}`);
      assert.deepEqual({ precision: slider.precision, recall: slider.recall, f1: slider.f1 }, classScores(tp, fp, fn));
    }
  });

  it('areas of logged curves: trapezoid for ROC, step sum for PR (sklearn order)', () => {
    assert.equal(trapezoid([0, 0, 1], [0, 1, 1]), 1);
    assert.equal(trapezoid([0, 0.5, 1], [0, 0.5, 1]), 0.5);
    assert.equal(stepArea([1, 0.5, 0], [0.5, 1, 1]), 0.75);
  });
});
