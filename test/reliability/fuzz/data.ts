/**
 * Fuzzes the data readers behind profile and drift: random CSV/TSV (delimiters, quotes, ragged rows, BOM, binary),
 * JSON Lines, and mutated Parquet. In process, profile and drift must return or throw an MlopsError; through the CLI
 * (`mlops profile`, `mlops drift`) they must exit 0/1 or exit 2 with a message and no internal error, and drift may
 * only report "no drift" when it tested at least one column.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MlopsError } from '../../../src/core/errors';
import { profile } from '../../../src/core/data/profile';
import { readTable } from '../../../src/core/data/readTable';
import { driftReport } from '../../../src/core/drift/driftReport';
import { REPO, internalErrorSign, runCli } from '../lib/cli';
import { Tally } from '../lib/tally';

interface DataCase {
  kind: 'csv' | 'jsonl' | 'parquet';
  ext: string;
  bytes: Buffer;
}

const CASE_TIMEOUT_MS = 20_000;

const cell = fc.oneof(
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom(
    '',
    'NA',
    'null',
    'NaN',
    'inf',
    '-',
    'true',
    'yes',
    '2024-01-01',
    '1e400',
    '0x10',
    ' 3 ',
    '"',
    '""',
    '"a,b"',
    '"multi\nline"',
    '"unclosed',
    'é',
    '\u0000',
    '\ufeff',
  ),
  fc.string({ maxLength: 8 }),
);
const csv = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t', '|', ' '),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    header: fc.array(
      fc.oneof(fc.constantFrom('a', 'b', 'age', 'plan', '', 'a', '"q"', '__proto__'), fc.string({ maxLength: 6 })),
      { minLength: 0, maxLength: 5 },
    ),
    rows: fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 40 }),
    tail: fc.constantFrom('', '\n', '\n\n', ',,,', '"'),
  })
  .map((c): DataCase => {
    const lines = [c.header, ...c.rows].map((r) => r.join(c.delimiter));
    const text = (c.bom ? '\ufeff' : '') + lines.join(c.eol) + c.tail;
    return { kind: 'csv', ext: c.delimiter === '\t' ? 'tsv' : 'csv', bytes: Buffer.from(text) };
  });
/** Well-formed tables (one field per header column), so profile and drift get past the reader into their statistics. */
const columnName = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('age', 'income', 'plan') },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 6 })
      .filter((n) => !/[,;\t"\r\n\0]/.test(n) && n.trim() === n && n !== ''),
  },
);
const ODD_CELLS = ['', 'NA', 'nan', 'inf', '-inf', '1e308', '0', '-0', 'x'];
const CATEGORIES = ['a', 'b', 'c', 'pro', 'basic'];
/** [number, category index, noise draw]: a numeric column takes the number, a categorical one the category; 1 in 20 cells is odd. */
const rawCell = fc.tuple(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.nat({ max: CATEGORIES.length - 1 }),
  fc.nat({ max: 19 }),
);
const rectangular = fc
  .integer({ min: 1, max: 5 })
  .chain((n) =>
    fc.tuple(
      fc.uniqueArray(columnName, { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      fc.array(fc.array(rawCell, { minLength: n, maxLength: n }), { maxLength: 80 }),
      fc.constantFrom(',', ';', '\t'),
      fc.boolean(),
    ),
  )
  .map(([header, numeric, raw, delimiter, asJsonl]): DataCase => {
    const rows = raw.map((r) =>
      r.map(([x, c, noise], i) =>
        noise === 0 ? ODD_CELLS[c % ODD_CELLS.length] : numeric[i] ? String(x) : CATEGORIES[c],
      ),
    );
    if (asJsonl) {
      const lines = rows.map((r) =>
        JSON.stringify(
          Object.fromEntries(
            header.map((h, i) => [
              h,
              r[i] === '' ? null : numeric[i] && Number.isFinite(Number(r[i])) ? Number(r[i]) : r[i],
            ]),
          ),
        ),
      );
      return { kind: 'jsonl', ext: 'jsonl', bytes: Buffer.from(lines.join('\n') + '\n') };
    }
    const text = [header, ...rows].map((r) => r.join(delimiter)).join('\n') + '\n';
    return { kind: 'csv', ext: delimiter === '\t' ? 'tsv' : 'csv', bytes: Buffer.from(text) };
  });
const binary = fc
  .uint8Array({ maxLength: 300 })
  .map((b): DataCase => ({ kind: 'csv', ext: 'csv', bytes: Buffer.from(b) }));

const jsonValue = fc.oneof(
  fc.dictionary(fc.constantFrom('a', 'b', 'age', 'plan', ''), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const jsonl = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') },
      { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a": 1', 'not json', '[1,', '{"a": NaN}', '\u0000') },
    ),
    { maxLength: 30 },
  )
  .map((lines): DataCase => ({ kind: 'jsonl', ext: 'jsonl', bytes: Buffer.from(lines.join('\n')) }));

const PARQUET = readFileSync(join(REPO, 'test', 'fixtures', 'data', 'readers', 'typed.parquet'));
const parquet = fc
  .array(
    fc.tuple(
      fc.nat(),
      fc.nat({ max: 255 }),
      fc.constantFrom('flip', 'truncate', 'insert', 'zero-run', 'footer-length'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((ops): DataCase => {
    let b = Buffer.from(PARQUET);
    for (const [at, byte, op] of ops) {
      const i = at % Math.max(1, b.length);
      if (op === 'flip') b[i] = byte;
      else if (op === 'truncate') b = b.subarray(0, i);
      else if (op === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from([byte, byte ^ 0x55]), b.subarray(i)]);
      else if (op === 'zero-run') b.fill(0, i, Math.min(b.length, i + 16));
      else if (b.length >= 8) b.writeUInt32LE((byte * 0x01010101) >>> 0, b.length - 8);
    }
    return { kind: 'parquet', ext: 'parquet', bytes: b };
  });

const dataCase = fc.oneof(
  { weight: 5, arbitrary: rectangular },
  { weight: 3, arbitrary: csv },
  { weight: 1, arbitrary: binary },
  { weight: 2, arbitrary: jsonl },
  { weight: 2, arbitrary: parquet },
);

const REFERENCE =
  'age,income,plan\n' +
  Array.from({ length: 60 }, (_, i) => `${20 + (i % 40)},${30000 + i * 100},${['basic', 'pro', 'team'][i % 3]}`).join(
    '\n',
  ) +
  '\n';

function bounded<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS).unref(),
    ),
  ]);
}

export async function dataFuzzSection(root: string, count: number, cliCount: number, seed: number): Promise<Tally> {
  const t = new Tally(
    `data file fuzz (CSV/TSV/JSONL/Parquet), ${count} cases in process + ${cliCount} through the CLI (seed ${seed})`,
  );
  const dir = join(root, 'data-fuzz');
  mkdirSync(dir, { recursive: true });
  const reference = join(dir, 'reference.csv');
  writeFileSync(reference, REFERENCE);
  const cases = fc.sample(dataCase, { numRuns: count, seed });
  const outcomes = new Map<string, number>();
  const bump = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
  for (const [i, c] of cases.entries()) {
    const path = join(dir, `case-${i % 64}.${c.ext}`);
    writeFileSync(path, c.bytes);
    const repro = () =>
      `${c.kind} file (seed ${seed}, case ${i}): ${JSON.stringify(c.bytes.toString(c.kind === 'parquet' ? 'base64' : 'utf8').slice(0, 300))}`;
    for (const [what, run] of [
      ['profile', () => profile(path)],
      ['drift', async () => driftReport(await readTable(reference), await readTable(path))],
    ] as const) {
      try {
        await bounded(run() as Promise<unknown>);
        bump(`${c.kind} ${what} ok`);
        t.check(`${what} returns or throws an MlopsError`, true);
      } catch (err) {
        const clear = err instanceof MlopsError && err.message.trim().length > 0;
        bump(`${c.kind} ${what} ${clear ? 'MlopsError' : 'other error'}`);
        if (process.env.MLOPS_RELIABILITY_DEBUG)
          process.stderr.write(`[data] ${c.kind} ${what}: ${(err as Error).message}\n`);
        t.check(
          `${what} returns or throws an MlopsError`,
          clear,
          () => `${(err as Error).name}: ${(err as Error).message} — ${repro()}`,
        );
      }
    }
  }
  const cliCases = fc.sample(dataCase, { numRuns: cliCount, seed: seed + 1 });
  const exits = new Map<string, number>();
  for (const [i, c] of cliCases.entries()) {
    const path = join(dir, `cli-${i}.${c.ext}`);
    writeFileSync(path, c.bytes);
    const repro = `${c.kind} file ${path} (seed ${seed + 1}, CLI case ${i})`;
    const prof = await runCli(['profile', path, '--json'], { cwd: dir, timeoutMs: 60_000 });
    exits.set(`profile ${prof.code}`, (exits.get(`profile ${prof.code}`) ?? 0) + 1);
    t.check(
      '`mlops profile` exits 0, or 2 with a clear message',
      !prof.timedOut &&
        (prof.code === 0 || (prof.code === 2 && prof.stderr.trim().length > 0 && !internalErrorSign(prof.stderr))),
      () => `exit ${prof.code}${prof.timedOut ? ' (timed out)' : ''}: ${prof.stderr.trim().slice(0, 300)} — ${repro}`,
    );
    const drift = await runCli(['drift', '--reference', reference, '--current', path, '--json'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    exits.set(`drift ${drift.code}`, (exits.get(`drift ${drift.code}`) ?? 0) + 1);
    t.check(
      '`mlops drift` exits 0/1, or 2 with a clear message',
      !drift.timedOut &&
        (drift.code === 0 ||
          drift.code === 1 ||
          (drift.code === 2 && drift.stderr.trim().length > 0 && !internalErrorSign(drift.stderr))),
      () =>
        `exit ${drift.code}${drift.timedOut ? ' (timed out)' : ''}: ${drift.stderr.trim().slice(0, 300)} — ${repro}`,
    );
    if (drift.code === 0 || drift.code === 1) {
      let tested = -1;
      try {
        tested = (JSON.parse(drift.stdout) as { tested: number }).tested;
      } catch {
        tested = -1;
      }
      t.check(
        '`mlops drift` answers only when it tested a column (else exit 2)',
        tested > 0,
        () => `exit ${drift.code} with tested=${tested} — ${repro}`,
      );
    }
  }
  t.figure(
    `in process: ${[...outcomes]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  t.figure(
    `CLI exit codes: ${[...exits]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}`,
  );
  return t;
}
