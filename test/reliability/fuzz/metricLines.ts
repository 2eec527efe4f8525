/**
 * Fuzzes metric lines. Each case is a series: a header, a valid line (step 1), one fuzzed line, a valid line (step
 * 9999999). The reader must take a valid fuzzed line exactly, skip an invalid one (never guess a step from a hex,
 * float or empty field, or take columns from a line with the wrong field count), and never lose the lines around
 * it. A few cases go through `mlops metrics` (text and --json) as well.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { internalErrorSign, runCli } from '../lib/cli';
import { Tally } from '../lib/tally';

type Expect = 'point' | 'skip' | 'either';
interface LineCase {
  line: string;
  expect: Expect;
  why: string;
  point?: { timestamp: number; step: number; value: number };
}

const HEADER = 'timestamp\tstep\tloss';
const BEFORE = { line: '1700000000000\t1\t0.5', point: { timestamp: 1700000000000, step: 1, value: 0.5 } };
const AFTER = { line: '1700000009999\t9999999\t0.25', point: { timestamp: 1700000009999, step: 9999999, value: 0.25 } };

const timestamp = fc.integer({ min: 0, max: 4_000_000_000_000 });
const step = fc.integer({ min: 2, max: 9_999_998 });
const finiteValue = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => [String(v), v] as const),
  fc.integer().map((v) => [String(v), v] as const),
);
const special = fc.constantFrom(['nan', NaN] as const, ['inf', Infinity] as const, ['-inf', -Infinity] as const);

const valid: fc.Arbitrary<LineCase> = fc
  .tuple(timestamp, step, fc.oneof({ weight: 5, arbitrary: finiteValue }, { weight: 1, arbitrary: special }))
  .map(([ts, s, [text, v]]) => ({
    line: `${ts}\t${s}\t${text}`,
    expect: 'point',
    why: 'a valid line',
    point: { timestamp: ts, step: s, value: v },
  }));

const BAD_STEPS = [
  '',
  ' ',
  '0x1A',
  '0b11',
  '0o7',
  '1e3',
  '1.5',
  '2.0',
  'abc',
  'NaN',
  'Infinity',
  '1_000',
  '١٢',
  '--1',
  '5abc',
];
const BAD_TIMESTAMPS = ['', 'abc', 'NaN', 'Infinity', '-Infinity', '12:00', '2024-01-01'];
const BAD_VALUES = ['', 'abc', '1.2.3', '0x10', '--1', 'nanx', '1e', 'e5', '.'];

const invalid: fc.Arbitrary<LineCase> = fc.oneof(
  fc.tuple(timestamp, fc.constantFrom(...BAD_STEPS), finiteValue).map(([ts, s, [v]]) => ({
    line: `${ts}\t${s}\t${v}`,
    expect: 'skip' as const,
    why: `step ${JSON.stringify(s)} is not an integer`,
  })),
  fc.tuple(fc.constantFrom(...BAD_TIMESTAMPS), step, finiteValue).map(([ts, s, [v]]) => ({
    line: `${ts}\t${s}\t${v}`,
    expect: 'skip' as const,
    why: `timestamp ${JSON.stringify(ts)} is not a number`,
  })),
  fc.tuple(timestamp, step, fc.constantFrom(...BAD_VALUES)).map(([ts, s, v]) => ({
    line: `${ts}\t${s}\t${v}`,
    expect: 'skip' as const,
    why: `value ${JSON.stringify(v)} is not a number`,
  })),
  fc
    .tuple(timestamp, step, finiteValue, fc.array(fc.string({ maxLength: 5 }), { minLength: 1, maxLength: 2 }))
    .map(([ts, s, [v], extra]) => ({
      line: [ts, s, v, ...extra].join('\t'),
      expect: 'skip' as const,
      why: `${3 + extra.length} fields for a 3-column header`,
    })),
  fc
    .tuple(timestamp, step)
    .map(([ts, s]) => ({ line: `${ts}\t${s}`, expect: 'skip' as const, why: '2 fields for a 3-column header' })),
  fc
    .string({ maxLength: 30 })
    .filter((s) => s.trim() !== '' && !s.includes('\n') && !s.includes('\r') && s.split('\t').length !== 3)
    .map((s) => ({ line: s, expect: 'skip' as const, why: 'noise' })),
);

const ambiguous: fc.Arbitrary<LineCase> = fc.oneof(
  fc
    .tuple(fc.constantFrom('1e20', '-1e20', '9e15', '1.5e12', '-5'), step, finiteValue)
    .map(([ts, s, [v]]) => ({ line: `${ts}\t${s}\t${v}`, expect: 'either' as const, why: `timestamp ${ts}` })),
  fc
    .tuple(timestamp, fc.constantFrom('-3', '+4', '007', '9007199254740993', ' 5', '5 '), finiteValue)
    .map(([ts, s, [v]]) => ({
      line: `${ts}\t${s}\t${v}`,
      expect: 'either' as const,
      why: `step ${JSON.stringify(s)}`,
    })),
  fc
    .tuple(timestamp, step, fc.constantFrom(' 1', '1 ', '+1', '1E5', 'Infinity', '-nan', 'INF', '1e400'))
    .map(([ts, s, v]) => ({ line: `${ts}\t${s}\t${v}`, expect: 'either' as const, why: `value ${JSON.stringify(v)}` })),
  fc
    .tuple(timestamp, step, finiteValue)
    .map(([ts, s, [v]]) => ({ line: `${ts}\t${s}\t${v}\r`, expect: 'either' as const, why: 'a CRLF line end' })),
);

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
const samePoint = (
  p: { step: number; value: number; timestamp: number },
  q: { step: number; value: number; timestamp: number },
) => p.step === q.step && same(p.value, q.value) && p.timestamp === q.timestamp;

export async function metricLineFuzzSection(
  root: string,
  count: number,
  cliCount: number,
  seed: number,
): Promise<Tally> {
  const t = new Tally(`metric line fuzz, ${count} cases + ${cliCount} through mlops metrics (seed ${seed})`);
  const dir = join(root, 'metric-lines');
  mkdirSync(dir, { recursive: true });
  const cases = fc.sample(
    fc.oneof({ weight: 3, arbitrary: valid }, { weight: 5, arbitrary: invalid }, { weight: 2, arbitrary: ambiguous }),
    { numRuns: count, seed },
  );
  const tally = { point: 0, skip: 0, either: 0, wrongPoints: 0 };
  for (const [i, c] of cases.entries()) {
    tally[c.expect]++;
    const path = join(dir, `${i % 64}.tsv`);
    writeFileSync(path, `${HEADER}\n${BEFORE.line}\n${c.line}\n${AFTER.line}\n`);
    const repro = () => `${c.why}: ${JSON.stringify(c.line)} (seed ${seed}, case ${i})`;
    let read: { points: Array<{ step: number; value: number; timestamp: number }>; skipped?: number } | undefined;
    try {
      read = await readMetricSeries(path, 'loss');
    } catch (err) {
      t.check('reading a series never throws', false, () => `${(err as Error).message} — ${repro()}`);
      continue;
    }
    t.check('reading a series never throws', true);
    const pts = read.points;
    const kept = pts.length >= 2 && samePoint(pts[0], BEFORE.point) && samePoint(pts[pts.length - 1], AFTER.point);
    t.check('a bad line never breaks the lines around it', kept, () => `read ${JSON.stringify(pts)} — ${repro()}`);
    if (c.expect === 'point') {
      const ok = pts.length === 3 && samePoint(pts[1], c.point!);
      t.check('a valid line is read exactly', ok, () => `read ${JSON.stringify(pts.slice(1, -1))} — ${repro()}`);
    } else if (c.expect === 'skip') {
      const ok = pts.length === 2;
      if (!ok) tally.wrongPoints++;
      t.check(
        'an invalid line is skipped, never guessed',
        ok,
        () => `read ${JSON.stringify(pts.slice(1, -1))} — ${repro()}`,
      );
      if (read.skipped !== undefined)
        t.check('a skipped line is counted', read.skipped >= 1, () => `skipped ${read!.skipped} — ${repro()}`);
    } else {
      t.check(
        'an unclear line gives at most one point',
        pts.length <= 3,
        () => `read ${JSON.stringify(pts)} — ${repro()}`,
      );
    }
  }
  // Through the CLI: the same series in a run, shown as text and as JSON.
  const ws = join(root, 'metric-lines-ws');
  mkdirSync(ws, { recursive: true });
  const store = new FileRunStore(ws);
  const cliCases = fc.sample(fc.oneof(valid, invalid, ambiguous), { numRuns: cliCount, seed: seed + 1 });
  for (const [i, c] of cliCases.entries()) {
    const record = await store.createRun({
      experiment: 'fuzz',
      command: 'fuzz',
      argv: ['fuzz'],
      shell: false,
      cwd: ws,
      params: {},
      status: 'queued',
      parent: null,
      derivedFrom: null,
      tags: {},
      source: 'spec',
    } as never);
    await store.updateRun(record.id, { status: 'completed', exitCode: 0, endedAt: new Date().toISOString() });
    const plots = join(store.runDir(record.id), 'plots', 'metrics');
    mkdirSync(plots, { recursive: true });
    writeFileSync(join(plots, 'loss.tsv'), `${HEADER}\n${BEFORE.line}\n${c.line}\n${AFTER.line}\n`);
    const repro = `${c.why}: ${JSON.stringify(c.line)} (seed ${seed + 1}, CLI case ${i})`;
    for (const json of [true, false]) {
      const res = await runCli(['metrics', record.id, 'loss', ...(json ? ['--json'] : [])], {
        cwd: ws,
        timeoutMs: 60_000,
      });
      t.check(
        '`mlops metrics` shows a series with a bad line (exit 0, no internal error)',
        res.code === 0 && !internalErrorSign(res.stderr),
        () => `${json ? '--json' : 'text'}: exit ${res.code}: ${res.stderr.trim().slice(0, 200)} — ${repro}`,
      );
      if (json && res.code === 0) {
        const points = JSON.parse(res.stdout) as Array<{ step: number }>;
        t.check(
          '`mlops metrics --json` keeps the lines around a bad line',
          points[0]?.step === 1 && points.at(-1)?.step === 9999999,
          () => `${res.stdout.slice(0, 200)} — ${repro}`,
        );
      }
    }
  }
  t.figure(
    `${count} lines: ${tally.point} valid, ${tally.skip} invalid (${tally.wrongPoints} of them read as points), ${tally.either} unclear; ${cliCount} series through mlops metrics`,
  );
  return t;
}
