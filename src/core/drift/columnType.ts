import type { Column } from '../data/table';

export type InferredColumnType = 'numerical' | 'categorical' | 'text' | 'datetime' | 'unknown';

/** Integers with at most this many distinct values are categorical (Evidently `INTEGER_CARDINALITY_LIMIT`). */
export const INTEGER_CARDINALITY_LIMIT = 10;

/**
 * Column type from the data (docs/drift-spec.md §2), applied to the current dataset: floats are numerical; integers categorical
 * when nunique ≤ 10; booleans categorical; strings text when nunique > half the non-null count, else categorical;
 * datetimes, lists and all-null columns are not drift-tested.
 */
export function inferColumnType(column: Column): InferredColumnType {
  if (column.declared === 'datetime') return 'datetime';
  if (column.declared === 'list' || column.declared === 'object') return 'unknown';
  const nonNull = column.values.length - column.missing;
  if (nonNull === 0) return 'unknown';
  if (column.declared === 'boolean') return 'categorical';
  if (column.kind === 'numeric') {
    if (!column.integer) return 'numerical';
    return countDistinctNumbers(column.values, INTEGER_CARDINALITY_LIMIT + 1) <= INTEGER_CARDINALITY_LIMIT
      ? 'categorical'
      : 'numerical';
  }
  const distinct = new Set<string>();
  for (const v of column.values) if (v !== null) distinct.add(v);
  return distinct.size > 0.5 * nonNull ? 'text' : 'categorical';
}

/** Distinct non-missing values, counting no further than `stopAt`. */
function countDistinctNumbers(values: Float64Array, stopAt: number): number {
  const seen = new Set<number>();
  for (const v of values) {
    if (v !== v) continue;
    seen.add(v);
    if (seen.size >= stopAt) break;
  }
  return seen.size;
}
