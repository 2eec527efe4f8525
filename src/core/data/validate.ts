import { throwIfAborted } from '../errors';
import type { ColumnSchema, DataSchema } from './schema';
import type { Column, Table } from './table';

export type IssueKind =
  | 'missing_column'
  | 'extra_column'
  | 'type_mismatch'
  | 'out_of_range'
  | 'new_category'
  | 'missing_share_jump'
  | 'unexpected_missing';

export interface ValidationIssue {
  column: string;
  kind: IssueKind;
  severity: 'error' | 'warning';
  /** Cells (or columns) concerned. */
  count: number;
  message: string;
  /** A few offending cells: 1-based data row (the CSV line is row + 1 without multi-line fields) and value. */
  examples: { row: number; value: string | number | null }[];
}

export interface ValidationReport {
  ok: boolean;
  rowCount: number;
  checkedColumns: number;
  errors: number;
  warnings: number;
  issues: ValidationIssue[];
}

export interface ValidateOptions {
  signal?: AbortSignal;
  /** A missing share above the reference's by more than this is an error (default 0.1). */
  missingShareTolerance?: number;
  maxExamples?: number;
}

/** Checks a table against a schema: missing/extra columns, types, ranges, categories and missing shares. */
export function validateTable(table: Table, schema: DataSchema, opts: ValidateOptions = {}): ValidationReport {
  const tolerance = opts.missingShareTolerance ?? 0.1;
  const maxExamples = opts.maxExamples ?? 5;
  const issues: ValidationIssue[] = [];
  const present = new Map(table.columns.map((c) => [c.name, c]));
  const expected = new Set(schema.columns.map((c) => c.name));
  let checked = 0;
  for (const col of schema.columns) {
    throwIfAborted(opts.signal, 'validation');
    const column = present.get(col.name);
    if (!column) {
      issues.push({
        column: col.name,
        kind: 'missing_column',
        severity: 'error',
        count: 1,
        message: `column '${col.name}' is missing`,
        examples: [],
      });
      continue;
    }
    checked++;
    for (const item of checkColumn(column, col, table.rowCount, tolerance, maxExamples)) issues.push(item);
  }
  for (const c of table.columns) {
    if (!expected.has(c.name))
      issues.push({
        column: c.name,
        kind: 'extra_column',
        severity: 'warning',
        count: 1,
        message: `column '${c.name}' is not in the schema`,
        examples: [],
      });
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  return {
    ok: errors === 0,
    rowCount: table.rowCount,
    checkedColumns: checked,
    errors,
    warnings: issues.length - errors,
    issues,
  };
}

function checkColumn(
  column: Column,
  col: ColumnSchema,
  rowCount: number,
  tolerance: number,
  maxExamples: number,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (
    kind: IssueKind,
    severity: ValidationIssue['severity'],
    count: number,
    message: string,
    examples: ValidationIssue['examples'] = [],
  ) => issues.push({ column: col.name, kind, severity, count, message, examples });
  const typeMismatch = col.kind === 'numeric' && column.kind === 'text';
  if (typeMismatch) {
    const bad: ValidationIssue['examples'] = [];
    let count = 0;
    column.values.forEach((v, i) => {
      if (v !== null && !Number.isFinite(Number(v))) {
        count++;
        if (bad.length < maxExamples) bad.push({ row: i + 1, value: v });
      }
    });
    issue(
      'type_mismatch',
      'error',
      count,
      `'${col.name}' should be numeric but ${count} value${count === 1 ? ' is' : 's are'} not numbers`,
      bad,
    );
  } else if (col.kind === 'text' && column.kind === 'numeric' && col.type !== 'categorical') {
    issue(
      'type_mismatch',
      'warning',
      rowCount - column.missing,
      `'${col.name}' was text in the reference but holds only numbers now`,
    );
  }
  if (column.kind === 'numeric' && (col.min !== undefined || col.max !== undefined)) {
    const lo = col.min ?? -Infinity;
    const hi = col.max ?? Infinity;
    const examples: ValidationIssue['examples'] = [];
    let count = 0;
    const v = column.values;
    for (let i = 0; i < v.length; i++) {
      if (v[i] < lo || v[i] > hi) {
        count++;
        if (examples.length < maxExamples) examples.push({ row: i + 1, value: v[i] });
      }
    }
    if (count > 0)
      issue(
        'out_of_range',
        'error',
        count,
        `${count} value${count === 1 ? '' : 's'} of '${col.name}' outside the reference range [${col.min}, ${col.max}]`,
        examples,
      );
  }
  if (col.categories && !typeMismatch) {
    const allowed = new Set(col.categories);
    const examples: ValidationIssue['examples'] = [];
    const seenNew = new Set<string>();
    let count = 0;
    for (let i = 0; i < column.values.length; i++) {
      const raw = column.values[i];
      if (raw === null || (typeof raw === 'number' && raw !== raw)) continue;
      const key = String(raw);
      if (allowed.has(key)) continue;
      count++;
      if (!seenNew.has(key) && examples.length < maxExamples) examples.push({ row: i + 1, value: key });
      seenNew.add(key);
    }
    if (count > 0)
      issue(
        'new_category',
        'error',
        count,
        `${seenNew.size} categor${seenNew.size === 1 ? 'y' : 'ies'} of '${col.name}' never seen in the reference (${count} rows)`,
        examples,
      );
  }
  const share = rowCount ? column.missing / rowCount : 0;
  if (share > col.missingShare + tolerance) {
    issue(
      'missing_share_jump',
      'error',
      column.missing,
      `'${col.name}' is ${pct(share)} missing, the reference ${pct(col.missingShare)}`,
      missingExamples(column, maxExamples),
    );
  } else if (col.missingShare === 0 && column.missing > 0) {
    issue(
      'unexpected_missing',
      'warning',
      column.missing,
      `'${col.name}' has ${column.missing} missing value${column.missing === 1 ? '' : 's'}, the reference none`,
      missingExamples(column, maxExamples),
    );
  }
  return issues;
}

function missingExamples(column: Column, max: number): ValidationIssue['examples'] {
  const out: ValidationIssue['examples'] = [];
  for (let i = 0; i < column.values.length && out.length < max; i++) {
    const v = column.values[i];
    if (v === null || (typeof v === 'number' && v !== v)) out.push({ row: i + 1, value: null });
  }
  return out;
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
