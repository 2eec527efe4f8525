/**
 * In-memory, column-oriented table as read from CSV, JSON Lines or Parquet.
 * Numeric columns are Float64Array (NaN = missing, ±Infinity kept as read); text columns are string|null arrays.
 */

import { MlopsError } from '../errors';

/** The type a typed source (Parquet, JSON) declared for a column; absent for untyped CSV. */
export type DeclaredType = 'integer' | 'float' | 'boolean' | 'string' | 'datetime' | 'list' | 'object';

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  values: Float64Array;
  /** Count of missing cells (empty, NA, NaN, null …) — NaN entries in `values`. */
  missing: number;
  /** True when every non-missing value is a whole number (or the source declared an integer type). */
  integer: boolean;
  declared?: DeclaredType;
}

export interface TextColumn {
  name: string;
  kind: 'text';
  values: (string | null)[];
  missing: number;
  declared?: DeclaredType;
}

export type Column = NumericColumn | TextColumn;
export type ColumnKind = Column['kind'];

export interface Table {
  /** Source path, for messages. */
  source: string;
  format: TableFormat;
  rowCount: number;
  columns: Column[];
}

export type TableFormat = 'csv' | 'jsonl' | 'parquet';

export interface ReadTableOptions {
  signal?: AbortSignal;
  /** Read only these columns (in this order); unknown names are a bad-input error. */
  columns?: string[];
  /** Stop after this many data rows. */
  maxRows?: number;
  /** Force a format instead of detecting it from the extension and first bytes. */
  format?: TableFormat;
  /** Force the CSV separator instead of detecting `,` `;` tab or `|`. */
  delimiter?: string;
  /** Called now and then with the bytes read so far and the total size, for progress lines. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** One raw row: the cells exactly as written (null where a JSON/Parquet value was null or absent). */
export interface RawRow {
  /** 1-based line of the file where the row starts (CSV: the header is line 1); Parquet: 1-based row number. */
  line: number;
  cells: Record<string, string | null>;
}

export function columnByName(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A table with no rows cannot be checked or compared: that is an error, not a pass. */
export function requireRows(table: Table, role: string): Table {
  if (table.rowCount > 0) return table;
  const what =
    table.columns.length > 0
      ? `only a header (${table.columns.length} column${table.columns.length === 1 ? '' : 's'})`
      : 'nothing';
  throw new MlopsError(
    `the ${role} data ${table.source} has no rows: it holds ${what}`,
    'bad-input',
    'Check that the file holds rows below its header.',
  );
}
