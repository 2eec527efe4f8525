/**
 * Multiclass ROC AUC one class against another (Hand & Till 2001), as scikit-learn 1.9's
 * roc_auc_score(multi_class="ovo", average="macro" | "weighted") computes it: for each pair of classes the labels
 * hold, the mean of AUC(a vs b, scored by a's column) and AUC(b vs a, scored by b's column) over the rows of a or b;
 * macro averages the pairs, weighted weighs each pair by its share of the rows.
 */
import type { ClassScores } from './classScores';
import { rocAuc } from './ranking';
import { thresholdCounts } from './thresholdCurve';

export function oneVsOne(
  yKeys: readonly string[],
  c: ClassScores,
): { roc_auc_ovo: number | null; roc_auc_ovo_weighted: number | null } {
  const present = new Set(yKeys);
  const classes = c.labels.map((label, k) => ({ label, scores: c.scores[k] })).filter((x) => present.has(x.label));
  const index = new Map(classes.map((x, k) => [x.label, k]));
  const codes = Int32Array.from(yKeys, (y) => index.get(y)!);
  const counts = new Int32Array(classes.length);
  for (const code of codes) counts[code]++;
  let sum = 0;
  let weightedSum = 0;
  let weights = 0;
  let pairs = 0;
  for (let a = 0; a < classes.length; a++) {
    for (let b = a + 1; b < classes.length; b++) {
      const m = counts[a] + counts[b];
      const isA = new Uint8Array(m);
      const isB = new Uint8Array(m);
      const aScores = new Float64Array(m);
      const bScores = new Float64Array(m);
      for (let i = 0, r = 0; i < codes.length; i++) {
        const code = codes[i];
        if (code !== a && code !== b) continue;
        isA[r] = code === a ? 1 : 0;
        isB[r] = 1 - isA[r];
        aScores[r] = classes[a].scores[i];
        bScores[r] = classes[b].scores[i];
        r++;
      }
      const pair = (rocAuc(thresholdCounts(isA, aScores)) + rocAuc(thresholdCounts(isB, bScores))) / 2;
      const prevalence = m / codes.length;
      sum += pair;
      weightedSum += prevalence * pair;
      weights += prevalence;
      pairs++;
    }
  }
  if (pairs === 0) return { roc_auc_ovo: null, roc_auc_ovo_weighted: null };
  return { roc_auc_ovo: sum / pairs, roc_auc_ovo_weighted: weightedSum / weights };
}
