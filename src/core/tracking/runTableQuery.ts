import { throwIfAborted } from '../errors';
import { columnValue } from './runColumns';
import { parseRunFilter, type FieldCatalogue } from './runFilter';
import type { RunSummary } from './types';

export interface SortSpec {
  key: string;
  descending: boolean;
}

export interface TableQuery {
  /** Free text and expressions, see runFilter.ts. */
  filter: string;
  sort: SortSpec | null;
}

export type TableView = { ok: true; rows: RunSummary[] } | { ok: false; message: string; position: number };

/**
 * Filters and sorts run rows. Sorting extracts each row's key once (numbers into a typed array) so 100,000 rows
 * sort in tens of milliseconds; missing values always go last, numbers before text.
 */
export function queryRuns(
  runs: readonly RunSummary[],
  query: TableQuery,
  fields: FieldCatalogue,
  signal?: AbortSignal,
): TableView {
  const filter = parseRunFilter(query.filter, fields);
  if (!filter.ok) return filter;
  let rows = filter.empty ? runs.slice() : [];
  if (!filter.empty) {
    for (let i = 0; i < runs.length; i++) {
      if ((i & 0xfff) === 0) throwIfAborted(signal, 'filtering runs');
      if (filter.predicate(runs[i])) rows.push(runs[i]);
    }
  }
  if (query.sort) rows = sortRuns(rows, query.sort);
  return { ok: true, rows };
}

export function sortRuns(rows: readonly RunSummary[], sort: SortSpec, now = Date.now()): RunSummary[] {
  const n = rows.length;
  const numbers = new Float64Array(n);
  const texts: (string | undefined)[] = new Array(n);
  // rank: 0 finite number, 1 NaN/±Inf kept in numeric order after finite, 2 text, 3 missing
  const rank = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = columnValue(rows[i], sort.key, now);
    if (typeof v === 'number') {
      numbers[i] = v;
      rank[i] = Number.isNaN(v) ? 1 : 0;
    } else if (v === undefined || v === null) {
      rank[i] = 3;
    } else {
      texts[i] = typeof v === 'string' ? v : JSON.stringify(v);
      rank[i] = 2;
    }
  }
  const dir = sort.descending ? -1 : 1;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    if (rank[a] !== rank[b]) return rank[a] - rank[b];
    if (rank[a] === 0) return numbers[a] === numbers[b] ? a - b : (numbers[a] < numbers[b] ? -1 : 1) * dir;
    if (rank[a] === 2) {
      const ta = texts[a] as string;
      const tb = texts[b] as string;
      return ta === tb ? a - b : (ta < tb ? -1 : 1) * dir;
    }
    return a - b;
  });
  return order.map((i) => rows[i]);
}
