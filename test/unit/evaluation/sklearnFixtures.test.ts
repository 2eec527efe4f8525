import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { calibrationCurve } from '../../../src/core/evaluation/probabilistic';
import { prCurve, rocCurve } from '../../../src/core/evaluation/ranking';
import { residualSummary } from '../../../src/core/evaluation/regression';
import { thresholdCounts } from '../../../src/core/evaluation/thresholdCurve';
import { num, text } from './columns';

/** Cases written by test/fixtures/evaluation/generate.py with scikit-learn (version in the file). */
const cases = JSON.parse(readFileSync(join(__dirname, '../../fixtures/evaluation/sklearn-cases.json'), 'utf8'));
const TOL = 1e-9;

function close(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    assert.ok(
      actual === null || actual === undefined || !Number.isFinite(actual),
      `${what}: expected undefined, got ${actual}`,
    );
    return;
  }
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= TOL,
    `${what}: ${actual} vs scikit-learn ${expected}`,
  );
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
      const cols = {
        label: num('y', c.y),
        score: num('p', c.score),
        ...(c.group ? { group: text('g', c.group) } : {}),
      };
      const report = evaluateColumns(cols, { threshold: c.threshold });

      it('accuracy, precision, recall, f1, roc_auc, average_precision, log_loss, brier', () => {
        assert.equal(report.task, 'binary');
        for (const m of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss', 'brier'])
          close(report.metrics[m], e[m], m);
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
            for (const m of ['accuracy', 'precision', 'recall', 'f1', 'selection_rate', 'roc_auc'])
              close(g.metrics[m], expected[m], `${key}.${m}`);
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
      for (const m of ['accuracy', 'f1_macro', 'f1_weighted', 'precision_macro', 'recall_macro'])
        close(report.metrics[m], e[m], m);
      assert.deepEqual(report.confusionMatrix, { labels: e.labels, matrix: e.confusion_matrix });
      assert.deepEqual(
        report.perClass!.map((p) => p.label),
        e.labels,
      );
      closeArray(
        report.perClass!.map((p) => p.precision),
        e.per_class.precision,
        'precision',
      );
      closeArray(
        report.perClass!.map((p) => p.recall),
        e.per_class.recall,
        'recall',
      );
      closeArray(
        report.perClass!.map((p) => p.f1),
        e.per_class.f1,
        'f1',
      );
      assert.deepEqual(
        report.perClass!.map((p) => p.support),
        e.per_class.support,
      );
    });
  }

  for (const c of cases.regression) {
    it(`regression: ${c.name}`, () => {
      const e = c.expected;
      const report = evaluateColumns(
        { label: num('y', c.y), prediction: num('yhat', c.prediction) },
        { task: 'regression' },
      );
      for (const m of ['mae', 'rmse', 'r2', 'mape']) close(report.metrics[m], e[m], m);
      if (e.mape === null)
        assert.match(report.undefined.mape, /the label column 'y' has \d+ zero targets?, so mape is infinite/);
      const r = residualSummary(Float64Array.from(c.y), Float64Array.from(c.prediction));
      close(r.p05, e.residual_quantiles['0.05'], 'p05');
      close(r.median, e.residual_quantiles['0.5'], 'median');
      close(r.p95, e.residual_quantiles['0.95'], 'p95');
      close(r.std, e.residual_std, 'std');
    });
  }
});

describe(`multiclass probabilities match scikit-learn ${cases.sklearn} (one-vs-rest) to 1e-9`, () => {
  for (const c of cases.multiclass_proba) {
    it(`${c.name}: roc_auc_ovr and roc_auc_ovo (macro, weighted), average_precision_macro, log_loss, argmax predictions, per-class ROC`, () => {
      const e = c.expected;
      const numeric = typeof c.y[0] === 'number';
      const label = numeric ? num('y', c.y) : text('y', c.y);
      // Named after the classes (p_cat …) and given in a shuffled order: the names say which class each scores.
      const names = Object.keys(c.columns).reverse();
      const report = evaluateColumns({ label, classScores: names.map((n) => ({ column: num(n, c.columns[n]) })) });
      assert.equal(report.task, 'multiclass');
      for (const m of [
        'roc_auc_ovr',
        'roc_auc_ovr_weighted',
        'roc_auc_ovo',
        'roc_auc_ovo_weighted',
        'average_precision_macro',
        'log_loss',
        'accuracy',
        'f1_macro',
      ])
        close(report.metrics[m], e[m], m);
      assert.deepEqual(report.confusionMatrix!.labels, e.labels.map(String));
      const byLabel = new Map(report.classCurves!.map((k) => [k.label, k]));
      for (const k of e.per_class) {
        const mine = byLabel.get(String(k.label))!;
        close(mine.rocAuc, k.roc_auc, `${k.label} roc_auc`);
        close(mine.averagePrecision, k.average_precision, `${k.label} average_precision`);
        assert.ok(k.roc.fpr.length <= 1000, 'fixture curves are short enough to be unthinned');
        closeArray(mine.roc!.x, k.roc.fpr, `${k.label} fpr`);
        closeArray(mine.roc!.y, k.roc.tpr, `${k.label} tpr`);
        closeArray(mine.roc!.thresholds, k.roc.thresholds, `${k.label} thresholds`);
      }
      // The argmax predictions are scikit-learn's (first class on a tie).
      const predicted = report.confusionMatrix!.matrix.map((row) => row.reduce((a, b) => a + b, 0));
      const expectedRows = e.labels.map((l: string | number) => c.y.filter((y: string | number) => y === l).length);
      assert.deepEqual(predicted, expectedRows);
      const predictedCols = e.labels.map((_: unknown, j: number) =>
        report.confusionMatrix!.matrix.reduce((a, row) => a + row[j], 0),
      );
      const expectedCols = e.labels.map(
        (l: string | number) => e.prediction.filter((p: string | number) => p === l).length,
      );
      assert.deepEqual(predictedCols, expectedCols);
    });
  }
});
