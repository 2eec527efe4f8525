import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { MlopsError } from '../../../src/core/errors';
import { readCsvRows } from '../../../src/core/data/csvReader';
import { lastRowEnd, wholeRowChunks } from '../../../src/core/data/csvRowChunks';
import { readJsonRecords } from '../../../src/core/data/jsonlReader';
import { readTable } from '../../../src/core/data/readTable';
import { charsExamined } from '../../helpers/charsExamined';
import { useTempDir } from '../../helpers/tempWorkspace';

async function collect(chunks: string[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const c of wholeRowChunks(source(), { path: 'x.csv' })) out.push(c);
  return out;
}

describe('CSV and JSON Lines: one long field', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  const size = 8 * 1024 * 1024;

  for (const [name, cell, quoted] of [
    ['unquoted', 'a'.repeat(size), false],
    ['quoted, with separators and newlines inside', 'a,b\n'.repeat(size / 4), true],
  ] as const) {
    it(`reads an 8 MiB ${name} field examining each character a bounded number of times`, async () => {
      const file = join(tmp.path, 'long.csv');
      writeFileSync(file, `id,text\n1,${quoted ? `"${cell}"` : cell}\n2,short\n`);
      let table: Awaited<ReturnType<typeof readTable>> | undefined;
      const examined = await charsExamined(async () => (table = await readTable(file)));
      assert.equal(table!.rowCount, 2);
      assert.equal((table!.columns[1].values as string[])[0].length, size);
      assert.equal((table!.columns[1].values as string[])[1], 'short');
      assert.ok(
        examined < 20 * size,
        `examined ${examined.toLocaleString()} characters of long strings for a ${size.toLocaleString()}-character field`,
      );
    });
  }

  it('reads an 8 MiB JSON Lines line examining each character a bounded number of times, and caps a line', async () => {
    const file = join(tmp.path, 'long.jsonl');
    writeFileSync(file, `{"id": 1, "text": "${'a'.repeat(size)}"}\n{"id": 2, "text": "short"}\n`);
    const records: Record<string, unknown>[] = [];
    const examined = await charsExamined(async () => {
      for await (const batch of readJsonRecords(file)) records.push(...batch.map((r) => r.record));
    });
    assert.deepEqual(
      records.map((r) => (r.text as string).length),
      [size, 5],
    );
    assert.ok(
      examined < 20 * size,
      `examined ${examined.toLocaleString()} characters of long strings for a ${size.toLocaleString()}-character line`,
    );
    await assert.rejects(
      (async () => {
        for await (const _ of readJsonRecords(file, { maxLineChars: 1 << 20 }));
      })(),
      (err: unknown) =>
        err instanceof MlopsError &&
        err.kind === 'bad-input' &&
        /long\.jsonl: line 1 is longer than 1 Mi characters/.test(err.message),
    );
  });

  it('refuses a row longer than the cap with a clear bad-input error', async () => {
    const file = join(tmp.path, 'unclosed.csv');
    writeFileSync(file, `id,text\n1,ok\n2,"never closed ${'x'.repeat(300_000)}\n3,z\n`);
    await assert.rejects(
      readCsvRows(file, { header: () => undefined, rows: () => undefined }, { maxRowChars: 200_000 }),
      (err: unknown) => {
        assert.ok(err instanceof MlopsError && err.kind === 'bad-input');
        assert.match(err.message, /unclosed\.csv: the row starting at character 13 is longer than/);
        assert.match(err.hint ?? '', /never closed/);
        return true;
      },
    );
  });

  it('cuts chunks only after a newline outside quotes, whatever the chunking', async () => {
    const cell = fc.oneof(
      // Well-formed CSV: a quote appears only around a field or doubled inside one. Malformed quoting is
      // refused by the reader with a clear error (the chunker's quote parity need not agree with papaparse there).
      fc.stringMatching(/^[a-z,\n"]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
      fc.stringMatching(/^[a-z]{0,6}$/),
      fc.constant('""'),
    );
    const csv = fc
      .array(
        fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')),
        { minLength: 1, maxLength: 8 },
      )
      .map((rows) => rows.join('\n') + '\n');
    await fc.assert(
      fc.asyncProperty(csv, fc.array(fc.nat(), { maxLength: 6 }), async (text, cutsAt) => {
        const points = [...new Set(cutsAt.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points]
          .map((from, i, all) => text.slice(from, all[i + 1] ?? text.length))
          .filter((p) => p.length > 0);
        const out = await collect(pieces);
        assert.equal(out.join(''), text);
        for (const chunk of out.slice(0, -1)) {
          assert.ok(chunk.endsWith('\n'));
          assert.deepEqual(lastRowEnd(chunk, false), { cut: chunk.length, inQuotes: false });
        }
        const whole = Papa.parse<string[]>(text, { newline: '\n' }).data;
        const pieced = out.flatMap((c) =>
          Papa.parse<string[]>(c, { newline: '\n' }).data.filter((r) => !(r.length === 1 && r[0] === '')),
        );
        assert.deepEqual(
          pieced,
          whole.filter((r) => !(r.length === 1 && r[0] === '')),
        );
      }),
      { numRuns: 300 },
    );
  });
});
