import { strict as assert } from 'node:assert';
import type { Column } from '../../../src/core/data/table';
import { MlopsError } from '../../../src/core/errors';

/** Table columns for the evaluation tests: NaN counts as missing, as the CSV reader counts it. */
export const num = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
  missing: values.filter(Number.isNaN).length,
  integer: values.every(Number.isInteger),
});

export const text = (name: string, values: (string | null)[]): Column => ({
  name,
  kind: 'text',
  values,
  missing: values.filter((v) => v === null).length,
});

export function throwsMlops(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (err: unknown) => {
    assert.ok(err instanceof MlopsError, String(err));
    assert.match(err.fullMessage, pattern);
    return true;
  });
}
