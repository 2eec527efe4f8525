/**
 * Multiclass ranking metrics from class probabilities, one class against the rest, as scikit-learn 1.9 computes them:
 * roc_auc_score(multi_class="ovr", average="macro" | "weighted"), average_precision_score(average="macro") and
 * log_loss, with each class's ROC and PR curve for the report.
 */
import type { ClassScores } from './classScores';
import { EPS } from './probabilistic';
import { averagePrecision, prCurve, rocAuc, rocCurve } from './ranking';
import { thresholdCounts } from './thresholdCurve';

export interface ClassCurves {
  label: string;
  /** Rows whose true label is this class. */
  support: number;
  rocAuc: number | null;
  averagePrecision: number | null;
  roc?: { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array };
  pr?: { recall: Float64Array; precision: Float64Array; thresholds: Float64Array };
}

export interface OneVsRest {
  metrics: { roc_auc_ovr: number | null; roc_auc_ovr_weighted: number | null; average_precision_macro: number | null };
  classes: ClassCurves[];
  /** Classes with a score column but no rows in the labels: left out of the averages. */
  absent: string[];
}

export function oneVsRest(yKeys: readonly string[], c: ClassScores): OneVsRest {
  const n = yKeys.length;
  const classes: ClassCurves[] = c.labels.map((label, k) => {
    const positive = Uint8Array.from(yKeys, (y) => (y === label ? 1 : 0));
    let support = 0;
    for (let i = 0; i < n; i++) support += positive[i];
    if (support === 0 || support === n) return { label, support, rocAuc: null, averagePrecision: null };
    const counts = thresholdCounts(positive, c.scores[k]);
    const roc = rocCurve(counts);
    const pr = prCurve(counts);
    return { label, support, rocAuc: rocAuc(counts), averagePrecision: averagePrecision(counts), roc, pr };
  });
  const scored = classes.filter((k) => k.rocAuc !== null);
  const absent = classes.filter((k) => k.support === 0).map((k) => k.label);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
  const totalSupport = scored.reduce((a, k) => a + k.support, 0);
  return {
    metrics: {
      roc_auc_ovr: mean(scored.map((k) => k.rocAuc!)),
      roc_auc_ovr_weighted: scored.length ? scored.reduce((a, k) => a + k.support * k.rocAuc!, 0) / totalSupport : null,
      average_precision_macro: mean(scored.map((k) => k.averagePrecision!)),
    },
    classes,
    absent,
  };
}

/** log_loss over class probabilities: −mean log p(true class), clipped to [eps, 1 − eps]. */
export function multiclassLogLoss(yKeys: readonly string[], c: ClassScores): number {
  const index = new Map(c.labels.map((l, k) => [l, k]));
  let sum = 0;
  for (let i = 0; i < yKeys.length; i++) {
    const p = c.scores[index.get(yKeys[i])!][i];
    sum -= Math.log(Math.min(Math.max(p, EPS), 1 - EPS));
  }
  return sum / yKeys.length;
}
