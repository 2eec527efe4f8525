import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { MlopsError } from '../../../src/core/errors';
import { iterateRows, readTable } from '../../../src/core/data/readTable';
import type { Column } from '../../../src/core/data/table';

const fixture = (name: string) => join(__dirname, '../../fixtures/data/readers', name);
const values = (c: Column | undefined) => Array.from(c!.values as ArrayLike<unknown>);
const col = (t: { columns: Column[] }, name: string) => t.columns.find((c) => c.name === name);

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(
    promise,
    (err: unknown) => err instanceof MlopsError && err.kind === 'bad-input' && pattern.test(err.message),
  );
}

describe('readTable: CSV', () => {
  it('drops a UTF-8 BOM, detects ";", keeps quoted separators and newlines, skips blank lines', async () => {
    const t = await readTable(fixture('bom-semicolon.csv'));
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['id', 'name', 'score'],
    );
    assert.equal(t.rowCount, 3);
    assert.deepEqual(values(col(t, 'name')), ['Smith; J', 'Doe', 'multi\nline']);
    assert.equal(col(t, 'id')!.kind, 'numeric');
    assert.deepEqual(values(col(t, 'id')), [1, 2, 3]);
  });

  it('detects tab separators and reads empty cells as missing (NaN)', async () => {
    const t = await readTable(fixture('tabs.tsv'));
    const b = col(t, 'b')!;
    assert.equal(b.kind, 'numeric');
    assert.equal(b.missing, 1);
    assert.ok(Number.isNaN((b.values as Float64Array)[1]));
  });

  it('treats NA/nan/NULL/blank as missing, ±inf as infinities, hex as text', async () => {
    const t = await readTable(fixture('missing-tokens.csv'));
    const v = col(t, 'v')!;
    assert.equal(v.kind, 'text', 'the 0x10 cell makes the column text');
    assert.deepEqual(values(v), ['1', null, null, '-inf', null, '1e3', '0x10']);
    const numericOnly = await readTable(fixture('missing-tokens.csv'), { maxRows: 6 });
    const n = col(numericOnly, 'v')!;
    assert.equal(n.kind, 'numeric');
    assert.deepEqual(values(n), [1, NaN, NaN, -Infinity, NaN, 1000]);
    assert.equal(n.missing, 3);
  });

  it('a column that turns to text late keeps its earlier cells exactly as written', async () => {
    const t = await readTable(fixture('late-text.csv'));
    assert.deepEqual(values(col(t, 'code')), ['1', '2', '007', 'A12']);
    assert.deepEqual(values(col(t, 'v')), [0.5, 1.5, 2, 3]);
    const v = col(t, 'v')!;
    assert.ok(v.kind === 'numeric' && !v.integer);
  });

  it('a ragged row is a bad-input error naming its line', async () => {
    await rejectsWith(readTable(fixture('ragged.csv')), /line 3 has 2 fields but the header has 3/);
  });

  it('non-UTF-8 bytes and binary files fail clearly', async () => {
    await rejectsWith(readTable(fixture('latin1.csv')), /not valid UTF-8/);
    await rejectsWith(readTable(fixture('image.png'), { format: 'csv' }), /binary data|not valid UTF-8/);
  });

  it('a header-only file has 0 rows; an empty file is an error', async () => {
    const t = await readTable(fixture('header-only.csv'));
    assert.equal(t.rowCount, 0);
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['x', 'y'],
    );
    await rejectsWith(readTable(fixture('empty.csv')), /empty/);
  });

  it('reads only the requested columns, and names unknown ones', async () => {
    const t = await readTable(fixture('bom-semicolon.csv'), { columns: ['score', 'id'] });
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['score', 'id'],
    );
    await rejectsWith(readTable(fixture('bom-semicolon.csv'), { columns: ['nope'] }), /no column 'nope'/);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readTable(fixture('tabs.tsv'), { signal: controller.signal }), /cancelled/);
  });
});

describe('readTable: JSON Lines and Parquet', () => {
  it('JSON Lines: union of keys, absent keys missing, booleans as declared boolean text', async () => {
    const t = await readTable(fixture('records.jsonl'));
    assert.equal(t.rowCount, 3);
    assert.deepEqual(values(col(t, 'a')), [1, 2.5, NaN]);
    assert.deepEqual(values(col(t, 'b')), ['x', null, 'y']);
    assert.deepEqual(values(col(t, 'c')), [null, 'true', 'false']);
    assert.equal(col(t, 'c')!.declared, 'boolean');
  });

  it('JSON Lines: a line that is not JSON names its line', async () => {
    await rejectsWith(readTable(fixture('broken.jsonl')), /line 2 is not valid JSON/);
  });

  it('Parquet: declared types become typed columns', async () => {
    const t = await readTable(fixture('typed.parquet'));
    assert.equal(t.format, 'parquet');
    assert.equal(t.rowCount, 4);
    const id = col(t, 'id')!;
    assert.ok(id.kind === 'numeric' && id.integer && id.declared === 'integer');
    assert.deepEqual(values(col(t, 'score')), [0.5, NaN, 2, 3.25]);
    assert.deepEqual(values(col(t, 'plan')), ['basic', 'pro', null, 'basic']);
    assert.equal(col(t, 'active')!.declared, 'boolean');
  });
});

describe('iterateRows', () => {
  it('yields raw cells with the 1-based line where each row starts', async () => {
    const rows = [];
    for await (const r of iterateRows(fixture('bom-semicolon.csv'))) rows.push(r);
    assert.deepEqual(
      rows.map((r) => r.line),
      [2, 3, 5],
    );
    assert.deepEqual(rows[1].cells, { id: '2', name: 'Doe', score: 'NA' });
  });

  it('streams JSON Lines and Parquet rows as text cells', async () => {
    const jl = [];
    for await (const r of iterateRows(fixture('records.jsonl'))) jl.push(r);
    assert.deepEqual(
      jl.map((r) => r.line),
      [1, 3, 4],
    );
    assert.deepEqual(jl[2].cells, { a: null, b: 'y', c: 'false' });
    const pq = [];
    for await (const r of iterateRows(fixture('typed.parquet'), { columns: ['id', 'plan'] })) pq.push(r);
    assert.deepEqual(pq[2], { line: 3, cells: { id: '3', plan: null } });
  });

  it('surfaces a ragged row as an error while iterating', async () => {
    const lines: number[] = [];
    await assert.rejects(async () => {
      for await (const r of iterateRows(fixture('ragged.csv'))) lines.push(r.line);
    }, /line 3/);
  });
});
