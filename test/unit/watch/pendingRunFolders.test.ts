import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunId } from '../../../src/core/tracking/types';
import { PendingRunFolders } from '../../../src/extension/pendingRunFolders';
import { useTempDir } from '../../helpers/tempWorkspace';

describe('pending run folders', () => {
  const ws = useTempDir();

  it('drops a folder whose run.json never comes once its time is up, without reporting it', async function () {
    this.timeout(30_000);
    const ready: string[] = [];
    const pending = new PendingRunFolders(
      (id) => join(ws.path, id),
      (id) => ready.push(id),
      { recheckMs: 20, giveUpMs: 200 },
    );
    const id = 'never-recorded' as RunId;
    mkdirSync(join(ws.path, id));
    pending.add(id);
    assert.equal(pending.size, 1);
    for (let i = 0; i < 500 && pending.size > 0; i++) await sleep(20);
    assert.equal(pending.size, 0);
    assert.deepEqual(ready, []);
    pending.dispose();
  });
});
