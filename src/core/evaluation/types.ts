/**
 * The evaluation report (`evaluation.json` in a run, `mlops evaluate --json`). Metric names follow scikit-learn.
 * A metric that cannot be computed is null, and `undefined[name]` says why (JSON has no NaN).
 */

export type EvalTask = 'binary' | 'multiclass' | 'regression';

export interface ConfusionMatrix {
  /** Class labels in matrix order (sorted as scikit-learn's unique_labels sorts them). */
  labels: string[];
  /** matrix[i][j] = rows whose true label is labels[i] and predicted label is labels[j]. */
  matrix: number[][];
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** One point per distinct score threshold (ties grouped), highest threshold first. */
export interface ThresholdPoint {
  threshold: number;
  tp: number;
  fp: number;
}

export interface CurvePoints {
  x: number[];
  y: number[];
  /** The score threshold of each point (ROC's first point has +Infinity, written as null). */
  thresholds: (number | null)[];
  /** How many points the full curve had before it was thinned for the report. */
  fullLength: number;
}

export interface CalibrationCurve {
  /** scikit-learn's calibration_curve(strategy="uniform"): mean predicted score and observed positive share per non-empty bin. */
  probPred: number[];
  probTrue: number[];
  counts: number[];
  bins: number;
}

export interface ResidualSummary {
  mean: number;
  std: number;
  min: number;
  p05: number;
  p25: number;
  median: number;
  p75: number;
  p95: number;
  max: number;
  histogram: { edges: number[]; counts: number[] };
  /** Up to 2,000 (actual, predicted) pairs, evenly sampled, for the predicted-vs-actual plot. */
  sample: { actual: number[]; predicted: number[] };
}

/** One class against the rest (multiclass with class probabilities). */
export interface ClassCurveReport {
  label: string;
  support: number;
  rocAuc: number | null;
  averagePrecision: number | null;
  roc?: CurvePoints;
  pr?: CurvePoints;
}

export interface GroupMetrics {
  group: string;
  n: number;
  metrics: Record<string, number | null>;
}

export interface FairnessReport {
  /** fairlearn: max − min selection rate (share predicted positive) over groups. */
  demographic_parity_difference: number;
  /** fairlearn (agg="worst_case"): the larger of the TPR gap and the FPR gap between groups. */
  equalized_odds_difference: number;
  true_positive_rate_difference: number;
  false_positive_rate_difference: number;
  byGroup: Array<{ group: string; selection_rate: number; true_positive_rate: number; false_positive_rate: number }>;
  /** Conventions that shaped a number (a group with no positives has TPR 0, as fairlearn counts it). */
  notes: string[];
}

export interface FeatureImportance {
  feature: string;
  /** Mean score drop over the repeats (scikit-learn permutation_importance: importances_mean). */
  mean: number;
  /** Population standard deviation over the repeats (importances_std). */
  std: number;
  drops: number[];
}

export interface ImportanceReport {
  scoring: string;
  baseline: number;
  repeats: number;
  seed: number;
  features: FeatureImportance[];
}

export interface EvaluationReport {
  version: 1;
  task: EvalTask;
  createdAt: string;
  source: {
    predictions?: string;
    data?: string;
    model?: string;
    label: string;
    /** The score column; for multiclass probabilities, the class columns joined by commas. */
    score?: string;
    prediction?: string;
    group?: string;
  };
  n: number;
  /** Binary: the label counted as positive and the score threshold that turns scores into predictions. */
  positiveLabel?: string;
  threshold?: number;
  metrics: Record<string, number | null>;
  /** Why a metric is null (one class in the labels, zeros in a regression target, no scores…). */
  undefined: Record<string, string>;
  confusionMatrix?: ConfusionMatrix;
  perClass?: ClassMetrics[];
  /** Multiclass with class probabilities: each class's ROC and PR curve, one against the rest. */
  classCurves?: ClassCurveReport[];
  roc?: CurvePoints;
  pr?: CurvePoints;
  /** Thinned tp/fp counts by threshold, with the totals, so a viewer can show P/R/F1 at any threshold. */
  thresholdTable?: { positives: number; negatives: number; points: ThresholdPoint[] };
  calibration?: CalibrationCurve;
  residuals?: ResidualSummary;
  groups?: { column: string; overall: Record<string, number | null>; byGroup: GroupMetrics[] };
  fairness?: FairnessReport;
  importance?: ImportanceReport;
  warnings: string[];
}
