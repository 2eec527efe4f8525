/** Curves of every item, own report first, then logged plots: ROC, PR and calibration, with their areas. */
import type { EvaluationItem } from '../../src/protocol/webview/evaluation';

export interface Curve {
  label: string;
  /** Palette slot: the item's index, so a run keeps its colour across charts. */
  slot: number;
  x: number[];
  y: number[];
  /** Area under the curve (ROC AUC, average precision) when known. */
  area: number | null;
  /** Plotly dash style: per-class curves of a second item are dashed, so colour stays the class. */
  dash?: string;
}

const DASHES = ['solid', 'dash', 'dot', 'dashdot'];

/** One-vs-rest curves of a multiclass report: coloured by class, dashed by item. */
function classCurves(item: EvaluationItem, itemIndex: number, kind: 'roc' | 'pr', named: boolean): Curve[] {
  return (item.report?.classCurves ?? []).flatMap((c, k) => {
    const points = c[kind];
    if (!points) return [];
    return [
      {
        label: named ? `${item.label} · ${c.label} vs rest` : `${c.label} vs rest`,
        slot: k,
        x: points.x,
        y: points.y,
        area: kind === 'roc' ? c.rocAuc : c.averagePrecision,
        dash: DASHES[itemIndex % DASHES.length],
      },
    ];
  });
}

/** Trapezoidal area over finite points (for logged ROC curves, which carry no AUC). */
export function trapezoid(x: number[], y: number[]): number | null {
  let area = 0;
  let points = 0;
  for (let i = 1; i < x.length; i++) {
    if (![x[i], x[i - 1], y[i], y[i - 1]].every(Number.isFinite)) continue;
    area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
    points++;
  }
  return points ? Math.abs(area) : null;
}

/** Step-wise average precision over a logged PR curve (sklearn's order: recall decreasing). */
export function stepArea(recall: number[], precision: number[]): number | null {
  if (recall.length < 2) return null;
  let sum = 0;
  for (let i = 0; i < recall.length - 1; i++) sum += (recall[i + 1] - recall[i]) * precision[i];
  return Math.max(0, -sum);
}

export function rocCurves(items: EvaluationItem[]): Curve[] {
  return items.flatMap((item, slot) => [
    ...(item.report?.roc
      ? [
          {
            label: item.label,
            slot,
            x: item.report.roc.x,
            y: item.report.roc.y,
            area: item.report.metrics.roc_auc ?? null,
          },
        ]
      : []),
    ...classCurves(item, slot, 'roc', items.length > 1),
    ...item.plots.flatMap((p) =>
      p.kind === 'roc'
        ? [{ label: `${item.label} · ${p.name}`, slot, x: p.fpr, y: p.tpr, area: trapezoid(p.fpr, p.tpr) }]
        : [],
    ),
  ]);
}

export function prCurves(items: EvaluationItem[]): Curve[] {
  return items.flatMap((item, slot) => [
    ...(item.report?.pr
      ? [
          {
            label: item.label,
            slot,
            x: item.report.pr.x,
            y: item.report.pr.y,
            area: item.report.metrics.average_precision ?? null,
          },
        ]
      : []),
    ...classCurves(item, slot, 'pr', items.length > 1),
    ...item.plots.flatMap((p) =>
      p.kind === 'precision_recall'
        ? [
            {
              label: `${item.label} · ${p.name}`,
              slot,
              x: p.recall,
              y: p.precision,
              area: stepArea(p.recall, p.precision),
            },
          ]
        : [],
    ),
  ]);
}

export function calibrationCurves(items: EvaluationItem[]): Curve[] {
  return items.flatMap((item, slot) => [
    ...(item.report?.calibration
      ? [
          {
            label: item.label,
            slot,
            x: item.report.calibration.probPred,
            y: item.report.calibration.probTrue,
            area: item.report.metrics.brier ?? null,
          },
        ]
      : []),
    ...item.plots.flatMap((p) =>
      p.kind === 'calibration'
        ? [{ label: `${item.label} · ${p.name}`, slot, x: p.probPred, y: p.probTrue, area: null }]
        : [],
    ),
  ]);
}

export interface MatrixChoice {
  key: string;
  label: string;
  labels: string[];
  matrix: number[][];
}

export function matrices(items: EvaluationItem[]): MatrixChoice[] {
  return items.flatMap((item) => [
    ...(item.report?.confusionMatrix
      ? [{ key: `${item.key}#report`, label: item.label, ...item.report.confusionMatrix }]
      : []),
    ...item.plots.flatMap((p) =>
      p.kind === 'confusion_matrix'
        ? [{ key: `${item.key}#${p.name}`, label: `${item.label} · ${p.name}`, labels: p.labels, matrix: p.matrix }]
        : [],
    ),
  ]);
}

export type Normalize = 'none' | 'true' | 'pred' | 'all';

/** sklearn's confusion_matrix(normalize=…): over true rows, predicted columns, or all; an empty row/column stays 0. */
export function normalized(matrix: number[][], how: Normalize): number[][] {
  if (how === 'none') return matrix;
  if (how === 'all') {
    const total = matrix.flat().reduce((a, b) => a + b, 0);
    return matrix.map((row) => row.map((v) => (total ? v / total : 0)));
  }
  if (how === 'true')
    return matrix.map((row) => {
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => (s ? v / s : 0));
    });
  const cols = matrix[0]?.map((_, j) => matrix.reduce((a, row) => a + row[j], 0)) ?? [];
  return matrix.map((row) => row.map((v, j) => (cols[j] ? v / cols[j] : 0)));
}

/** Precision, recall and F1 at the first point whose threshold is ≤ t (scores ≥ threshold are predicted positive). */
export function atThreshold(table: NonNullable<NonNullable<EvaluationItem['report']>['thresholdTable']>, t: number) {
  let tp = 0;
  let fp = 0;
  for (const p of table.points) {
    if (p.threshold < t) break;
    tp = p.tp;
    fp = p.fp;
  }
  const fn = table.positives - tp;
  const tn = table.negatives - fp;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = 2 * tp + fp + fn ? (2 * tp) / (2 * tp + fp + fn) : 0;
  return { tp, fp, fn, tn, precision, recall, f1 };
}
