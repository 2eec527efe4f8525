import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyClaims,
  chooseClaims,
  emptyQueue,
  markRunNow,
  moveItem,
  type QueueState,
} from '../../../src/backend/queue/queueState';
import { readQueue } from '../../../src/backend/queue/queueStore';
import type { RunId } from '../../../src/core/tracking/types';
import { fakeNvidiaSmi, NODE, prependPath, removeWorkspace, spec, testRunner, workspace } from './helpers';

const id = (s: string) => s as RunId;
const item = (runId: string, gpus = 0) => ({ runId: id(runId), experiment: 'e', gpus, enqueuedAt: '', display: '' });

describe('run queue', function () {
  this.timeout(30_000);

  describe('ordering and claims (pure)', () => {
    it('starts runs in order up to the concurrency limit', () => {
      const state: QueueState = { ...emptyQueue(), concurrency: 2, items: [item('a'), item('b'), item('c')] };
      const claims = chooseClaims(state, []);
      assert.deepEqual(
        claims.map((c) => c.item.runId),
        ['a', 'b'],
      );
      applyClaims(state, claims, { pid: 1, startTime: 1 });
      assert.deepEqual(
        state.items.map((i) => i.runId),
        ['c'],
      );
      assert.deepEqual(chooseClaims(state, []), []);
    });

    it('reorders and lets run-now pass the concurrency limit', () => {
      const state: QueueState = { ...emptyQueue(), items: [item('a'), item('b'), item('c')] };
      moveItem(state, id('c'), 0);
      assert.deepEqual(
        state.items.map((i) => i.runId),
        ['c', 'a', 'b'],
      );
      state.active.push({
        runId: id('x'),
        experiment: 'e',
        gpus: [],
        startedAt: '',
        claimedBy: { pid: 1, startTime: 1 },
      });
      assert.deepEqual(chooseClaims(state, []), []);
      markRunNow(state, id('b'));
      assert.deepEqual(
        chooseClaims(state, []).map((c) => c.item.runId),
        ['b'],
      );
    });

    it('gives GPUs exclusively, makes later GPU runs wait their turn, and lets CPU runs through', () => {
      const state: QueueState = {
        ...emptyQueue(),
        concurrency: 8,
        items: [item('one', 1), item('two', 2), item('three', 1), item('cpu')],
      };
      const claims = chooseClaims(state, [0, 1]);
      assert.deepEqual(
        claims.map((c) => [c.item.runId, c.gpus]),
        [
          ['one', [0]],
          ['cpu', []],
        ],
      );
      state.allowGpuSharing = true;
      assert.deepEqual(
        chooseClaims(state, [0, 1]).map((c) => [c.item.runId, c.gpus]),
        [
          ['one', [0]],
          ['two', [0, 1]],
          ['three', [1]],
          ['cpu', []],
        ],
      );
    });
  });

  describe('with real runs', () => {
    let dir: string;
    let restorePath: (() => void) | undefined;
    afterEach(() => {
      restorePath?.();
      restorePath = undefined;
      removeWorkspace(dir);
    });

    it('keeps queued runs in .mlops/queue.json across runner restarts and runs them in order', async () => {
      dir = workspace({
        'mlops.yaml': spec({ step: { command: [NODE, 'step.js', '${params.name}'], params: { name: 'x' } } }),
        'step.js': `require('fs').appendFileSync('order.txt', process.argv[2] + '\\n'); setTimeout(() => {}, 200);`,
      });
      const blocker = testRunner(dir);
      await blocker.runner.setConcurrency(1);
      const names = ['a', 'b', 'c'];
      const hold = workspaceHold(dir);
      const held = await blocker.runner.launch({ experiment: hold });
      assert.equal(held.status, 'running');
      const queued = [];
      for (const name of names)
        queued.push(await blocker.runner.launch({ experiment: 'step', overrides: [`name=${name}`] }));
      assert.deepEqual(
        queued.map((q) => q.status),
        ['queued', 'queued', 'queued'],
      );
      assert.deepEqual(
        queued.map((q) => q.position),
        [0, 1, 2],
      );
      await blocker.runner.reorder(queued[2].runId, 0);
      await blocker.runner.close();

      const persisted = await readQueue(dir);
      assert.deepEqual(
        persisted.items.map((i) => i.runId),
        [queued[2].runId, queued[0].runId, queued[1].runId],
      );

      const next = testRunner(dir);
      await next.runner.recover();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'go'), '');
      for (const q of queued) assert.equal((await next.runner.waitForEnd(q.runId)).status, 'completed');
      assert.equal(readFileSync(join(dir, 'order.txt'), 'utf8'), 'c\na\nb\n');
      await next.runner.close();
    });

    it('cancels a queued run: it leaves the queue and is recorded as killed', async () => {
      dir = workspace({ 'mlops.yaml': spec({ quick: { command: [NODE, '-e', '0'] } }) });
      const { runner } = testRunner(dir);
      const hold = workspaceHold(dir);
      const held = await runner.launch({ experiment: hold });
      const queued = await runner.launch({ experiment: 'quick' });
      assert.equal(queued.status, 'queued');
      const snapshot = await runner.cancel(queued.runId);
      assert.equal(snapshot.items.length, 0);
      assert.equal((await runner.ctx.store.getRun(queued.runId))?.status, 'killed');
      await runner.stop(held.runId);
      await runner.close();
    });

    it('runs two 1-GPU runs one after the other on a 1-GPU machine, each with CUDA_VISIBLE_DEVICES', async () => {
      restorePath = prependPath(fakeNvidiaSmi(1));
      dir = workspace({
        'mlops.yaml': spec({ gpu: { command: [NODE, 'gpu.js'], gpus: 1 } }),
        'gpu.js': `const fs = require('fs');
fs.appendFileSync('gpu.log', 'start ' + process.env.MLOPS_RUN_ID + ' ' + process.env.CUDA_VISIBLE_DEVICES + '\\n');
setTimeout(() => fs.appendFileSync('gpu.log', 'end ' + process.env.MLOPS_RUN_ID + '\\n'), 300);`,
      });
      const { runner } = testRunner(dir);
      await runner.setConcurrency(4);
      const a = await runner.launch({ experiment: 'gpu' });
      const b = await runner.launch({ experiment: 'gpu' });
      assert.equal(a.status, 'running');
      assert.equal(b.status, 'queued', 'the second run waits for the GPU even though concurrency allows 4');
      assert.equal((await runner.waitForEnd(a.runId)).status, 'completed');
      assert.equal((await runner.waitForEnd(b.runId)).status, 'completed');
      const log = readFileSync(join(dir, 'gpu.log'), 'utf8').trim().split('\n');
      assert.deepEqual(log, [`start ${a.runId} 0`, `end ${a.runId}`, `start ${b.runId} 0`, `end ${b.runId}`]);
      assert.deepEqual((await runner.ctx.store.getRun(b.runId))?.gpus, [0]);
      await runner.close();
    });

    it('refuses an experiment that asks for more GPUs than the machine has', async () => {
      restorePath = prependPath(fakeNvidiaSmi(0));
      dir = workspace({ 'mlops.yaml': spec({ big: { command: [NODE, '-e', '0'], gpus: 2 } }) });
      const { runner } = testRunner(dir);
      await assert.rejects(runner.launch({ experiment: 'big' }), /asks for 2 GPUs but this machine has none/);
      await runner.close();
    });
  });
});

/** Adds an experiment that runs until a file named `go` appears; returns its name. */
function workspaceHold(dir: string): string {
  const { appendFileSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  writeFileSync(
    join(dir, 'hold.js'),
    `const fs = require('fs'); console.log('holding'); (function wait() { if (fs.existsSync('go')) process.exit(0); setTimeout(wait, 20); })();`,
  );
  appendFileSync(join(dir, 'mlops.yaml'), `  hold:\n    command: ${JSON.stringify([NODE, 'hold.js'])}\n`);
  return 'hold';
}
