import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from '../../../src/core/data/table';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { calibrationCurve } from '../../../src/core/evaluation/probabilistic';
import { prCurve, rocCurve } from '../../../src/core/evaluation/ranking';
import { residualSummary } from '../../../src/core/evaluation/regression';
import { thresholdCounts } from '../../../src/core/evaluation/thresholdCurve';

/** Cases written by test/fixtures/evaluation/generate.py with scikit-learn (version in the file). */
const cases = JSON.parse(readFileSync(join(__dirname, '../../fixtures/evaluation/sklearn-cases.json'), 'utf8'));
const TOL = 1e-9;

const num = (name: string, values: number[]): Column => ({ name, kind: 'numeric', values: Float64Array.from(values), missing: 0, integer: values.every(Number.isInteger) });
const text = (name: string, values: string[]): Column => ({ name, kind: 'text', values, missing: 0 });

function close(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    assert.ok(actual === null || actual === undefined || !Number.isFinite(actual), `${what}: expected undefined, got ${actual}`);
    return;
  }
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= TOL, `${what}: ${actual} vs scikit-learn ${expected}`);
}

function closeArray(actual: ArrayLike<number | null>, expected: (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} points vs scikit-learn ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    if (expected[i] === null) assert.ok(a === null || !Number.isFinite(a as number), `${what}[${i}]: ${a} vs inf/nan`);
    else close(a as number, expected[i], `${what}[${i}]`);
  }
}

describe(`evaluation metrics match scikit-learn ${cases.sklearn} to 1e-9`, () => {
  for (const c of cases.binary) {
    describe(`binary: ${c.name}`, () => {
      const e = c.expected;
      const cols = { label: num('y', c.y), score: num('p', c.score), ...(c.group ? { group: text('g', c.group) } : {}) };
      const report = evaluateColumns(cols, { threshold: c.threshold });

      it('accuracy, precision, recall, f1, roc_auc, average_precision, log_loss, brier', () => {
        assert.equal(report.task, 'binary');
        for (const m of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss', 'brier']) close(report.metrics[m], e[m], m);
      });

      it('confusion matrix', () => {
        assert.deepEqual(report.confusionMatrix, { labels: ['0', '1'], matrix: e.confusion_matrix });
      });

      it('the full ROC curve (drop_intermediate) and PR curve, ties grouped', () => {
        const positive = Uint8Array.from(c.y as number[]);
        const counts = thresholdCounts(positive, Float64Array.from(c.score));
        const roc = rocCurve(counts);
        closeArray(roc.fpr, e.roc.fpr, 'fpr');
        closeArray(roc.tpr, e.roc.tpr, 'tpr');
        closeArray(roc.thresholds, e.roc.thresholds, 'roc thresholds');
        const pr = prCurve(counts);
        closeArray(pr.precision, e.pr.precision, 'precision');
        closeArray(pr.recall, e.pr.recall, 'recall');
        closeArray(pr.thresholds, e.pr.thresholds, 'pr thresholds');
      });

      it('calibration curve (10 uniform bins)', () => {
        const cal = calibrationCurve(Uint8Array.from(c.y as number[]), Float64Array.from(c.score));
        closeArray(cal.probTrue, e.calibration.prob_true, 'prob_true');
        closeArray(cal.probPred, e.calibration.prob_pred, 'prob_pred');
      });

      if (e.groups) {
        it('per-group metrics, one group holding a single class', () => {
          const byGroup = new Map(report.groups!.byGroup.map((g) => [g.group, g]));
          for (const [key, expected] of Object.entries(e.groups as Record<string, Record<string, number | null>>)) {
            const g = byGroup.get(key)!;
            assert.equal(g.n, expected.n);
            for (const m of ['accuracy', 'precision', 'recall', 'f1', 'selection_rate', 'roc_auc']) close(g.metrics[m], expected[m], `${key}.${m}`);
          }
        });

        it('demographic parity and equalized odds differences (fairlearn definitions)', () => {
          close(report.fairness!.demographic_parity_difference, e.demographic_parity_difference, 'dpd');
          close(report.fairness!.equalized_odds_difference, e.equalized_odds_difference, 'eod');
          assert.ok(report.fairness!.notes.some((n) => /group 'c' has no negative labels/.test(n)));
        });
      }
    });
  }

  for (const c of cases.multiclass) {
    it(`multiclass: ${c.name}`, () => {
      const e = c.expected;
      const report = evaluateColumns({ label: text('y', c.y), prediction: text('yhat', c.prediction) });
      assert.equal(report.task, 'multiclass');
      for (const m of ['accuracy', 'f1_macro', 'f1_weighted', 'precision_macro', 'recall_macro']) close(report.metrics[m], e[m], m);
      assert.deepEqual(report.confusionMatrix, { labels: e.labels, matrix: e.confusion_matrix });
      assert.deepEqual(report.perClass!.map((p) => p.label), e.labels);
      closeArray(report.perClass!.map((p) => p.precision), e.per_class.precision, 'precision');
      closeArray(report.perClass!.map((p) => p.recall), e.per_class.recall, 'recall');
      closeArray(report.perClass!.map((p) => p.f1), e.per_class.f1, 'f1');
      assert.deepEqual(report.perClass!.map((p) => p.support), e.per_class.support);
    });
  }

  for (const c of cases.regression) {
    it(`regression: ${c.name}`, () => {
      const e = c.expected;
      const report = evaluateColumns({ label: num('y', c.y), prediction: num('yhat', c.prediction) }, { task: 'regression' });
      for (const m of ['mae', 'rmse', 'r2', 'mape']) close(report.metrics[m], e[m], m);
      if (e.mape === null) assert.match(report.undefined.mape, /the label column 'y' has \d+ zero targets?, so mape is infinite/);
      const r = residualSummary(Float64Array.from(c.y), Float64Array.from(c.prediction));
      close(r.p05, e.residual_quantiles['0.05'], 'p05');
      close(r.median, e.residual_quantiles['0.5'], 'median');
      close(r.p95, e.residual_quantiles['0.95'], 'p95');
      close(r.std, e.residual_std, 'std');
    });
  }
});
