/** The metric set of each task over (a subset of) checked inputs: shared by the overall report and each group. */
import { accuracyFromCounts, averagedScores, classScores, confusionCounts, perClassMetrics } from './classification';
import { encodeLabels } from './labels';
import { brierScore, logLoss } from './probabilistic';
import { averagePrecision, rocAuc } from './ranking';
import { regressionScores } from './regression';
import { thresholdCounts } from './thresholdCurve';
import type { ClassMetrics } from './types';

export type MetricValues = Record<string, number | null>;

export interface BinaryVectors {
  positive: Uint8Array;
  predicted: Uint8Array;
  scores?: Float64Array;
}

export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function binaryCounts(v: BinaryVectors): BinaryCounts {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < v.positive.length; i++) {
    if (v.predicted[i]) {
      if (v.positive[i]) tp++;
      else fp++;
    } else if (v.positive[i]) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** Binary metrics; `why` receives the reason for each metric left null. */
export function binaryMetrics(v: BinaryVectors, why: (metric: string, reason: string) => void, labelName = 'label'): MetricValues {
  const c = binaryCounts(v);
  const n = c.tp + c.fp + c.tn + c.fn;
  const { precision, recall, f1 } = classScores(c.tp, c.fp, c.fn);
  const out: MetricValues = {
    accuracy: (c.tp + c.tn) / n,
    precision,
    recall,
    f1,
    selection_rate: (c.tp + c.fp) / n,
    true_positive_rate: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn),
    false_positive_rate: c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn),
  };
  if (!v.scores) {
    for (const m of ['roc_auc', 'average_precision', 'log_loss', 'brier']) {
      out[m] = null;
      why(m, 'no score column: ranking and probability metrics need scores (--score COL)');
    }
    return out;
  }
  const positives = c.tp + c.fn;
  if (positives === 0 || positives === n) {
    const only = positives === 0 ? 'negative' : 'positive';
    for (const m of ['roc_auc', 'average_precision']) {
      out[m] = null;
      why(m, `the ${labelName} column has one class (every one of the ${n} rows is ${only}), so ${m === 'roc_auc' ? 'ROC AUC' : 'average precision'} is undefined`);
    }
  } else {
    const counts = thresholdCounts(v.positive, v.scores);
    out.roc_auc = rocAuc(counts);
    out.average_precision = averagePrecision(counts);
  }
  out.log_loss = logLoss(v.positive, v.scores);
  out.brier = brierScore(v.positive, v.scores);
  return out;
}

export interface MulticlassResult {
  labels: string[];
  counts: Float64Array;
  perClass: ClassMetrics[];
  metrics: MetricValues;
}

export function multiclassMetrics(yKeys: readonly string[], predKeys: readonly string[]): MulticlassResult {
  const { labels, trueCodes, predCodes } = encodeLabels(yKeys, predKeys);
  const counts = confusionCounts(trueCodes, predCodes, labels.length);
  const perClass = perClassMetrics(labels, counts);
  const avg = averagedScores(perClass);
  return {
    labels,
    counts,
    perClass,
    metrics: { accuracy: accuracyFromCounts(counts, labels.length, yKeys.length), ...avg },
  };
}

export function regressionMetrics(y: Float64Array, pred: Float64Array, why: (metric: string, reason: string) => void, labelName = 'label'): MetricValues {
  const s = regressionScores(y, pred);
  if (s.zeroTargets > 0) why('mape', `the ${labelName} column has ${s.zeroTargets} zero target${s.zeroTargets > 1 ? 's' : ''}, so mape is infinite (a percentage of 0)`);
  if (Number.isNaN(s.r2)) why('r2', 'r2 needs at least two rows');
  return { mae: s.mae, rmse: s.rmse, r2: Number.isNaN(s.r2) ? null : s.r2, mape: Number.isNaN(s.mape) ? null : s.mape };
}
