/** Final test metrics of the tfjs trainer: classification (binary, or macro-averaged multiclass) and regression. */

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  /** ROC AUC: of the positive class (binary), or the macro one-vs-rest mean (multiclass). NaN when undefined. */
  auc: number;
}

export interface RegressionMetrics {
  mae: number;
  rmse: number;
  r2: number;
}

const safeDiv = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Area under the ROC curve from scores, by the rank-sum formula with average ranks for ties. */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = avg;
    i = j + 1;
  }
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) {
      pos++;
      rankSum += ranks[i];
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

function perClass(
  actual: Int32Array,
  predicted: Int32Array,
  c: number,
): { precision: number; recall: number; f1: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < actual.length; i++) {
    if (predicted[i] === c && actual[i] === c) tp++;
    else if (predicted[i] === c) fp++;
    else if (actual[i] === c) fn++;
  }
  const precision = safeDiv(tp, tp + fp);
  const recall = safeDiv(tp, tp + fn);
  return { precision, recall, f1: safeDiv(2 * precision * recall, precision + recall) };
}

/**
 * `actual` holds class indices; `probabilities` one row of class probabilities per sample. With two classes,
 * class 1 is the positive class; with more, precision, recall, F1 and AUC are unweighted means over classes.
 */
export function classificationMetrics(
  actual: Int32Array,
  probabilities: ArrayLike<number>[],
  classCount: number,
): ClassificationMetrics {
  const n = actual.length;
  const predicted = new Int32Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    let best = 0;
    for (let c = 1; c < classCount; c++) if (p[c] > p[best]) best = c;
    predicted[i] = best;
    if (best === actual[i]) correct++;
  }
  const aucOf = (c: number) =>
    rocAuc(
      Array.from(probabilities, (p) => p[c]),
      Array.from(actual, (a) => a === c),
    );
  if (classCount === 2) {
    return { accuracy: safeDiv(correct, n), ...perClass(actual, predicted, 1), auc: aucOf(1) };
  }
  let precision = 0;
  let recall = 0;
  let f1 = 0;
  let aucSum = 0;
  let aucCount = 0;
  for (let c = 0; c < classCount; c++) {
    const m = perClass(actual, predicted, c);
    precision += m.precision;
    recall += m.recall;
    f1 += m.f1;
    const auc = aucOf(c);
    if (!Number.isNaN(auc)) {
      aucSum += auc;
      aucCount++;
    }
  }
  return {
    accuracy: safeDiv(correct, n),
    precision: precision / classCount,
    recall: recall / classCount,
    f1: f1 / classCount,
    auc: aucCount ? aucSum / aucCount : NaN,
  };
}

export function regressionMetrics(actual: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  const n = actual.length;
  let absSum = 0;
  let sqSum = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i] / n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const err = actual[i] - predicted[i];
    absSum += Math.abs(err);
    sqSum += err * err;
    total += (actual[i] - mean) ** 2;
  }
  return { mae: safeDiv(absSum, n), rmse: Math.sqrt(safeDiv(sqSum, n)), r2: total === 0 ? NaN : 1 - sqSum / total };
}
