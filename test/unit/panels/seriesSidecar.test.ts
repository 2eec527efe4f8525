import { strict as assert } from 'node:assert';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { SeriesSidecar } from '../../../src/core/tracking/seriesSidecar';
import { useTempDir } from '../../helpers/tempWorkspace';

const rows = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => `${1000 + from + k}\t${from + k}\t${Math.sin(from + k) / 3}\n`).join('');
const values = (c: { value: Float64Array; length: number }) => Array.from(c.value.subarray(0, c.length));

describe('series sidecar (parsed columns cached on disk)', () => {
  const tmp = useTempDir();

  it('a second cache loads the saved columns and reads only what the TSV gained since', async () => {
    const file = join(tmp.path, 'loss.tsv');
    const dir = join(tmp.path, 'cache');
    writeFileSync(file, 'timestamp\tstep\tloss\n' + rows(0, 12_000) + '1\t2');
    const first = new SeriesCache(undefined, new SeriesSidecar(dir));
    const cold = await first.read(file, 'loss');
    await first.flushed();
    assert.equal(readdirSync(dir).length, 1);

    appendFileSync(file, '3\t0.5\n' + rows(12_001, 12_010));
    const second = new SeriesCache(undefined, new SeriesSidecar(dir));
    const warm = await second.read(file, 'loss');
    assert.equal(warm.added, 12_010);
    const fresh = await new SeriesCache().read(file, 'loss');
    assert.deepEqual(values(warm.columns), values(fresh.columns));
    assert.deepEqual(
      Array.from(warm.columns.step.subarray(0, warm.columns.length)),
      Array.from(fresh.columns.step.subarray(0, fresh.columns.length)),
    );
    assert.equal(cold.columns.length, 12_000);
  });

  it('ignores a sidecar whose TSV was rewritten in place', async () => {
    const file = join(tmp.path, 'acc.tsv');
    const dir = join(tmp.path, 'cache');
    writeFileSync(file, 'timestamp\tstep\tacc\n' + rows(0, 11_000));
    const cache = new SeriesCache(undefined, new SeriesSidecar(dir));
    await cache.read(file, 'acc');
    await cache.flushed();
    assert.ok(existsSync(new SeriesSidecar(dir).fileOf(file, 'acc')));
    writeFileSync(file, 'timestamp\tstep\tacc\n' + rows(0, 5).replace(/\t[^\t\n]+\n/g, '\t7\n'));
    const after = await new SeriesCache(undefined, new SeriesSidecar(dir)).read(file, 'acc');
    assert.deepEqual(values(after.columns), [7, 7, 7, 7, 7]);
  });
});
