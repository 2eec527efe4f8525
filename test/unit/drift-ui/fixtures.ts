import { join } from 'node:path';
import type { Column, Table } from '../../../src/core/data/table';

export const QUICKSTART = join(__dirname, '..', '..', '..', 'examples', 'quickstart');
export const TRAIN_CSV = join(QUICKSTART, 'data', 'train.csv');
export const CURRENT_CSV = join(QUICKSTART, 'data', 'current.csv');

export const num = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
  missing: values.filter(Number.isNaN).length,
  integer: values.every((v) => Number.isNaN(v) || Number.isInteger(v)),
});
export const text = (name: string, values: (string | null)[]): Column => ({
  name,
  kind: 'text',
  values,
  missing: values.filter((v) => v === null).length,
});
export const table = (...columns: Column[]): Table => ({
  source: 'memory',
  format: 'csv',
  rowCount: columns[0].values.length,
  columns,
});
export const seq = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
