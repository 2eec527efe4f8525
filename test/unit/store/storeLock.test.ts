import { strict as assert } from 'node:assert';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { storePaths } from '../../../src/core/store/layout';
import { withStoreLock } from '../../../src/core/store/storeLock';
import { holdLockInChild } from '../../helpers/storeLockHolder';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('the store lock', () => {
  const ws = useTempDir();

  it('is taken over at once from a holder that was killed with SIGKILL, however fresh its lock looks', async function () {
    this.timeout(60_000);
    const child = await holdLockInChild(ws.path);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const lock = join(storePaths(ws.path).root, 'store.lock');
    assert.ok(existsSync(lock), 'the killed holder left its lock behind');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(lock, future, future);
    let ran = false;
    await withStoreLock(ws.path, async () => {
      ran = true;
    });
    assert.ok(ran);
    assert.ok(!existsSync(lock), 'released after use');
  });

  it('makes a writer wait while the holder is alive, and lets it in once the holder is gone', async function () {
    this.timeout(60_000);
    const child = await holdLockInChild(ws.path);
    let entered = false;
    const waiting = withStoreLock(ws.path, async () => {
      entered = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(entered, false, 'a live holder keeps the lock');
    child.kill('SIGKILL');
    await waiting;
    assert.equal(entered, true);
  });

  it("serialises this process's own writers and refuses a nested take instead of waiting on itself", async () => {
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        withStoreLock(ws.path, async () => {
          order.push(`${name}+`);
          await new Promise((r) => setTimeout(r, 5));
          order.push(`${name}-`);
        }),
      ),
    );
    assert.equal(order.length, 6);
    for (let i = 0; i < 6; i += 2)
      assert.equal(
        order[i + 1],
        order[i].replace('+', '-'),
        `no writer entered while ${order[i]} held the lock: ${order}`,
      );
    await assert.rejects(
      withStoreLock(ws.path, () => withStoreLock(ws.path, async () => 1)),
      /taken again by its holder/,
    );
  });
});
