import { strict as assert } from 'node:assert';
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeriesSidecar } from '../../../src/core/tracking/seriesSidecar';
import { SeriesColumnsTail } from '../../../src/core/tracking/seriesColumns';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { SeriesParsePool } from '../../../src/extension/panels/seriesParsePool';
import { useTempDir } from '../../helpers/tempWorkspace';

const entry = join(__dirname, '..', '..', '..', 'src', 'extension', 'panels', 'seriesWorkerMain.ts');
// 17 significant digits, a NaN, an inf and malformed rows (no tab, a step in exponent form, a fourth field, a
// timestamp out of range): the worker must agree with the in-thread parser on all.
const rows = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    const value = i === 777 ? 'nan' : i === 778 ? '-inf' : String(Math.sin(i) / 3);
    if (i === 779) return 'garbage\n';
    if (i === 780) return `${1_700_000_000_000 + i}\t1e3\t${value}\n`;
    if (i === 781) return `${1_700_000_000_000 + i}\t${i}\t${value}\t1\n`;
    if (i === 782) return `1e20\t${i}\t${value}\n`;
    return `${1_700_000_000_000 + i}\t${i}\t${value}\n`;
  }).join('');
const column = (c: { length: number }, a: Float64Array) => Array.from(a.subarray(0, c.length));

describe('series parse pool (whole TSVs parsed on worker threads)', function () {
  this.timeout(60_000);
  const tmp = useTempDir();
  let pool: SeriesParsePool;
  beforeEach(() => (pool = new SeriesParsePool({ entry, execArgv: ['--require', 'tsx/cjs'], threads: 2 })));
  afterEach(() => pool.dispose());

  it('parses on another thread exactly what the tail parses here, and is told which bytes it consumed', async () => {
    const file = join(tmp.path, 'loss.tsv');
    writeFileSync(file, 'timestamp\tstep\tloss\n' + rows(0, 30_000) + '1700000099999\t30000');
    const state = await pool.parse(file, 'loss');
    assert.ok(state, 'a parsed state');
    const local = new SeriesColumnsTail(file, 'loss');
    await local.poll();
    const here = local.state();
    assert.ok(here);
    assert.equal(state.columns.length, 29_996);
    assert.equal(state.skipped, 4);
    assert.equal(state.offset, here.offset);
    for (const key of ['step', 'time', 'value'] as const)
      assert.deepEqual(column(state.columns, state.columns[key]), column(here.columns, here.columns[key]));
    assert.ok(Number.isNaN(state.columns.value[777]) && state.columns.value[778] === -Infinity);
  });

  it('answers undefined for a missing file or one without a header yet, and many files at once', async () => {
    assert.equal(await pool.parse(join(tmp.path, 'gone.tsv'), 'loss'), undefined);
    const files = Array.from({ length: 6 }, (_, k) => join(tmp.path, `m${k}.tsv`));
    files.forEach((f, k) => writeFileSync(f, `timestamp\tstep\tm${k}\n` + rows(0, 1000 * (k + 1))));
    const states = await Promise.all(files.map((f, k) => pool.parse(f, `m${k}`)));
    assert.deepEqual(
      states.map((s) => s?.columns.length),
      [996, 1996, 2996, 3996, 4996, 5996],
    );
  });

  it('feeds the series cache: a large file is parsed by the pool, appended rows are tailed here, and a sidecar is written', async () => {
    const file = join(tmp.path, 'acc.tsv');
    const dir = join(tmp.path, 'cache');
    writeFileSync(file, 'timestamp\tstep\tacc\n' + rows(0, 20_000));
    const cache = new SeriesCache(undefined, new SeriesSidecar(dir), pool);
    const first = await cache.read(file, 'acc');
    assert.equal(first.added, 19_996);
    assert.equal(pool.parsed, 1, 'the worker parsed the file');
    appendFileSync(file, rows(20_000, 20_010));
    const next = await cache.read(file, 'acc');
    assert.equal(next.added, 10);
    const fresh = await new SeriesCache().read(file, 'acc');
    assert.deepEqual(column(next.columns, next.columns.value), column(fresh.columns, fresh.columns.value));
    await cache.flushed();
    assert.equal(
      readdirSync(dir).filter((f) => f.endsWith('.f64')).length,
      1,
      'the pool-parsed series got its sidecar',
    );
  });
});
