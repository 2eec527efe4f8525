import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SeriesFollower } from '../../../src/backend/watch/seriesFollower';
import { MetricTail } from '../../../src/core/tracking/metricTail';
import { NODE, removeWorkspace, spec, testRunner, workspace } from './helpers';

/** Writes each line in two write(2) calls with a pause between, so a kill lands mid-line often. */
const SLOW_WRITER = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const fd = fs.openSync(path.join(dir, 'loss.tsv'), 'a');
fs.writeSync(fd, 'timestamp\\tstep\\tloss\\n');
let step = 0;
(function next() {
  const line = Date.now() + '\\t' + step + '\\t' + (step * 0.25) + '\\n';
  const cut = 1 + (step % (line.length - 1));
  fs.writeSync(fd, line.slice(0, cut));
  setTimeout(() => { fs.writeSync(fd, line.slice(cut)); step++; setTimeout(next, 1); }, 1);
})();`;

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('metric files of a writer killed at random points', function () {
  this.timeout(60_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('never yields a torn line as a point, and keeps every complete one', async () => {
    dir = workspace({ 'mlops.yaml': spec({ writer: { command: [NODE, 'writer.js'] } }), 'writer.js': SLOW_WRITER });
    const { runner } = testRunner(dir);
    const next = random(42);
    for (let round = 0; round < 8; round++) {
      const { runId, runDir } = await runner.launch({ experiment: 'writer' });
      const follower = new SeriesFollower([{ dir: join(runDir, 'plots', 'metrics'), group: 'metrics' }]);
      const seen: number[] = [];
      const killAt = Date.now() + 80 + next() * 300;
      while (Date.now() < killAt) {
        for (const u of await follower.poll()) {
          for (const p of u.points) {
            seen.push(p.step);
            assert.equal(p.value, p.step * 0.25);
          }
        }
        await delay(next() * 15);
      }
      const record = await runner.ctx.store.getRun(runId);
      process.kill(-record!.pid!, 'SIGKILL');
      const ended = await runner.waitForEnd(runId);
      assert.equal(ended.status, 'killed');
      assert.equal(ended.signal, 'SIGKILL');
      for (const u of await follower.poll()) {
        for (const p of u.points) {
          seen.push(p.step);
          assert.equal(p.value, p.step * 0.25);
        }
      }
      assert.deepEqual(
        seen,
        seen.map((_, i) => i),
        `round ${round}: steps in order, none lost or repeated`,
      );
      const whole = new MetricTail(join(runDir, 'plots', 'metrics', 'loss.tsv'), 'loss');
      const batch = await whole.poll();
      assert.equal(batch.skipped, 0, 'no garbage line was read');
      assert.equal(batch.points.length, seen.length, 'a fresh reader sees exactly the complete lines');
    }
    await runner.close();
  });
});
