import type { Column } from '../data/table';
import type { DriftColumnType } from './statTest';

export type Task = 'classification' | 'regression' | undefined;

function distinctAbove(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (v !== v) continue;
    seen.add(v);
    if (seen.size > limit) return true;
  }
  return false;
}

/** Target type (docs/drift-spec.md §6): numerical for regression, or a numeric column with nunique > 5 when the task is not classification. */
export function targetType(column: Column, task: Task): DriftColumnType {
  if (task === 'regression') return 'numerical';
  if (column.kind === 'numeric' && task !== 'classification' && distinctAbove(column.values, 5)) return 'numerical';
  return 'categorical';
}

/** Prediction type (§6): as the target, or numerical for a non-integer numeric column within [0, 1] (probabilities). */
export function predictionType(column: Column, task: Task): DriftColumnType {
  if (targetType(column, task) === 'numerical') return 'numerical';
  if (column.kind === 'numeric' && !column.integer && task !== 'regression') {
    let inUnit = true;
    for (const v of column.values) if (v === v && (v < 0 || v > 1)) inUnit = false;
    if (inUnit) return 'numerical';
  }
  return 'categorical';
}

/**
 * Predicted labels from per-class probability columns (Evidently `ensure_prediction_column_is_string`): the argmax
 * column's name when there are more than two, else the first name when p(first) > 0.5, the second otherwise.
 */
export function labelsFromProbabilities(columns: Column[]): (string | null)[] {
  const n = columns[0]?.values.length ?? 0;
  const labels: (string | null)[] = new Array(n);
  const probs = columns.map((c) => (c.kind === 'numeric' ? c.values : null));
  for (let i = 0; i < n; i++) {
    if (probs.some((p) => p === null || p[i] !== p[i])) {
      labels[i] = null;
      continue;
    }
    if (columns.length === 2) labels[i] = probs[0]![i] > 0.5 ? columns[0].name : columns[1].name;
    else {
      let best = 0;
      for (let k = 1; k < columns.length; k++) if (probs[k]![i] > probs[best]![i]) best = k;
      labels[i] = columns[best].name;
    }
  }
  return labels;
}
