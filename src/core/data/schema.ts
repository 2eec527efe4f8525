import { MlopsError } from '../errors';
import { inferColumnType } from '../drift/columnType';
import type { Table } from './table';

export type SchemaColumnType = 'numerical' | 'categorical' | 'text' | 'datetime' | 'unknown';

export interface ColumnSchema {
  name: string;
  type: SchemaColumnType;
  /** How values are stored: numbers or text. */
  kind: 'numeric' | 'text';
  integer?: boolean;
  min?: number;
  max?: number;
  /** Allowed values of a categorical column (as text). */
  categories?: string[];
  missingShare: number;
}

/** A data schema: what `inferSchema` produces and what a model artifact may carry as `schema`. */
export interface DataSchema {
  version: 1;
  columns: ColumnSchema[];
}

const MAX_CATEGORIES = 1000;

/** Infers the schema of a reference table: columns, types, ranges, allowed categories and missing shares. */
export function inferSchema(table: Table): DataSchema {
  return {
    version: 1,
    columns: table.columns.map((column): ColumnSchema => {
      const type = inferColumnType(column);
      const missingShare = table.rowCount ? column.missing / table.rowCount : 0;
      if (column.kind === 'numeric') {
        let min = Infinity;
        let max = -Infinity;
        for (const v of column.values) {
          if (v !== v) continue;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const schema: ColumnSchema = {
          name: column.name,
          type,
          kind: 'numeric',
          integer: column.integer,
          missingShare,
        };
        if (min <= max) Object.assign(schema, { min, max });
        if (type === 'categorical') schema.categories = distinctText(column.values);
        return schema;
      }
      const schema: ColumnSchema = { name: column.name, type, kind: 'text', missingShare };
      if (type === 'categorical') schema.categories = distinctText(column.values);
      return schema;
    }),
  };
}

function distinctText(values: ArrayLike<number | string | null>): string[] | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || (typeof v === 'number' && v !== v)) continue;
    seen.add(String(v));
    if (seen.size > MAX_CATEGORIES) return undefined;
  }
  return [...seen].sort();
}

const TYPES: SchemaColumnType[] = ['numerical', 'categorical', 'text', 'datetime', 'unknown'];

/**
 * Accepts a schema object from disk (ours, or one saved with a model artifact): `{columns: [...]}` or
 * `{columns: {name: {...}}}`, optionally wrapped as `{schema: ...}`. Types may also be spelled
 * number/numeric/float/integer/string/category/boolean.
 */
export function normalizeSchema(raw: unknown, source = 'schema'): DataSchema {
  const obj = raw && typeof raw === 'object' && 'schema' in raw ? (raw as { schema: unknown }).schema : raw;
  const cols = obj && typeof obj === 'object' ? (obj as { columns?: unknown }).columns : undefined;
  const entries: [string | undefined, Record<string, unknown>][] = Array.isArray(cols)
    ? cols.map((c) => [undefined, c as Record<string, unknown>])
    : cols && typeof cols === 'object'
      ? Object.entries(cols as Record<string, Record<string, unknown>>)
      : [];
  if (entries.length === 0)
    throw new MlopsError(
      `${source} has no columns.`,
      'bad-input',
      'A schema is {"columns": [{"name": "age", "type": "numerical"}, …]}.',
    );
  return {
    version: 1,
    columns: entries.map(([key, c]) => {
      const name = typeof c?.name === 'string' ? c.name : key;
      if (!name) throw new MlopsError(`${source}: a column has no name.`, 'bad-input');
      const type = schemaType(String(c.type ?? c.dtype ?? 'unknown'), source, name);
      const col: ColumnSchema = {
        name,
        type,
        kind:
          type === 'numerical' || c.kind === 'numeric' || /int|float|num|double/.test(String(c.type ?? c.dtype))
            ? 'numeric'
            : 'text',
        missingShare: Number(c.missingShare ?? 0),
      };
      if (typeof c.min === 'number') col.min = c.min;
      if (typeof c.max === 'number') col.max = c.max;
      if (typeof c.integer === 'boolean') col.integer = c.integer;
      if (Array.isArray(c.categories)) col.categories = c.categories.map(String);
      return col;
    }),
  };
}

function schemaType(t: string, source: string, name: string): SchemaColumnType {
  const lower = t.toLowerCase();
  if ((TYPES as string[]).includes(lower)) return lower as SchemaColumnType;
  if (/^(number|numeric|float|double|int|integer|int32|int64|float32|float64)$/.test(lower)) return 'numerical';
  if (/^(string|str|category|categorical|bool|boolean|enum)$/.test(lower))
    return lower === 'string' || lower === 'str' ? 'text' : 'categorical';
  if (/date|time/.test(lower)) return 'datetime';
  throw new MlopsError(
    `${source}: column '${name}' has unknown type '${t}'.`,
    'bad-input',
    `Use one of: ${TYPES.join(', ')}.`,
  );
}
