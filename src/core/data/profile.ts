import { throwIfAborted } from '../errors';
import { inferColumnType, type InferredColumnType } from '../drift/columnType';
import { summarizeNumbers, type NumericSummary } from './numericSummary';
import { readTable } from './readTable';
import type { Column, ReadTableOptions, Table } from './table';

export interface TextSummary {
  distinct: number;
  top: { value: string; count: number }[];
  minLength: number | null;
  maxLength: number | null;
}

export interface ColumnProfile {
  name: string;
  kind: Column['kind'];
  /** The docs/drift-spec.md §2 type (numerical / categorical / text / datetime / unknown). */
  type: InferredColumnType;
  count: number;
  missing: number;
  missingShare: number;
  distinct: number;
  numeric: NumericSummary | null;
  text: TextSummary | null;
}

export interface DataProfile {
  source: string;
  format: Table['format'];
  rowCount: number;
  columnCount: number;
  columns: ColumnProfile[];
}

/** Reads a data file (streaming into typed columns) and profiles every column. */
export async function profile(path: string, opts: ReadTableOptions = {}): Promise<DataProfile> {
  return profileTable(await readTable(path, opts), opts.signal);
}

export function profileTable(table: Table, signal?: AbortSignal): DataProfile {
  const columns = table.columns.map((column) => {
    throwIfAborted(signal, 'profile');
    return profileColumn(column, table.rowCount);
  });
  return { source: table.source, format: table.format, rowCount: table.rowCount, columnCount: columns.length, columns };
}

export function profileColumn(column: Column, rowCount: number): ColumnProfile {
  const base = {
    name: column.name,
    kind: column.kind,
    type: inferColumnType(column),
    count: rowCount - column.missing,
    missing: column.missing,
    missingShare: rowCount ? column.missing / rowCount : 0,
  };
  if (column.kind === 'numeric') {
    const numeric = summarizeNumbers(column.values);
    return { ...base, distinct: numeric.distinct, numeric, text: null };
  }
  const text = summarizeText(column.values);
  return { ...base, distinct: text.distinct, numeric: null, text };
}

function summarizeText(values: (string | null)[]): TextSummary {
  const counts = new Map<string, number>();
  let minLength = Infinity;
  let maxLength = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (v.length < minLength) minLength = v.length;
    if (v.length > maxLength) maxLength = v.length;
  }
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([value, count]) => ({ value, count }));
  return {
    distinct: counts.size,
    top,
    minLength: counts.size ? minLength : null,
    maxLength: counts.size ? maxLength : null,
  };
}
