import { strict as assert } from 'node:assert';
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { CancelledError } from '../../../src/core/errors';
import { runDirOf } from '../../../src/core/store/layout';
import { listMetricSeries } from '../../../src/core/tracking/runReader';
import { SeriesColumnsTail, type SeriesColumns } from '../../../src/core/tracking/seriesColumns';
import { SIDECAR_MIN_POINTS, SeriesSidecar, seriesSidecarDir } from '../../../src/core/tracking/seriesSidecar';
import { removeOrphanSidecarTemps, writeSeriesSidecars } from '../../../src/core/tracking/writeSeriesSidecars';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { useTempDir } from '../../helpers/tempWorkspace';

const RUN = '20261125-101500-abc123';
const header = (metric: string) => `timestamp\tstep\t${metric}\n`;
const rows = (from: number, to: number) =>
  Array.from(
    { length: to - from },
    (_, k) => `${1_700_000_000_000 + from + k}\t${from + k}\t${Math.cos(from + k) / 7}\n`,
  ).join('');

function writeSeries(runDir: string, name: string, text: string): string {
  const file = join(runDir, 'plots', 'metrics', `${name}.tsv`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

async function freshParse(path: string, metric: string): Promise<SeriesColumns> {
  const tail = new SeriesColumnsTail(path, metric);
  await tail.poll();
  return tail.columns;
}

const used = (c: SeriesColumns) => ({
  step: Array.from(c.step.subarray(0, c.length)),
  time: Array.from(c.time.subarray(0, c.length)),
  value: Array.from(c.value.subarray(0, c.length)),
});

describe("writeSeriesSidecars (a run's parsed series, ready for the compare panel)", () => {
  const tmp = useTempDir();
  const runDir = () => runDirOf(tmp.path, RUN);

  it('saves big series under the key the panel reads with, and leaves small ones to their TSV', async () => {
    writeSeries(runDir(), 'train/loss', header('loss') + rows(0, SIDECAR_MIN_POINTS + 500));
    writeSeries(runDir(), 'acc', header('acc') + rows(0, 40));
    const report = await writeSeriesSidecars(tmp.path, runDir());
    assert.deepEqual(report, { written: 1, current: 0, small: 1, points: SIDECAR_MIN_POINTS + 500 });

    const sidecar = new SeriesSidecar(seriesSidecarDir(tmp.path));
    const [acc, loss] = await listMetricSeries(runDir());
    assert.equal(loss.name, 'train/loss');
    const saved = await sidecar.load(loss.path, loss.name);
    assert.ok(saved, 'the panel finds a sidecar for train/loss');
    assert.deepEqual(used(saved.columns), used(await freshParse(loss.path, loss.name)));
    assert.equal(existsSync(sidecar.fileOf(acc.path, acc.name)), false);
    assert.equal(readdirSync(seriesSidecarDir(tmp.path)).length, 1);
  });

  it('a sidecar whose header was torn by a concurrent save is ignored, and the next save rewrites it whole', async () => {
    const file = writeSeries(runDir(), 'loss', header('loss') + rows(0, SIDECAR_MIN_POINTS));
    await writeSeriesSidecars(tmp.path, runDir());
    const sidecar = new SeriesSidecar(seriesSidecarDir(tmp.path));
    const stored = sidecar.fileOf(file, 'loss');
    const fd = openSync(stored, 'r+');
    writeSync(fd, Buffer.from('{"version":3,"pa'), 0, 16, 40);
    closeSync(fd);
    assert.equal(await sidecar.load(file, 'loss'), undefined);
    appendFileSync(file, rows(SIDECAR_MIN_POINTS, SIDECAR_MIN_POINTS + 10));
    assert.equal((await writeSeriesSidecars(tmp.path, runDir())).written, 1);
    const saved = await sidecar.load(file, 'loss');
    assert.ok(saved);
    assert.deepEqual(used(saved.columns), used(await freshParse(file, 'loss')));
  });

  it('a second pass finds the sidecars current; a grown TSV gets its sidecar extended', async () => {
    const file = writeSeries(runDir(), 'loss', header('loss') + rows(0, SIDECAR_MIN_POINTS));
    await writeSeriesSidecars(tmp.path, runDir());
    assert.deepEqual(await writeSeriesSidecars(tmp.path, runDir()), { written: 0, current: 1, small: 0, points: 0 });
    appendFileSync(file, rows(SIDECAR_MIN_POINTS, SIDECAR_MIN_POINTS + 7));
    assert.deepEqual(await writeSeriesSidecars(tmp.path, runDir()), {
      written: 1,
      current: 0,
      small: 0,
      points: SIDECAR_MIN_POINTS + 7,
    });
    const saved = await new SeriesSidecar(seriesSidecarDir(tmp.path)).load(file, 'loss');
    assert.equal(saved?.columns.length, SIDECAR_MIN_POINTS + 7);
  });

  it('the panel cache reads a TSV appended after the sidecar was written whole: restored columns plus the tail', async () => {
    const file = writeSeries(runDir(), 'val/loss', header('loss') + rows(0, SIDECAR_MIN_POINTS + 20));
    await writeSeriesSidecars(tmp.path, runDir());
    appendFileSync(file, rows(SIDECAR_MIN_POINTS + 20, SIDECAR_MIN_POINTS + 45) + 'not\ta\trow\n');
    const sidecar = new SeriesSidecar(seriesSidecarDir(tmp.path));
    assert.equal(
      (await sidecar.load(file, 'val/loss'))?.columns.length,
      SIDECAR_MIN_POINTS + 20,
      'the sidecar is still usable as a start',
    );

    const read = await new SeriesCache(undefined, sidecar).read(file, 'val/loss');
    assert.equal(read.columns.length, SIDECAR_MIN_POINTS + 45);
    assert.equal(read.added, SIDECAR_MIN_POINTS + 45);
    assert.deepEqual(used(read.columns), used(await freshParse(file, 'val/loss')));
  });

  it('stops at an aborted signal without leaving a sidecar or a temp file', async () => {
    writeSeries(runDir(), 'loss', header('loss') + rows(0, SIDECAR_MIN_POINTS));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(writeSeriesSidecars(tmp.path, runDir(), { signal: controller.signal }), CancelledError);
    assert.equal(existsSync(seriesSidecarDir(tmp.path)), false);
  });

  it('removes temp files of saves whose process is gone, and keeps a live one', async () => {
    const dir = seriesSidecarDir(tmp.path);
    mkdirSync(dir, { recursive: true });
    const dead = join(dir, `${'a'.repeat(40)}.f64.2147483600.tmp`);
    const live = join(dir, `${'b'.repeat(40)}.f64.${process.pid}.tmp`);
    writeFileSync(dead, 'half');
    writeFileSync(live, 'half');
    assert.equal(await removeOrphanSidecarTemps(tmp.path), 1);
    assert.equal(existsSync(dead), false);
    assert.equal(existsSync(live), true);
  });

  it('a run without metric series is a no-op', async () => {
    mkdirSync(runDir(), { recursive: true });
    assert.deepEqual(await writeSeriesSidecars(tmp.path, runDir()), { written: 0, current: 0, small: 0, points: 0 });
  });
});
