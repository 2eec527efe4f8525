import { strict as assert } from 'node:assert';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricTail, readMetricSeries } from '../../../src/core/tracking/metricTail';
import { parseMetricValue } from '../../../src/core/tracking/metricLine';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('metric series tailing', () => {
  const tmp = useTempDir();

  it('reads only the lines appended since the previous poll', async () => {
    const file = join(tmp.path, 'loss.tsv');
    writeFileSync(file, 'timestamp\tstep\tloss\n1\t0\t0.9\n');
    const tail = new MetricTail(file, 'loss');
    assert.deepEqual((await tail.poll()).points, [{ timestamp: 1, step: 0, value: 0.9 }]);
    appendFileSync(file, '2\t1\t0.5\n3\t2\t0.25\n');
    assert.deepEqual(
      (await tail.poll()).points.map((p) => p.value),
      [0.5, 0.25],
    );
    assert.deepEqual((await tail.poll()).points, []);
  });

  it('holds back a torn final line until its newline arrives', async () => {
    const file = join(tmp.path, 'acc.tsv');
    writeFileSync(file, 'timestamp\tstep\tacc\n1\t0\t0.1\n2\t1\t0.12');
    const tail = new MetricTail(file, 'acc');
    assert.deepEqual(
      (await tail.poll()).points.map((p) => p.value),
      [0.1],
    );
    appendFileSync(file, '345\n');
    assert.deepEqual(
      (await tail.poll()).points.map((p) => p.value),
      [0.12345],
    );
  });

  it('accepts nan and inf, and skips and counts values that are not numbers', async () => {
    const file = join(tmp.path, 'x.tsv');
    writeFileSync(file, 'timestamp\tstep\tx\n1\t0\tnan\n2\t1\tinf\n3\t2\tabc\n4\t3\t-inf\n5\t4\t1e-3\n');
    const { points, skipped } = await readMetricSeries(file, 'x');
    assert.equal(skipped, 1);
    assert.ok(Number.isNaN(points[0].value));
    assert.deepEqual(
      points.slice(1).map((p) => p.value),
      [Infinity, -Infinity, 0.001],
    );
  });

  it('starts over when the file is replaced by a shorter one', async () => {
    const file = join(tmp.path, 'y.tsv');
    writeFileSync(file, 'timestamp\tstep\ty\n1\t0\t1\n2\t1\t2\n3\t2\t3\n');
    const tail = new MetricTail(file, 'y');
    await tail.poll();
    writeFileSync(file, 'timestamp\tstep\ty\n9\t0\t7\n');
    const batch = await tail.poll();
    assert.equal(batch.reset, true);
    assert.deepEqual(
      batch.points.map((p) => p.value),
      [7],
    );
  });

  it('keeps multi-byte characters split across reads intact', async () => {
    const file = join(tmp.path, 'z.tsv');
    writeFileSync(file, Buffer.from('timestamp\tstep\tz\n1\t0\t1\n'));
    const tail = new MetricTail(file, 'z');
    await tail.poll();
    appendFileSync(file, '2\t1\t2\n');
    assert.equal((await tail.poll()).points[0].value, 2);
  });

  it('parses metric values the way Python and dvclive write them', () => {
    assert.equal(parseMetricValue('0.5'), 0.5);
    assert.equal(parseMetricValue(' -1E+3 '), -1000);
    assert.equal(parseMetricValue('Infinity'), Infinity);
    assert.equal(parseMetricValue('1.0.0'), undefined);
    assert.equal(parseMetricValue(''), undefined);
  });
});
