import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompareController } from '../../../src/extension/panels/compareController';
import { SeriesCache } from '../../../src/extension/panels/seriesCache';
import { SeriesSidecar } from '../../../src/core/tracking/seriesSidecar';
import type { CompareToWebview } from '../../../src/protocol/webview/compare';
import { useTempDir } from '../../helpers/tempWorkspace';
import { summary } from './fixtures';

const rows = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, k) => `${1000 + from + k}\t${from + k}\t${(from + k) / 7}\n`).join('');
const steps = (c: { step: Float64Array; length: number }) => Array.from(c.step.subarray(0, c.length));

/** A sidecar store that counts its loads. */
class CountingSidecar extends SeriesSidecar {
  loads = 0;
  override load(...args: Parameters<SeriesSidecar['load']>) {
    this.loads++;
    return super.load(...args);
  }
}

describe('series cache: readers of one series at the same time', () => {
  const tmp = useTempDir();

  it('share one load, and each new line is read once however many read at once', async () => {
    const file = join(tmp.path, 'loss.tsv');
    writeFileSync(file, 'timestamp\tstep\tloss\n' + rows(0, 20_000));
    const sidecar = new CountingSidecar(join(tmp.path, 'cache'));
    const cache = new SeriesCache(undefined, sidecar);
    const first = await Promise.all([cache.read(file, 'loss'), cache.read(file, 'loss'), cache.read(file, 'loss')]);
    assert.equal(sidecar.loads, 1, 'one load for three readers');
    assert.deepEqual(
      first.map((r) => r.columns.length),
      [20_000, 20_000, 20_000],
    );
    assert.equal(
      first.reduce((a, r) => a + r.added, 0),
      20_000,
      'the points are reported as added once',
    );

    appendFileSync(file, rows(20_000, 20_500));
    const next = await Promise.all([cache.read(file, 'loss'), cache.read(file, 'loss'), cache.read(file, 'loss')]);
    assert.equal(
      next.reduce((a, r) => a + r.added, 0),
      500,
      'the 500 new lines are read once',
    );
    assert.deepEqual(steps(next[2].columns), [...Array(20_500).keys()]);
  });
});

describe('compare: a new panel reads its first chart while its document loads', () => {
  const tmp = useTempDir();

  it('warm() reads the series of the metric most runs have, so the first curves request finds them read', async () => {
    const ids = ['01a', '01b', '01c'];
    for (const id of ids) {
      mkdirSync(join(tmp.path, id, 'plots/metrics'), { recursive: true });
      writeFileSync(join(tmp.path, id, 'plots/metrics/loss.tsv'), 'timestamp\tstep\tloss\n' + rows(0, 15_000));
    }
    writeFileSync(join(tmp.path, '01a', 'plots/metrics/acc.tsv'), 'timestamp\tstep\tacc\n' + rows(0, 10));
    const sidecar = new CountingSidecar(join(tmp.path, 'cache'));
    const cache = new SeriesCache(undefined, sidecar);
    const posted: CompareToWebview[] = [];
    const controller = new CompareController(
      {
        summary: (id) => summary(id),
        runDir: (id) => join(tmp.path, id),
        post: (m) => posted.push(m),
        openRun: () => undefined,
        cache,
      },
      ids,
    );
    await controller.warm();
    assert.equal(cache.points, 45_000, 'loss (3 runs) was read, not acc (1 run)');
    assert.equal(sidecar.loads, 3);
    await controller.handle({ type: 'ready', state: null });
    const snapshot = posted.find((m) => m.type === 'snapshot');
    assert.equal(snapshot?.type === 'snapshot' && snapshot.state.metric, 'loss', 'the snapshot picks the same metric');
    await controller.handle({ type: 'curves', requestId: 1, metric: 'loss', xAxis: 'step', columns: 400, range: null });
    assert.equal(sidecar.loads, 3, 'the request read nothing again');
    const curves = posted.find((m) => m.type === 'curves');
    assert.equal(curves?.type === 'curves' && curves.curves.length, 3);
  });
});
