/** Confusion matrix, accuracy and per-class / averaged precision, recall and F1 (scikit-learn, zero_division=0). */
import type { ClassMetrics, ConfusionMatrix } from './types';

export function confusionCounts(trueCodes: Int32Array, predCodes: Int32Array, k: number): Float64Array {
  const m = new Float64Array(k * k);
  for (let i = 0; i < trueCodes.length; i++) m[trueCodes[i] * k + predCodes[i]]++;
  return m;
}

export function confusionMatrix(labels: string[], counts: Float64Array): ConfusionMatrix {
  const k = labels.length;
  return { labels, matrix: labels.map((_, i) => Array.from(counts.subarray(i * k, i * k + k))) };
}

export function accuracyFromCounts(counts: Float64Array, k: number, n: number): number {
  let correct = 0;
  for (let c = 0; c < k; c++) correct += counts[c * k + c];
  return n === 0 ? 0 : correct / n;
}

/** precision = tp/(tp+fp), recall = tp/(tp+fn), f1 = 2tp/(2tp+fp+fn); 0 where the denominator is 0. */
export function classScores(tp: number, fp: number, fn: number): { precision: number; recall: number; f1: number } {
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    f1: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
  };
}

export function perClassMetrics(labels: string[], counts: Float64Array): ClassMetrics[] {
  const k = labels.length;
  return labels.map((label, c) => {
    let rowSum = 0;
    let colSum = 0;
    for (let j = 0; j < k; j++) {
      rowSum += counts[c * k + j];
      colSum += counts[j * k + c];
    }
    const tp = counts[c * k + c];
    return { label, ...classScores(tp, colSum - tp, rowSum - tp), support: rowSum };
  });
}

export interface AveragedScores {
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
}

export function averagedScores(perClass: ClassMetrics[]): AveragedScores {
  const k = perClass.length;
  const mean = (f: (c: ClassMetrics) => number) => perClass.reduce((s, c) => s + f(c), 0) / k;
  const total = perClass.reduce((s, c) => s + c.support, 0);
  const weighted = (f: (c: ClassMetrics) => number) => (total === 0 ? 0 : perClass.reduce((s, c) => s + f(c) * c.support, 0) / total);
  return {
    precision_macro: mean((c) => c.precision),
    recall_macro: mean((c) => c.recall),
    f1_macro: mean((c) => c.f1),
    precision_weighted: weighted((c) => c.precision),
    recall_weighted: weighted((c) => c.recall),
    f1_weighted: weighted((c) => c.f1),
  };
}
