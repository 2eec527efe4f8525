import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { RunLogger } from '../../../src/core/tracking/runLogger';
import { listMetricSeries, readLatestMetrics, readParams } from '../../../src/core/tracking/runReader';
import { readMetricSeries } from '../../../src/core/tracking/metricTail';
import { parseTolerantJson, stringifyTolerantJson } from '../../../src/core/tracking/tolerantJson';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('RunLogger writes the dvclive layout', () => {
  const tmp = useTempDir();

  it('writes params.yaml, one TSV per metric with a dvclive header, and nested latest values', async () => {
    const log = new RunLogger(tmp.path);
    log.logParams({ lr: 0.01, model: { layers: 3, act: 'relu' }, tags: ['a', 'b'] });
    log.logMetric('train/loss', 0.9);
    log.logMetric('train/loss', 0.5);
    log.logMetric('val_accuracy', 0.7, 10);
    log.close();
    assert.deepEqual(parseYaml(readFileSync(join(tmp.path, 'params.yaml'), 'utf8')), {
      lr: 0.01,
      model: { layers: 3, act: 'relu' },
      tags: ['a', 'b'],
    });
    const header = readFileSync(join(tmp.path, 'plots/metrics/train/loss.tsv'), 'utf8').split('\n')[0];
    assert.equal(header, 'timestamp\tstep\tloss');
    const loss = await readMetricSeries(join(tmp.path, 'plots/metrics/train/loss.tsv'), 'train/loss');
    assert.deepEqual(
      loss.points.map((p) => [p.step, p.value]),
      [
        [0, 0.9],
        [1, 0.5],
      ],
    );
    assert.deepEqual(await readLatestMetrics(tmp.path), { train: { loss: 0.5 }, val_accuracy: 0.7, step: 10 });
    assert.deepEqual(
      (await listMetricSeries(tmp.path)).map((s) => s.name),
      ['train/loss', 'val_accuracy'],
    );
  });

  it('merges into params the runner already wrote, nested ones included', async () => {
    writeFileSync(join(tmp.path, 'params.yaml'), 'lr: 0.1\noptimizer:\n  name: adam\n  beta: 0.9\n');
    const log = new RunLogger(tmp.path);
    log.logParam('epochs', 5);
    log.close();
    assert.deepEqual(await readParams(tmp.path), { lr: 0.1, optimizer: { name: 'adam', beta: 0.9 }, epochs: 5 });
  });

  it('continues a series after a restart instead of restarting its steps', async () => {
    const first = new RunLogger(tmp.path);
    first.logMetric('loss', 1);
    first.logMetric('loss', 2);
    first.close();
    const second = new RunLogger(tmp.path);
    second.logMetric('loss', 3);
    second.close();
    const { points } = await readMetricSeries(join(tmp.path, 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(
      points.map((p) => p.step),
      [0, 1, 2],
    );
  });

  it('continues a reopened series from its last row that reads as a point, past a malformed last line', async () => {
    const file = join(tmp.path, 'plots/metrics/loss.tsv');
    mkdirSync(join(tmp.path, 'plots/metrics'), { recursive: true });
    writeFileSync(file, 'timestamp\tstep\tloss\n1\t5\t0.1\n2\t1e3\t0.2\n');
    const log = new RunLogger(tmp.path);
    log.logMetric('loss', 0.3);
    log.close();
    const { points } = await readMetricSeries(file, 'loss');
    assert.deepEqual(
      points.map((p) => p.step),
      [5, 6],
    );
  });

  it('refuses a step that readers would skip (not an integer) instead of writing a line that is lost', async () => {
    const log = new RunLogger(tmp.path);
    log.logMetric('loss', 1, 3);
    for (const step of [1.5, NaN, Infinity, 2 ** 60])
      assert.throws(() => log.logMetric('loss', 2, step), /step must be an integer/);
    log.close();
    const { points, skipped } = await readMetricSeries(join(tmp.path, 'plots/metrics/loss.tsv'), 'loss');
    assert.deepEqual(
      points.map((p) => p.step),
      [3],
    );
    assert.equal(skipped, 0);
  });

  it('keeps NaN and Infinity in metrics.json the way Python writes them', async () => {
    const log = new RunLogger(tmp.path);
    log.logMetric('loss', NaN);
    log.logMetric('grad', Infinity);
    log.close();
    const text = readFileSync(join(tmp.path, 'metrics.json'), 'utf8');
    assert.match(text, /"loss": NaN/);
    const latest = await readLatestMetrics(tmp.path);
    assert.ok(Number.isNaN(latest.loss as number));
    assert.equal(latest.grad, Infinity);
  });

  it('refuses metric and artifact names that would escape the run folder', () => {
    const log = new RunLogger(tmp.path);
    assert.throws(() => log.logMetric('../evil', 1), /invalid metric name/);
    assert.throws(() => log.logMetric('a//b', 1), /invalid metric name/);
    writeFileSync(join(tmp.path, 'f.txt'), 'x');
    assert.throws(() => log.logArtifact(join(tmp.path, 'f.txt'), '../../escape.txt'), /escapes the artifacts folder/);
    assert.equal(existsSync(join(tmp.path, '..', 'escape.txt')), false);
    const copied = log.logArtifact(join(tmp.path, 'f.txt'), 'models/f.txt');
    assert.equal(readFileSync(copied, 'utf8'), 'x');
    log.close();
  });

  it('round-trips non-finite numbers through the tolerant JSON codec, strings untouched', () => {
    const value = { a: NaN, b: -Infinity, c: 'NaN inside a string', d: [Infinity, 1] };
    const back = parseTolerantJson(stringifyTolerantJson(value)) as typeof value;
    assert.ok(Number.isNaN(back.a));
    assert.equal(back.b, -Infinity);
    assert.equal(back.c, 'NaN inside a string');
    assert.deepEqual(back.d, [Infinity, 1]);
  });
});
