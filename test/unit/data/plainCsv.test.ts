import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readPlainCsv } from '../../../src/core/data/plainCsv';
import { readTable } from '../../../src/core/data/readTable';
import type { Table } from '../../../src/core/data/table';

const CELLS = [
  '1.5',
  '-0',
  '0',
  '+3',
  '.5',
  '-.25',
  '1.',
  '007',
  '42',
  '9007199254740991',
  '9007199254740993',
  '0.1234567890123456789',
  '0.7081067145212141',
  '123456.000001',
  '1e3',
  '-2.5E-3',
  '0x10',
  'NA',
  '',
  'nan',
  'NULL',
  'abc',
  'é',
  ' 1',
  '1 ',
  'inf',
  '-inf',
  '12345678901234567890',
  '1.0000000000000000000000001',
  '-',
  '.',
  '+',
  '1..2',
  '3.14159',
];

function snapshot(t: Table): unknown {
  return {
    rowCount: t.rowCount,
    columns: t.columns.map((c) => ({
      ...c,
      values: Array.from(c.values as ArrayLike<unknown>, (v) =>
        Object.is(v, -0) ? '-0' : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v,
      ),
    })),
  };
}

describe('readTable: the plain-CSV fast path', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'mlops-plaincsv-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds exactly the table the general (papaparse) reader builds, cell for cell', async () => {
    const table = fc.record({
      width: fc.integer({ min: 1, max: 4 }),
      delimiter: fc.constantFrom(',', ';', '\t'),
      crlf: fc.boolean(),
      finalNewline: fc.boolean(),
      blankLines: fc.boolean(),
      cells: fc.array(fc.array(fc.constantFrom(...CELLS), { minLength: 4, maxLength: 4 }), {
        minLength: 1,
        maxLength: 30,
      }),
    });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const nl = t.crlf ? '\r\n' : '\n';
        const names = Array.from({ length: t.width }, (_, i) => `c${i}`);
        const rows = t.cells.map((r) => r.slice(0, t.width).join(t.delimiter)).filter((r) => r !== '' || t.width > 1);
        const body = rows.join(t.blankLines ? nl + nl : nl) + (t.finalNewline ? nl : '');
        const plainFile = join(dir, `plain${k}.csv`);
        const quotedFile = join(dir, `quoted${k++}.csv`);
        writeFileSync(plainFile, `${names.join(t.delimiter)}${nl}${body}`);
        // A quoted header name reads the same but sends the file down the general path.
        writeFileSync(
          quotedFile,
          `"${names[0]}"${names
            .slice(1)
            .map((n) => t.delimiter + n)
            .join('')}${nl}${body}`,
        );
        const viaPlain = await readPlainCsv(plainFile, {});
        assert.ok(viaPlain, 'a plain file takes the fast path');
        assert.deepEqual(snapshot(await readTable(plainFile)), snapshot(await readTable(quotedFile)));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves quoted fields, lone carriage returns, mixed line endings and ragged rows to the general reader', async () => {
    const cases = ['a,b\n"1,5",2\n', 'a,b\r1,2\r3,4\r', 'a,b\r\n1,2\n3,4\r\n', 'a,b\n1,2,3\n'];
    for (const [i, text] of cases.entries()) {
      const file = join(dir, `odd${i}.csv`);
      writeFileSync(file, text);
      assert.equal(await readPlainCsv(file, {}), undefined, JSON.stringify(text));
    }
    const ragged = join(dir, 'odd3.csv');
    await assert.rejects(readTable(ragged), /line 2 has 3 fields but the header has 2/);
  });

  it('reads only the selected columns and stops after maxRows', async () => {
    const file = join(dir, 'select.csv');
    writeFileSync(file, 'a,b,c\n1,x,3\n4,y,6\n7,z,9\n');
    const t = await readTable(file, { columns: ['c', 'b'], maxRows: 2 });
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['c', 'b'],
    );
    assert.deepEqual(snapshot(t), {
      rowCount: 2,
      columns: [
        { name: 'c', kind: 'numeric', values: [3, 6], missing: 0, integer: true },
        { name: 'b', kind: 'text', values: ['x', 'y'], missing: 0 },
      ],
    });
  });

  it('keeps the text of numeric-looking cells read before a column turned to text', async () => {
    const file = join(dir, 'late-text.csv');
    writeFileSync(file, 'id\n007\n1.50\nabc\n');
    const t = await readTable(file);
    assert.deepEqual(Array.from(t.columns[0].values as string[]), ['007', '1.50', 'abc']);
  });
});
