import { strict as assert } from 'node:assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { RefreshManager } from '../../../src/extension/refreshManager';

describe('the refresh manager', () => {
  it('runs the job of every key in a burst, and a key scheduled again while its job runs runs again', async () => {
    const refresh = new RefreshManager(20);
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const firstRunning = new Promise<void>((resolve) => {
      refresh.schedule('run:0', async () => {
        ran.push('run:0');
        resolve();
        await new Promise<void>((r) => (release = r));
      });
    });
    await firstRunning;
    for (let i = 0; i < 500; i++) refresh.schedule(`run:${i}`, async () => void ran.push(`run:${i}`));
    release();
    await refresh.whenIdle();
    assert.equal(ran.length, 501);
    assert.deepEqual(new Set(ran).size, 500);
    refresh.dispose();
  });

  it('keeps running jobs while events never pause for its delay', async function () {
    this.timeout(60_000);
    const refresh = new RefreshManager(500);
    const ran = new Set<string>();
    let scheduled = 0;
    // Events arrive far more often than the delay, as from a run logging every few milliseconds.
    while (ran.size === 0 && scheduled < 2000) {
      const key = `run:${scheduled++}`;
      refresh.schedule(key, async () => void ran.add(key));
      await sleep(5);
    }
    const ranDuringStream = ran.size;
    await refresh.whenIdle();
    assert.ok(ranDuringStream > 0, `no job ran during ${scheduled} events`);
    assert.equal(ran.size, scheduled);
    refresh.dispose();
  });
});
