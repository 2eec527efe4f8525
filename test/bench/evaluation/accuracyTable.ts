/**
 * The accuracy table of the closing note: for each metric, the largest |ours − scikit-learn| over the fixture cases
 * (test/fixtures/evaluation/sklearn-cases.json).   npx tsx test/bench/evaluation/accuracyTable.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from '../../../src/core/data/table';
import { evaluateColumns } from '../../../src/core/evaluation/evaluate';
import { calibrationCurve } from '../../../src/core/evaluation/probabilistic';
import { prCurve, rocCurve } from '../../../src/core/evaluation/ranking';
import { thresholdCounts } from '../../../src/core/evaluation/thresholdCurve';

const cases = JSON.parse(readFileSync(join(__dirname, '../../fixtures/evaluation/sklearn-cases.json'), 'utf8'));
const num = (name: string, values: number[]): Column => ({ name, kind: 'numeric', values: Float64Array.from(values), missing: 0, integer: values.every(Number.isInteger) });
const text = (name: string, values: string[]): Column => ({ name, kind: 'text', values, missing: 0 });
const worst = new Map<string, { diff: number; cases: number }>();
const note = (metric: string, ours: number | null | undefined, theirs: number | null) => {
  if (theirs === null) return;
  const d = Math.abs((ours ?? NaN) - theirs);
  const w = worst.get(metric) ?? { diff: 0, cases: 0 };
  worst.set(metric, { diff: Number.isNaN(d) ? Infinity : Math.max(w.diff, d), cases: w.cases + 1 });
};
const noteAll = (metric: string, ours: ArrayLike<number>, theirs: (number | null)[]) => theirs.forEach((t, i) => t !== null && note(metric, ours[i], t));

for (const c of cases.binary) {
  const r = evaluateColumns({ label: num('y', c.y), score: num('p', c.score), ...(c.group ? { group: text('g', c.group) } : {}) }, { threshold: c.threshold });
  for (const m of ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'average_precision', 'log_loss', 'brier']) note(m, r.metrics[m], c.expected[m]);
  const counts = thresholdCounts(Uint8Array.from(c.y), Float64Array.from(c.score));
  const roc = rocCurve(counts);
  noteAll('roc_curve fpr/tpr', roc.fpr, c.expected.roc.fpr);
  noteAll('roc_curve fpr/tpr', roc.tpr, c.expected.roc.tpr);
  const pr = prCurve(counts);
  noteAll('precision_recall_curve', pr.precision, c.expected.pr.precision);
  noteAll('precision_recall_curve', pr.recall, c.expected.pr.recall);
  const cal = calibrationCurve(Uint8Array.from(c.y), Float64Array.from(c.score));
  noteAll('calibration_curve', cal.probTrue, c.expected.calibration.prob_true);
  noteAll('calibration_curve', cal.probPred, c.expected.calibration.prob_pred);
  if (c.expected.groups) {
    note('demographic_parity_difference', r.fairness!.demographic_parity_difference, c.expected.demographic_parity_difference);
    note('equalized_odds_difference', r.fairness!.equalized_odds_difference, c.expected.equalized_odds_difference);
    for (const g of r.groups!.byGroup) for (const m of ['accuracy', 'f1', 'roc_auc']) note(`per-group ${m}`, g.metrics[m], c.expected.groups[g.group][m]);
  }
}
for (const c of cases.multiclass) {
  const r = evaluateColumns({ label: text('y', c.y), prediction: text('p', c.prediction) });
  for (const m of ['accuracy', 'f1_macro', 'f1_weighted', 'precision_macro', 'recall_macro']) note(m, r.metrics[m], c.expected[m]);
  noteAll('per-class precision/recall/f1', r.perClass!.map((p) => p.precision), c.expected.per_class.precision);
  noteAll('per-class precision/recall/f1', r.perClass!.map((p) => p.recall), c.expected.per_class.recall);
  noteAll('per-class precision/recall/f1', r.perClass!.map((p) => p.f1), c.expected.per_class.f1);
}
for (const c of cases.regression) {
  const r = evaluateColumns({ label: num('y', c.y), prediction: num('p', c.prediction) }, { task: 'regression' });
  for (const m of ['mae', 'rmse', 'r2', 'mape']) note(m, r.metrics[m], c.expected[m]);
}
console.log(`scikit-learn ${cases.sklearn}\n| metric | values compared | max abs difference |\n|---|---|---|`);
for (const [m, w] of worst) console.log(`| ${m} | ${w.cases} | ${w.diff === 0 ? '0' : w.diff.toExponential(1)} |`);
