import { strict as assert } from 'node:assert';
import { setTimeout as delay } from 'node:timers/promises';
import { BackendService } from '../../../src/backend/service/backendService';
import { readSweep, updateSweep } from '../../../src/core/sweep/sweepStore';
import type { BackendEvent } from '../../../src/protocol/backend';
import { FAST, NODE, removeWorkspace, workspace } from './helpers';

const TRAIN = `
const fs = require('fs'); const path = require('path');
const p = JSON.parse(process.env.MLOPS_PARAMS || '{}');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics'); fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'loss.tsv'); fs.writeFileSync(file, 'timestamp\\tstep\\tloss\\n');
let step = 0;
const tick = () => { fs.appendFileSync(file, Date.now() + '\\t' + step + '\\t' + (p.x + 1 / (step + 1)) + '\\n'); if (++step < 8) setTimeout(tick, 40); };
tick();
`;

describe('backend: sweeps', function () {
  this.timeout(120_000);
  let dir = '';
  afterEach(() => {
    if (dir) removeWorkspace(dir);
  });

  it('drives a sweep started by request, and the next backend resumes one its predecessor left running', async () => {
    dir = workspace({
      'train.js': TRAIN,
      'mlops.yaml': [
        'experiments:',
        '  toy:',
        `    command: ${JSON.stringify([NODE, 'train.js'])}`,
        '    params: {x: 0}',
        '    metric: {name: loss, goal: minimize}',
        '    sweep: {method: random, trials: 5, seed: 2, space: {x: {uniform: [0, 1]}}}',
        '',
      ].join('\n'),
    });
    const events: BackendEvent[] = [];
    const first = await BackendService.start({
      workspace: dir,
      timing: FAST,
      captureLineage: false,
      emit: (e) => events.push(e),
    });
    const { sweepId, trials } = await first.handlers['sweep.start']({ experiment: 'toy' }, {
      signal: new AbortController().signal,
    } as never);
    assert.equal(trials, 5);
    for (let i = 0; i < 400; i++) {
      const r = await readSweep(dir, sweepId);
      if (r && r.trialRecords.filter((t) => t.status === 'completed').length >= 2) break;
      await delay(50);
    }
    await first.close();
    const left = (await readSweep(dir, sweepId))!;
    assert.equal(left.status, 'running');
    assert.ok(
      left.trialRecords.length < 5,
      `the first backend stopped driving after ${left.trialRecords.length} trials`,
    );
    assert.ok(events.some((e) => e.type === 'sweepChanged' && e.sweepId === sweepId));

    // Its owner is this (live) test process: a new backend in another process would see it gone. Hand it over.
    await updateSweep(dir, sweepId, (r) => ({ ...r, owner: { pid: 2 ** 22 + 1, startTime: 1 } }));
    const second = await BackendService.start({
      workspace: dir,
      timing: FAST,
      captureLineage: false,
      emit: () => undefined,
    });
    try {
      let done = left;
      for (let i = 0; i < 600 && done.status === 'running'; i++) {
        await delay(50);
        done = (await readSweep(dir, sweepId))!;
      }
      assert.equal(done.status, 'completed');
      assert.equal(done.trialRecords.length, 5);
      assert.deepEqual(
        done.trialRecords.slice(0, 2).map((t) => t.runId),
        left.trialRecords.slice(0, 2).map((t) => t.runId),
      );
      assert.ok(
        done.trialRecords.every((t) => t.status === 'completed'),
        JSON.stringify(done.trialRecords.map((t) => t.status)),
      );
    } finally {
      await second.close();
    }
  });
});
