import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SweepController } from '../../../src/extension/sweeps/sweepController';
import { planSweep } from '../../../src/core/sweep/planSweep';
import { updateSweep, writeNewSweep } from '../../../src/core/sweep/sweepStore';
import type { RunId } from '../../../src/core/tracking/types';
import type { SweepToWebview } from '../../../src/protocol/webview/sweep';

describe('Sweep panel host: snapshot, then only the trials that changed', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sends a snapshot on ready, then the changed trial with the new best and importance', async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlops-sweep-panel-'));
    const record = planSweep({
      name: 'toy',
      params: {},
      metric: { name: 'loss', goal: 'minimize' },
      sweep: { method: 'random', trials: 3, space: { x: { uniform: [0, 1] }, opt: { values: ['a', 'b'] } } },
    });
    record.trialRecords = [0, 1].map((number) => ({
      number,
      runId: `r${number}` as RunId,
      params: { x: number / 2, opt: 'a' },
      status: 'completed' as const,
      value: number + 1,
      error: null,
    }));
    await writeNewSweep(dir, record);
    const sent: SweepToWebview[] = [];
    const controller = new SweepController(
      {
        workspace: dir,
        post: (m) => sent.push(m),
        openRun: () => undefined,
        stop: async () => undefined,
        canStop: () => true,
      },
      record.id,
    );
    await controller.refresh();
    assert.equal(sent.length, 0, 'nothing before the webview is ready');
    await controller.handle({ type: 'ready' });
    assert.equal(sent[0].type, 'snapshot');
    assert.equal(sent[0].type === 'snapshot' && sent[0].trials.length, 2);
    await controller.refresh();
    assert.equal(sent.length, 1, 'no message when nothing changed');

    await updateSweep(dir, record.id, (r) => {
      r.trialRecords.push({
        number: 2,
        runId: 'r2' as RunId,
        params: { x: 0.9, opt: 'b' },
        status: 'completed',
        value: 0.5,
        error: null,
      });
      r.best = { number: 2, runId: 'r2' as RunId, params: { x: 0.9, opt: 'b' }, value: 0.5 };
      return r;
    });
    await controller.refresh();
    const update = sent[1];
    assert.equal(update.type, 'trialsChanged');
    if (update.type !== 'trialsChanged') return;
    assert.deepEqual(
      update.trials.map((t) => t.number),
      [2],
    );
    assert.equal(update.header.best?.value, 0.5);
    assert.deepEqual(
      update.importance.params.map((p) => p.param),
      ['x', 'opt'],
    );
    assert.equal(update.canStop, true);
  });
});
