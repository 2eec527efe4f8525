/**
 * What a /predict body may hold (one row object, an array of rows, or {"rows": [...]}) and whether each row fits
 * the model's input schema. Problems name the row and the field, so a caller can fix the request.
 */
import type { SchemaColumn, SchemaFile } from '../../core/tfjs/artifactFormat';
import { isMissing, toNumber, toNumberArray } from '../../core/tfjs/rawValues';
import { HttpError } from './httpError';

export type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

export function rowsOf(body: unknown, maxRows: number): Row[] {
  let rows: unknown;
  if (Array.isArray(body)) rows = body;
  else if (isRow(body) && 'rows' in body) rows = body.rows;
  else if (isRow(body)) rows = [body];
  else
    throw new HttpError(
      400,
      `expected a row object, an array of rows or {"rows": [...]}, got ${body === null ? 'null' : typeof body}`,
    );
  if (!Array.isArray(rows)) throw new HttpError(400, '"rows" must be an array of row objects');
  if (rows.length === 0) throw new HttpError(400, 'no rows to predict', 'Send at least one row object.');
  if (rows.length > maxRows)
    throw new HttpError(413, `${rows.length} rows in one request; the limit is ${maxRows}`, 'Split the batch.');
  const bad = rows.findIndex((r) => !isRow(r));
  if (bad >= 0)
    throw new HttpError(400, `row ${bad} is not an object of column values`, 'Each row is {"column": value, ...}.');
  return rows as Row[];
}

function columnProblem(column: SchemaColumn, value: unknown): string | null {
  if (isMissing(value)) return null;
  if (column.type === 'number') {
    if (typeof value === 'boolean') return null;
    if ((typeof value === 'number' || typeof value === 'string') && Number.isFinite(toNumber(value))) return null;
    return `expected a number, got ${describe(value)}`;
  }
  if (column.type === 'category') {
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
      ? null
      : `expected a category (string or number), got ${describe(value)}`;
  }
  const size = column.shape.reduce((a, d) => a * d, 1);
  const values = Array.isArray(value) || typeof value === 'string' ? toNumberArray(value) : null;
  if (!values) return `expected an array of ${size} numbers, got ${describe(value)}`;
  if (values.length !== size)
    return `expected ${size} numbers (shape [${column.shape.join(', ')}]), got ${values.length}`;
  if (values.some((v) => !Number.isFinite(v))) return 'expected numbers only in the array';
  return null;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const MAX_REPORTED = 20;

/** Throws 422 naming every absent or ill-typed field (up to 20) when a row does not fit the schema. */
export function validateRows(rows: readonly Row[], schema: Pick<SchemaFile, 'columns'>): void {
  const fields: Array<{ row: number; field: string; problem: string }> = [];
  for (let i = 0; i < rows.length && fields.length < MAX_REPORTED; i++) {
    for (const column of schema.columns) {
      if (!Object.prototype.hasOwnProperty.call(rows[i], column.name)) {
        fields.push({ row: i, field: column.name, problem: 'missing (send null for an unknown value)' });
        continue;
      }
      const problem = columnProblem(column, rows[i][column.name]);
      if (problem) fields.push({ row: i, field: column.name, problem });
    }
  }
  if (fields.length === 0) return;
  const names = [...new Set(fields.map((f) => f.field))];
  throw new HttpError(
    422,
    `rows do not match the model's input schema: ${fields
      .slice(0, 5)
      .map((f) => `row ${f.row} "${f.field}" ${f.problem}`)
      .join('; ')}${fields.length > 5 ? '; …' : ''}`,
    `The model reads ${schema.columns.map((c) => c.name).join(', ')}; check ${names.join(', ')}.`,
    fields,
  );
}
