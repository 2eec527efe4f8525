import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { storePaths } from '../../../src/core/store/layout';
import { parseTolerantJson } from '../../../src/core/tracking/tolerantJson';
import type { BackendEvent } from '../../../src/protocol/backend';
import { NODE, removeWorkspace, spec, testRunner, waitForText, workspace } from './helpers';

/** Appends `x` points to the run's series as fast as it can, and says its pid. */
const WRITER = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'x.tsv');
fs.writeFileSync(file, 'timestamp\\tstep\\tx\\n');
console.log('pid', process.pid);
let step = 0;
setInterval(() => {
  let chunk = '';
  for (let i = 0; i < 100; i++, step++) chunk += Date.now() + '\\t' + step + '\\t' + step / 2 + '\\n';
  fs.appendFileSync(file, chunk);
}, 5);`;

/** Writes `points` points fast, a metrics.json that stopped long before the end, and a torn last line; then waits. */
const BIG_WRITER = `const fs = require('fs'), path = require('path');
const run = process.env.MLOPS_RUN_DIR;
const dir = path.join(run, 'plots', 'metrics', 'train');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'loss.tsv');
const points = Number(process.argv[2]);
const fd = fs.openSync(file, 'w');
fs.writeSync(fd, 'timestamp\\tstep\\tloss\\n');
for (let start = 0; start < points; start += 100000) {
  let chunk = '';
  for (let s = start; s < Math.min(points, start + 100000); s++) chunk += '1700000000000\\t' + s + '\\t' + (1 / (s + 1)) + '\\n';
  fs.writeSync(fd, chunk);
  if (start === 0) fs.writeFileSync(path.join(run, 'metrics.json'), JSON.stringify({ train: { loss: 1 }, step: 0, note: 'kept' }));
}
fs.writeSync(fd, '1700000000000\\t' + points + '\\t0.0');
fs.closeSync(fd);
console.log('written');
setInterval(() => {}, 1000);`;

describe('the end of a run', function () {
  this.timeout(120_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('ends the command that outlived its killed wrapper shell before the run is marked, and nothing writes after', async () => {
    dir = workspace({ 'mlops.yaml': spec({ writer: { command: [NODE, 'writer.js'] } }), 'writer.js': WRITER });
    let childPid = 0;
    const aliveWhenMarked: boolean[] = [];
    const emit = (e: BackendEvent) => {
      if (e.type === 'runStatus' && e.status !== 'queued' && e.status !== 'running')
        aliveWhenMarked.push(isSameProcess(childPid, null));
    };
    const { runner } = testRunner(dir, { emit });
    const { runId, runDir } = await runner.launch({ experiment: 'writer' });
    childPid = Number(/pid (\d+)/.exec(await waitForText(join(runDir, 'log.txt'), 'pid '))![1]);
    const series = join(runDir, 'plots', 'metrics', 'x.tsv');
    while (statSync(series).size < 10_000) await delay(20);
    const wrapper = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).pid as number;
    assert.notEqual(wrapper, childPid, 'the command runs under the wrapper shell');
    process.kill(wrapper, 'SIGKILL');
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'killed');
    assert.deepEqual(aliveWhenMarked, [false], 'the orphaned command was ended before the run was marked');
    assert.equal(isSameProcess(childPid, null), false);
    const size = statSync(series).size;
    await delay(300);
    assert.equal(statSync(series).size, size, 'nothing was written into the ended run');
    assert.match(
      readFileSync(join(runDir, 'log.txt'), 'utf8'),
      /still running after it ended; ended them with SIGTERM/,
    );
    await runner.close();
  });

  it('takes the latest values from the last whole line of each series, not a stale metrics.json (1.4M points)', async () => {
    const points = 1_400_000;
    dir = workspace({
      'mlops.yaml': spec({ big: { command: [NODE, 'big.js', String(points)] } }),
      'big.js': BIG_WRITER,
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'big' });
    await waitForText(join(runDir, 'log.txt'), 'written', 60_000);
    const record = await runner.stop(runId);
    assert.equal(record.status, 'killed');
    const lastStep = points - 1;
    const metrics = parseTolerantJson(readFileSync(join(runDir, 'metrics.json'), 'utf8')) as {
      train: { loss: number };
      step: number;
      note: string;
    };
    assert.equal(metrics.step, lastStep, 'metrics.json step is the last whole line, the torn one ignored');
    assert.equal(metrics.train.loss, 1 / (lastStep + 1));
    assert.equal(metrics.note, 'kept', 'keys that are not series are kept');
    const index = JSON.parse(readFileSync(storePaths(dir).index, 'utf8'));
    assert.equal(index.runs[runId].step, lastStep);
    assert.equal(index.runs[runId].metrics['train/loss'], 1 / (lastStep + 1));
    await runner.close();
  });

  it('hashes only artifacts inside the run folder: links that lead out of it are skipped and reported', async () => {
    const outside = workspace({ 'big/a.bin': 'x'.repeat(1 << 20), 'secret.txt': "not the run's" });
    const script = `const fs = require('fs'), path = require('path');
const a = path.join(process.env.MLOPS_RUN_DIR, 'artifacts');
fs.mkdirSync(path.join(a, 'dir'), { recursive: true });
fs.writeFileSync(path.join(a, 'weights.bin'), 'w');
fs.writeFileSync(path.join(a, 'dir', 'inner.txt'), 'i');
fs.symlinkSync(${JSON.stringify(join(outside, 'big'))}, path.join(a, 'model'));
fs.symlinkSync(${JSON.stringify(join(outside, 'secret.txt'))}, path.join(a, 'dir', 'secret.txt'));
fs.symlinkSync('../weights.bin', path.join(a, 'dir', 'weights-link.bin'));`;
    dir = workspace({ 'mlops.yaml': spec({ links: { command: [NODE, 'links.js'] } }), 'links.js': script });
    try {
      const { runner } = testRunner(dir);
      const { runId, runDir } = await runner.launch({ experiment: 'links' });
      const record = await runner.waitForEnd(runId);
      assert.equal(record.status, 'completed');
      const base = `.mlops/runs/${runId}/artifacts`;
      const outputs = record.data.filter((d) => d.role === 'output');
      assert.deepEqual(
        outputs.map((o) => o.path),
        [`${base}/dir`, `${base}/weights.bin`],
      );
      assert.equal(
        outputs.reduce((n, o) => n + (o.bytes ?? 0), 0),
        3,
        'inner.txt, the link to weights.bin inside the run, weights.bin',
      );
      assert.deepEqual(record.skippedArtifacts, [
        { path: `${base}/model`, target: join(outside, 'big') },
        { path: `${base}/dir/secret.txt`, target: join(outside, 'secret.txt') },
      ]);
      assert.match(readFileSync(join(runDir, 'log.txt'), 'utf8'), /artifact .*\/model links outside the run folder/);
      await runner.close();
    } finally {
      removeWorkspace(outside);
    }
  });
});
