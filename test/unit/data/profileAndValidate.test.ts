import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { profileTable } from '../../../src/core/data/profile';
import { quantileSorted } from '../../../src/core/data/numericSummary';
import { inferSchema, normalizeSchema } from '../../../src/core/data/schema';
import { validateTable } from '../../../src/core/data/validate';
import { readTable } from '../../../src/core/data/readTable';
import type { Column, Table } from '../../../src/core/data/table';

const num = (name: string, values: number[]): Column => ({
  name,
  kind: 'numeric',
  values: Float64Array.from(values),
  missing: values.filter(Number.isNaN).length,
  integer: values.every((v) => Number.isNaN(v) || Number.isInteger(v)),
});
const text = (name: string, values: (string | null)[]): Column => ({
  name,
  kind: 'text',
  values,
  missing: values.filter((v) => v === null).length,
});
const table = (...columns: Column[]): Table => ({
  source: 'memory',
  format: 'csv',
  rowCount: columns[0].values.length,
  columns,
});

describe('profile', () => {
  it('summarises a numeric column like pandas describe (ddof=1) and numpy quantiles', () => {
    const p = profileTable(table(num('x', [4, 1, NaN, 3, 2, Infinity]))).columns[0];
    assert.equal(p.count, 5);
    assert.equal(p.missing, 1);
    assert.ok(Math.abs(p.missingShare - 1 / 6) < 1e-15);
    const n = p.numeric!;
    assert.equal(n.infinite, 1);
    assert.equal(n.min, 1);
    assert.equal(n.max, 4);
    assert.equal(n.mean, 2.5);
    assert.ok(Math.abs(n.std! - Math.sqrt(5 / 3)) < 1e-15);
    assert.equal(n.quantiles.find((q) => q.p === 0.5)!.value, 2.5);
    assert.equal(
      n.histogram.counts.reduce((a, b) => a + b, 0),
      4,
    );
  });

  it('quantiles interpolate linearly between order statistics', () => {
    assert.equal(quantileSorted(Float64Array.from([10, 20, 30, 40]), 0.25), 17.5);
  });

  it('summarises text columns: distinct, top values, lengths, inferred type', () => {
    const p = profileTable(table(text('plan', ['a', 'b', 'a', null, 'a', 'b']))).columns[0];
    assert.equal(p.type, 'categorical');
    assert.equal(p.distinct, 2);
    assert.deepEqual(p.text!.top[0], { value: 'a', count: 3 });
    assert.equal(p.text!.maxLength, 1);
  });
});

describe('schema and validate', () => {
  const reference = table(
    num('age', [20.5, 30.5, 40.5, 50.5]),
    text('plan', ['basic', 'pro', 'basic', 'pro']),
    num('income', [1, 2, 3, 4]),
  );

  it('infers types, ranges, categories and missing shares from the reference', () => {
    const schema = inferSchema(reference);
    assert.deepEqual(schema.columns[0], {
      name: 'age',
      type: 'numerical',
      kind: 'numeric',
      integer: false,
      missingShare: 0,
      min: 20.5,
      max: 50.5,
    });
    assert.deepEqual(schema.columns[1].categories, ['basic', 'pro']);
  });

  it('clean data passes', () => {
    const report = validateTable(
      table(num('age', [25.5]), text('plan', ['pro']), num('income', [2])),
      inferSchema(reference),
    );
    assert.equal(report.ok, true);
    assert.deepEqual(report.issues, []);
  });

  it('reports missing/extra columns, type mismatches, out-of-range values, new categories and missing-share jumps with examples', () => {
    const current = table(
      text('age', ['25', 'old', '99']),
      text('plan', ['gold', 'pro', null]),
      num('extra', [1, 2, 3]),
    );
    const report = validateTable(current, inferSchema(reference));
    const kinds = report.issues.map((i) => `${i.column}:${i.kind}`).sort();
    assert.deepEqual(kinds, [
      'age:type_mismatch',
      'extra:extra_column',
      'income:missing_column',
      'plan:missing_share_jump',
      'plan:new_category',
    ]);
    const mismatch = report.issues.find((i) => i.kind === 'type_mismatch')!;
    assert.deepEqual(mismatch.examples, [{ row: 2, value: 'old' }]);
    assert.equal(report.issues.find((i) => i.kind === 'new_category')!.examples[0].value, 'gold');
    assert.equal(report.ok, false);
    const range = validateTable(
      table(num('age', [10, 30, 70]), text('plan', ['pro', 'pro', 'pro']), num('income', [1, 1, 1])),
      inferSchema(reference),
    );
    const oor = range.issues.find((i) => i.kind === 'out_of_range')!;
    assert.equal(oor.count, 2);
    assert.deepEqual(oor.examples, [
      { row: 1, value: 10 },
      { row: 3, value: 70 },
    ]);
  });

  it('accepts a schema saved with a model artifact (keyed by column, loose type names)', () => {
    const schema = normalizeSchema({
      schema: {
        columns: { age: { type: 'float', min: 0, max: 120 }, plan: { type: 'category', categories: ['basic', 'pro'] } },
      },
    });
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.type, c.kind]),
      [
        ['age', 'numerical', 'numeric'],
        ['plan', 'categorical', 'text'],
      ],
    );
    const report = validateTable(table(num('age', [130]), text('plan', ['basic'])), schema);
    assert.deepEqual(
      report.issues.map((i) => i.kind),
      ['out_of_range'],
    );
    assert.throws(() => normalizeSchema({ columns: [] }), /no columns/);
  });

  it('validates a file read from disk', async () => {
    const t = await readTable(join(__dirname, '../../fixtures/data/readers/bom-semicolon.csv'));
    assert.equal(validateTable(t, inferSchema(t)).ok, true);
  });
});
