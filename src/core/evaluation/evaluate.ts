/** One evaluation report from checked inputs: the task's metric set, its curves, groups and fairness gaps. */
import { confusionMatrix } from './classification';
import { fairness, groupMetrics } from './groups';
import { checkInputs, type CheckedInputs, type EvalColumns, type EvalOptions } from './inputs';
import { sortLabels } from './labels';
import { binaryCounts, binaryMetrics, multiclassMetrics, regressionMetrics, type BinaryVectors } from './metricSets';
import { calibrationCurve } from './probabilistic';
import { oneVsOne } from './oneVsOne';
import { multiclassLogLoss, oneVsRest } from './oneVsRest';
import { prCurve, rocCurve } from './ranking';
import { residualSummary } from './regression';
import { thinIndices } from './thin';
import { thresholdCounts } from './thresholdCurve';
import type { CurvePoints, EvaluationReport } from './types';

export const MAX_CURVE_POINTS = 1000;

export function evaluateColumns(
  cols: EvalColumns,
  opts: EvalOptions = {},
  source: Partial<EvaluationReport['source']> = {},
): EvaluationReport {
  return evaluateInputs(checkInputs(cols, opts), source);
}

export function evaluateInputs(
  input: CheckedInputs,
  source: Partial<EvaluationReport['source']> = {},
): EvaluationReport {
  const report: EvaluationReport = {
    version: 1,
    task: input.task,
    createdAt: new Date().toISOString(),
    source: {
      ...source,
      label: input.labelName,
      score: input.scoreName,
      prediction: input.predictionName,
      group: input.groupName,
    },
    n: input.n,
    metrics: {},
    undefined: {},
    warnings: [],
  };
  const why = (metric: string, reason: string) => {
    report.undefined[metric] = reason.replace('the label column', `the label column '${input.labelName}'`);
  };
  if (input.task === 'binary') evaluateBinary(input, report, why);
  else if (input.task === 'multiclass') evaluateMulticlass(input, report, why);
  else evaluateRegression(input, report, why);
  return report;
}

export function binaryVectors(input: CheckedInputs): BinaryVectors {
  const pos = input.positiveLabel!;
  const positive = Uint8Array.from(input.yKeys, (k) => (k === pos ? 1 : 0));
  const predicted = input.predKeys
    ? Uint8Array.from(input.predKeys, (k) => (k === pos ? 1 : 0))
    : Uint8Array.from(input.scores!, (s) => (s >= input.threshold ? 1 : 0));
  return { positive, predicted, scores: input.scores };
}

function negativeLabel(input: CheckedInputs): string {
  const others = sortLabels([...input.yKeys, ...(input.predKeys ?? [])]).filter((k) => k !== input.positiveLabel);
  if (others.length > 0) return others[0];
  const pairs: Record<string, string> = { '1': '0', true: 'false', True: 'False', yes: 'no', y: 'n' };
  return pairs[input.positiveLabel!] ?? `not ${input.positiveLabel}`;
}

function evaluateBinary(input: CheckedInputs, report: EvaluationReport, why: (m: string, r: string) => void): void {
  const v = binaryVectors(input);
  report.positiveLabel = input.positiveLabel;
  if (!input.predKeys) report.threshold = input.threshold;
  const all = binaryMetrics(v, why);
  const { selection_rate: _s, true_positive_rate: _t, false_positive_rate: _f, ...metrics } = all;
  report.metrics = metrics;
  const neg = negativeLabel(input);
  const labels = sortLabels([neg, input.positiveLabel!]);
  const posFirst = labels[0] === input.positiveLabel;
  const { tp, fp, fn, tn } = binaryCounts(v);
  report.confusionMatrix = {
    labels,
    matrix: posFirst
      ? [
          [tp, fn],
          [fp, tn],
        ]
      : [
          [tn, fp],
          [fn, tp],
        ],
  };
  if (v.scores) {
    const counts = thresholdCounts(v.positive, v.scores);
    const positives = tp + fn;
    if (positives > 0 && positives < input.n) {
      const roc = rocCurve(counts);
      report.roc = curvePoints(roc.fpr, roc.tpr, roc.thresholds);
      const pr = prCurve(counts);
      report.pr = curvePoints(pr.recall, pr.precision, pr.thresholds);
    }
    const idx = thinIndices(counts.thresholds.length, MAX_CURVE_POINTS);
    report.thresholdTable = {
      positives,
      negatives: input.n - positives,
      points: idx.map((k) => ({ threshold: counts.thresholds[k], tp: counts.tps[k], fp: counts.fps[k] })),
    };
    report.calibration = calibrationCurve(v.positive, v.scores);
  }
  if (input.groups) {
    report.groups = {
      column: input.groupName!,
      ...groupMetrics({ task: 'binary', groups: input.groups, binary: v }, all),
    };
    report.fairness = fairness(v, input.groups);
  }
}

function curvePoints(x: Float64Array, y: Float64Array, thresholds: Float64Array): CurvePoints {
  const idx = thinIndices(x.length, MAX_CURVE_POINTS);
  // The PR curve's last point (recall 0, precision 1) has no threshold.
  return {
    x: idx.map((i) => x[i]),
    y: idx.map((i) => y[i]),
    thresholds: idx.map((i) => (i < thresholds.length && Number.isFinite(thresholds[i]) ? thresholds[i] : null)),
    fullLength: x.length,
  };
}

const RANKED = [
  'roc_auc_ovr',
  'roc_auc_ovr_weighted',
  'roc_auc_ovo',
  'roc_auc_ovo_weighted',
  'average_precision_macro',
];
const PROBABILITY_METRICS = [...RANKED, 'log_loss'];

function evaluateMulticlass(input: CheckedInputs, report: EvaluationReport, why: (m: string, r: string) => void): void {
  const m = multiclassMetrics(input.yKeys, input.predKeys!);
  report.metrics = m.metrics;
  report.confusionMatrix = confusionMatrix(m.labels, m.counts);
  report.perClass = m.perClass;
  const scores = input.classScores;
  if (!scores) {
    for (const k of PROBABILITY_METRICS) {
      report.metrics[k] = null;
      why(k, 'no class probabilities: pass one score column per class (--score p_a,p_b,…)');
    }
  } else {
    const ovr = oneVsRest(input.yKeys, scores);
    const { roc_auc_ovr, roc_auc_ovr_weighted, average_precision_macro } = ovr.metrics;
    Object.assign(report.metrics, { roc_auc_ovr, roc_auc_ovr_weighted }, oneVsOne(input.yKeys, scores), {
      average_precision_macro,
      log_loss: multiclassLogLoss(input.yKeys, scores),
    });
    for (const k of RANKED)
      if (report.metrics[k] === null) why(k, 'the label column needs rows of at least two classes to rank them');
    if (ovr.absent.length)
      report.warnings.push(
        `class${ovr.absent.length > 1 ? 'es' : ''} ${ovr.absent.join(', ')} ha${ovr.absent.length > 1 ? 've' : 's'} a score column but no rows in the label column: left out of the one-vs-rest averages`,
      );
    report.classCurves = ovr.classes.map((c) => ({
      label: c.label,
      support: c.support,
      rocAuc: c.rocAuc,
      averagePrecision: c.averagePrecision,
      ...(c.roc ? { roc: curvePoints(c.roc.fpr, c.roc.tpr, c.roc.thresholds) } : {}),
      ...(c.pr ? { pr: curvePoints(c.pr.recall, c.pr.precision, c.pr.thresholds) } : {}),
    }));
  }
  if (input.groups)
    report.groups = {
      column: input.groupName!,
      ...groupMetrics({ task: 'multiclass', groups: input.groups, yKeys: input.yKeys, predKeys: input.predKeys }),
    };
}

function evaluateRegression(input: CheckedInputs, report: EvaluationReport, why: (m: string, r: string) => void): void {
  report.metrics = regressionMetrics(input.yNumbers!, input.predNumbers!, why);
  report.residuals = residualSummary(input.yNumbers!, input.predNumbers!);
  if (input.groups)
    report.groups = {
      column: input.groupName!,
      ...groupMetrics({ task: 'regression', groups: input.groups, y: input.yNumbers, pred: input.predNumbers }),
    };
}
