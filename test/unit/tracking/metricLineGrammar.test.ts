import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  MAX_TIMESTAMP,
  parseRowBytes,
  parseTsvHeader,
  parseTsvRow,
  type RowFields,
} from '../../../src/core/tracking/metricLine';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { SeriesColumnsTail } from '../../../src/core/tracking/seriesColumns';
import type { MetricPoint } from '../../../src/core/tracking/types';
import { useTempDir } from '../../helpers/tempWorkspace';

const HEADER = 'timestamp\tstep\tloss';

/** Lines that must never become a point: each is skipped and counted by every reader. */
const BAD_LINES: Array<[string, string]> = [
  ['an empty step', '1700000000000\t\t0.5'],
  ['a hexadecimal step', '1700000000000\t0x1A\t0.5'],
  ['a binary step', '1700000000000\t0b11\t0.5'],
  ['an octal step', '1700000000000\t0o7\t0.5'],
  ['a step in exponent form', '1700000000000\t1e3\t0.5'],
  ['a fractional step', '1700000000000\t1.5\t0.5'],
  ['a step of Infinity', '1700000000000\tInfinity\t0.5'],
  ['a step beyond the safe integers', '1700000000000\t9007199254740993\t0.5'],
  ['a step with a plus sign', '1700000000000\t+3\t0.5'],
  ['four fields', '1700000000000\t3\t0.5\t7'],
  ['a trailing tab', '1700000000000\t3\t0.5\t'],
  ['two fields', '3\t0.5'],
  ['spaces instead of tabs', '1700000000000 3 0.5'],
  ['a timestamp of 1e20', '1e20\t3\t0.5'],
  ['a negative timestamp', '-5\t3\t0.5'],
  ['an empty timestamp', '\t3\t0.5'],
  ['a timestamp that is not a number', 'abc\t3\t0.5'],
  ['a nan timestamp', 'nan\t3\t0.5'],
  ['an inf timestamp', 'inf\t3\t0.5'],
  ['a hexadecimal timestamp', '0x10\t3\t0.5'],
  ['a hexadecimal value', '1700000000000\t3\t0x10'],
  ['a value with an underscore', '1700000000000\t3\t1_000'],
  ['an empty value', '1700000000000\t3\t'],
  ['a value with a non-breaking space', '1700000000000\t3\t0.5\u00a0'],
  ['a line of spaces', '   '],
  ['a second header', HEADER],
];

/** Lines that are points, with the point each reads as. */
const GOOD_LINES: Array<[string, MetricPoint]> = [
  ['1700000000000\t5\t0.25', { timestamp: 1700000000000, step: 5, value: 0.25 }],
  ['1700000000000.5\t-3\t-1E+3', { timestamp: 1700000000000.5, step: -3, value: -1000 }],
  [' 1 \t 007 \t nan ', { timestamp: 1, step: 7, value: NaN }],
  ['0\t0\t-Infinity', { timestamp: 0, step: 0, value: -Infinity }],
  [`${MAX_TIMESTAMP}\t9007199254740991\tINF`, { timestamp: MAX_TIMESTAMP, step: 9007199254740991, value: Infinity }],
  ['1.7e12\t2\t0.30000000000000004\r', { timestamp: 1.7e12, step: 2, value: 0.30000000000000004 }],
];

function columnsOf(tail: SeriesColumnsTail): MetricPoint[] {
  const c = tail.columns;
  return Array.from({ length: c.length }, (_, i) => ({ step: c.step[i], timestamp: c.time[i], value: c.value[i] }));
}

/**
 * The grammar written out independently of the code under test: exactly three tab-separated fields; the step an
 * optional minus and 1–16 digits within the safe integers; the timestamp a decimal from 0 to 8.64e15; the value a
 * decimal or a signed nan/inf/infinity in any case; fields may be padded with spaces.
 */
function reference(line: string): MetricPoint | undefined {
  const fields = (line.endsWith('\r') ? line.slice(0, -1) : line).split('\t');
  if (fields.length !== 3) return undefined;
  const [ts, st, val] = fields.map((f) => f.replace(/^ +| +$/g, ''));
  const decimal = (s: string) => /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s);
  if (!/^-?[0-9]{1,16}$/.test(st) || Math.abs(Number(st)) > Number.MAX_SAFE_INTEGER) return undefined;
  if (!decimal(ts) || !(Number(ts) >= 0 && Number(ts) <= 8.64e15)) return undefined;
  let value: number;
  if (decimal(val)) value = Number(val);
  else if (/^[+-]?nan$/i.test(val)) value = NaN;
  else if (/^[+]?(inf|infinity)$/i.test(val)) value = Infinity;
  else if (/^-(inf|infinity)$/i.test(val)) value = -Infinity;
  else return undefined;
  return { timestamp: Number(ts) + 0, step: Number(st) + 0, value };
}

function rowBytes(line: string): MetricPoint | undefined {
  const header = parseTsvHeader(HEADER, 'loss')!;
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const buf = Buffer.from(text, 'latin1');
  const out: RowFields = { step: 0, time: 0, value: 0 };
  return parseRowBytes(buf, 0, buf.length, header, out)
    ? { timestamp: out.time, step: out.step, value: out.value }
    : undefined;
}

describe('metric line grammar (one for every reader)', () => {
  const tmp = useTempDir();

  for (const [what, line] of BAD_LINES) {
    it(`skips a line with ${what}`, () => {
      const header = parseTsvHeader(HEADER, 'loss')!;
      assert.equal(parseTsvRow(line, header), undefined);
      assert.equal(rowBytes(line), undefined);
    });
  }

  it('reads good lines, padded fields, nan/inf spellings and CRLF line ends', () => {
    const header = parseTsvHeader(HEADER, 'loss')!;
    for (const [line, point] of GOOD_LINES) {
      assert.deepEqual(parseTsvRow(line, header), point, JSON.stringify(line));
      assert.deepEqual(rowBytes(line), point, JSON.stringify(line));
    }
  });

  it('every file reader skips and counts each bad line, keeps the rest of the series, and gives only valid times', async () => {
    const file = join(tmp.path, 'loss.tsv');
    const good = GOOD_LINES.map(([line]) => line);
    const lines = [HEADER, ...BAD_LINES.flatMap(([, bad], i) => [bad, good[i % good.length]])];
    writeFileSync(file, lines.join('\n') + '\n');
    const expected = BAD_LINES.map((_, i) => GOOD_LINES[i % GOOD_LINES.length][1]);

    const read = await readMetricSeries(file, 'loss');
    assert.deepEqual(read.points, expected);
    assert.equal(read.skipped, BAD_LINES.length);
    for (const p of read.points) assert.doesNotThrow(() => new Date(p.timestamp).toISOString());

    const tail = new SeriesColumnsTail(file, 'loss');
    await tail.poll();
    assert.deepEqual(columnsOf(tail), expected);
    assert.equal(tail.skipped, BAD_LINES.length);
  });

  it('keeps the value column a header names, whatever the column order, and needs every column in each row', async () => {
    const file = join(tmp.path, 'acc.tsv');
    writeFileSync(file, 'step\tacc\ttimestamp\n1\t0.5\t1000\n2\t0.6\n3\t0.7\t1002\n');
    const read = await readMetricSeries(file, 'val/acc');
    assert.deepEqual(read.points, [
      { step: 1, value: 0.5, timestamp: 1000 },
      { step: 3, value: 0.7, timestamp: 1002 },
    ]);
    assert.equal(read.skipped, 1);
  });

  it('agrees with a reference grammar on generated lines, in the string and the byte parser, bit for bit', () => {
    const digits = fc.stringMatching(/^[0-9]{1,20}$/);
    const field = fc.oneof(
      digits,
      digits.map((d) => `-${d}`),
      fc.double().map(String),
      fc.double({ min: 0, max: 1e17 }).map(String),
      fc.integer({ min: 0, max: 2 ** 53 }).map((n) => String(n * 1000)),
      fc.constantFrom(
        '',
        ' ',
        'nan',
        '-NaN',
        '+inf',
        'Infinity',
        '-infinity',
        'inF',
        '0x1A',
        '0b11',
        '1e3',
        '1.5',
        '.5',
        '5.',
        '-0',
        '+0',
        '1e',
        'e5',
        '1e+400',
        '1e-400',
        '8.64e15',
        '8.64e15000',
        ' 12 ',
        '１２',
        '1\u00a0',
        'abc',
      ),
      fc.string({ maxLength: 6 }),
    );
    const line = fc.oneof(
      fc.tuple(field, field, field).map((f) => f.join('\t')),
      fc.array(field, { minLength: 0, maxLength: 5 }).map((f) => f.join('\t')),
      fc.tuple(field, field, field).map((f) => f.join('\t') + '\r'),
    );
    const header = parseTsvHeader(HEADER, 'loss')!;
    fc.assert(
      fc.property(line, (text) => {
        const expected = reference(text);
        assert.deepEqual(parseTsvRow(text, header), expected);
        // eslint-disable-next-line no-control-regex -- Latin-1 text only: the byte form is defined for it
        if (!/[^\x00-\xff]/.test(text)) assert.deepEqual(rowBytes(text), expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the same points and skip count line by line and in columns, for any file of generated lines', async () => {
    const file = join(tmp.path, 'gen.tsv');
    const lineArb = fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: -1e6, max: 1e9 }), fc.double())
        .map(([t, s, v]) => `${t}\t${s}\t${v}`),
      fc.constantFrom(...BAD_LINES.map(([, l]) => l), ...GOOD_LINES.map(([l]) => l), ''),
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('\n')),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 40 }), async (lines) => {
        writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
        const read = await readMetricSeries(file, 'loss');
        const tail = new SeriesColumnsTail(file, 'loss');
        await tail.poll();
        assert.deepEqual(columnsOf(tail), read.points);
        assert.equal(tail.skipped, read.skipped);
      }),
      { numRuns: 300 },
    );
  });
});
