import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { MlopsError } from '../../../src/core/errors';
import { readCsvRows } from '../../../src/core/data/csvReader';
import { lastRowEnd, wholeRowChunks } from '../../../src/core/data/csvRowChunks';
import { readTable } from '../../../src/core/data/readTable';
import { useTempDir } from '../../helpers/tempWorkspace';

/**
 * Counts the characters that `split`, `indexOf` and `substring` look at in long strings (≥ 1 Mi) while `run` goes:
 * a parser that re-scans a growing buffer for each chunk examines far more characters than the file holds.
 */
async function charsExamined(run: () => Promise<unknown>): Promise<number> {
  const proto = String.prototype;
  const { split, indexOf, substring } = proto;
  let examined = 0;
  proto.split = function (this: string, ...args: Parameters<typeof split>) {
    if (this.length >= 1 << 20) examined += this.length;
    return split.apply(this, args);
  } as typeof split;
  proto.indexOf = function (this: string, search: string, from = 0) {
    const found = indexOf.call(this, search, from);
    if (this.length >= 1 << 20) examined += (found < 0 ? this.length : found + search.length) - Math.max(0, from);
    return found;
  };
  proto.substring = function (this: string, start: number, end?: number) {
    const out = substring.call(this, start, end);
    if (this.length >= 1 << 20) examined += out.length;
    return out;
  };
  try {
    await run();
  } finally {
    Object.assign(proto, { split, indexOf, substring });
  }
  return examined;
}

async function collect(chunks: string[]): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const c of wholeRowChunks(source(), { path: 'x.csv' })) out.push(c);
  return out;
}

describe('CSV: one long field', function () {
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
      assert.ok(examined < 20 * size, `examined ${examined.toLocaleString()} characters of long strings for a ${size.toLocaleString()}-character field`);
    });
  }

  it('refuses a row longer than the cap with a clear bad-input error', async () => {
    const file = join(tmp.path, 'unclosed.csv');
    writeFileSync(file, `id,text\n1,ok\n2,"never closed ${'x'.repeat(300_000)}\n3,z\n`);
    await assert.rejects(readCsvRows(file, { header: () => undefined, rows: () => undefined }, { maxRowChars: 200_000 }), (err: unknown) => {
      assert.ok(err instanceof MlopsError && err.kind === 'bad-input');
      assert.match(err.message, /unclosed\.csv: the row starting at character 13 is longer than/);
      assert.match(err.hint ?? '', /never closed/);
      return true;
    });
  });

  it('cuts chunks only after a newline outside quotes, whatever the chunking', async () => {
    const cell = fc.oneof(fc.stringMatching(/^[a-z,\n]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`), fc.stringMatching(/^[a-z"]{0,6}$/), fc.constant('""'));
    const csv = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')), { minLength: 1, maxLength: 8 }).map((rows) => rows.join('\n') + '\n');
    fc.assert(
      fc.asyncProperty(csv, fc.array(fc.nat(), { maxLength: 6 }), async (text, cutsAt) => {
        const points = [...new Set(cutsAt.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((from, i, all) => text.slice(from, all[i + 1] ?? text.length)).filter((p) => p.length > 0);
        const out = await collect(pieces);
        assert.equal(out.join(''), text);
        for (const chunk of out.slice(0, -1)) {
          assert.ok(chunk.endsWith('\n'));
          assert.deepEqual(lastRowEnd(chunk, false), { cut: chunk.length, inQuotes: false });
        }
        const whole = Papa.parse<string[]>(text, { newline: '\n' }).data;
        const pieced = out.flatMap((c) => Papa.parse<string[]>(c, { newline: '\n' }).data.filter((r) => !(r.length === 1 && r[0] === '')));
        assert.deepEqual(pieced, whole.filter((r) => !(r.length === 1 && r[0] === '')));
      }),
      { numRuns: 300 },
    );
  });
});
