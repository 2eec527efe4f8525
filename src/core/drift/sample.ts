import type { Column } from '../data/table';
import { sortFloat64 } from './sortFloat64';

export type CategoryKey = string | number;

/**
 * One column's cleaned values (docs/drift-spec.md §1.1: NaN, ±Infinity and nulls dropped) in the two shapes the tests need: sorted
 * numbers for numeric columns, and per-key counts (computed lazily) for every column.
 */
export class ColumnSample {
  private countCache: Map<CategoryKey, number> | null = null;

  private constructor(
    readonly n: number,
    /** Sorted ascending; null for text columns. */
    readonly sorted: Float64Array | null,
    private readonly keys: CategoryKey[] | null,
    /** numpy would hold these values in an integer dtype (whole numbers, nothing missing in the column). */
    readonly integerTyped: boolean,
  ) {}

  static fromColumn(column: Column, asText = false): ColumnSample {
    if (column.kind === 'numeric' && !asText) {
      const v = column.values;
      let kept = 0;
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (x - x === 0) out[kept++] = x;
      }
      const sorted = kept === v.length ? out : out.slice(0, kept);
      sortFloat64(sorted);
      return new ColumnSample(kept, sorted, null, column.integer && column.missing === 0 && kept === v.length);
    }
    const keys: CategoryKey[] = [];
    if (column.kind === 'numeric') {
      for (const x of column.values) if (x - x === 0) keys.push(String(x));
    } else {
      for (const s of column.values) if (s !== null) keys.push(s);
    }
    return new ColumnSample(keys.length, null, keys, false);
  }

  static fromNumbers(values: ArrayLike<number>, integerTyped = false): ColumnSample {
    return ColumnSample.fromColumn({
      name: '',
      kind: 'numeric',
      values: Float64Array.from(values),
      missing: 0,
      integer: integerTyped,
    });
  }

  static fromKeys(keys: (CategoryKey | null)[]): ColumnSample {
    const kept = keys.filter((k): k is CategoryKey => k !== null && !(typeof k === 'number' && !Number.isFinite(k)));
    return new ColumnSample(kept.length, null, kept, false);
  }

  get isNumeric(): boolean {
    return this.sorted !== null;
  }

  counts(): Map<CategoryKey, number> {
    if (this.countCache) return this.countCache;
    const counts = new Map<CategoryKey, number>();
    if (this.sorted) {
      const s = this.sorted;
      for (let i = 0; i < s.length;) {
        let j = i + 1;
        while (j < s.length && s[j] === s[i]) j++;
        counts.set(s[i] === 0 ? 0 : s[i], j - i);
        i = j;
      }
    } else {
      for (const k of this.keys!) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    this.countCache = counts;
    return counts;
  }

  distinct(): number {
    return this.counts().size;
  }
}

/**
 * Number of distinct values over both samples (u in the spec), counting no further than `stopAt` for numeric
 * samples (the automatic test choice only compares u with 2 and 5).
 */
export function distinctUnion(a: ColumnSample, b: ColumnSample, stopAt = Infinity): number {
  if (a.sorted && b.sorted) return mergedDistinct(a.sorted, b.sorted, stopAt);
  const keys = new Set<CategoryKey>(a.counts().keys());
  for (const k of b.counts().keys()) keys.add(k);
  return keys.size;
}

function mergedDistinct(x: Float64Array, y: Float64Array, stopAt: number): number {
  let i = 0;
  let j = 0;
  let count = 0;
  let last = NaN;
  while ((i < x.length || j < y.length) && count < stopAt) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i++] : y[j++];
    if (v !== last) {
      count++;
      last = v;
    }
  }
  return count;
}

/** Union of the keys of both samples, sorted (numbers numerically, strings by code unit). */
export function unionKeys(a: ColumnSample, b: ColumnSample): CategoryKey[] {
  const keys = new Set<CategoryKey>(a.counts().keys());
  for (const k of b.counts().keys()) keys.add(k);
  return [...keys].sort(compareKeys);
}

export function compareKeys(a: CategoryKey, b: CategoryKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
