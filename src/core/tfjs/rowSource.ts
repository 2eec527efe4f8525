/** Uniform cell access over a column-oriented table (training) and raw JSON rows (serving). */
import type { Table } from '../data/table';

export interface RowSource {
  readonly length: number;
  /** Column names present (for rows: the union of every row's keys). */
  readonly columns: readonly string[];
  value(column: string, row: number): unknown;
}

export function tableRows(table: Table): RowSource {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  return {
    length: table.rowCount,
    columns: table.columns.map((c) => c.name),
    value(column, row) {
      const col = byName.get(column);
      return col ? col.values[row] : undefined;
    },
  };
}

export function objectRows(rows: readonly Record<string, unknown>[]): RowSource {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r ?? {})) names.add(k);
  return {
    length: rows.length,
    columns: [...names],
    value(column, row) {
      const r = rows[row];
      return r && Object.prototype.hasOwnProperty.call(r, column) ? r[column] : undefined;
    },
  };
}

/** A view of `source` holding only the rows at `indices`, in that order. */
export function subsetRows(source: RowSource, indices: readonly number[]): RowSource {
  return {
    length: indices.length,
    columns: source.columns,
    value: (column, row) => source.value(column, indices[row]),
  };
}
