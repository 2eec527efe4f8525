import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { patchRunRecordSync } from '../../../src/client/node/runRecordPatch';
import { withStoreLock } from '../../../src/core/store/storeLock';
import { holdLockInChild, killHard } from '../../helpers/storeLockHolder';
import { useTempDir } from '../../helpers/tempWorkspace';
import { nodeClientPath, startNode, startPython } from './clientProcess';

/** The logging clients take `.mlops/store.lock` as the runner does, so neither side waits on a dead holder. */
describe('logging clients and the store lock', function () {
  this.timeout(60_000);
  const ws = useTempDir();
  const lockPath = () => join(ws.path, '.mlops', 'store.lock');
  const runDir = () => join(ws.path, '.mlops', 'runs', 'r1');
  const record = () => JSON.parse(readFileSync(join(runDir(), 'run.json'), 'utf8')) as { name?: string };

  beforeEach(() => {
    mkdirSync(runDir(), { recursive: true });
    writeFileSync(join(runDir(), 'run.json'), JSON.stringify({ id: 'r1', status: 'running', tags: {} }));
  });

  /** Leaves the lock of a runner killed with -9, fresh-looking, so only its dead owner can tell that it is stale. */
  async function lockOfKilledRunner(): Promise<void> {
    await killHard(await holdLockInChild(ws.path));
    assert.ok(existsSync(lockPath()), 'the killed runner left its lock behind');
    const future = new Date(Date.now() + 3600_000);
    utimesSync(lockPath(), future, future);
  }

  const pythonPatch = (before = '') =>
    startPython(
      [
        'import time, mlops_workbench as m',
        'real_sleep = time.sleep',
        'said = []',
        'def sleep(s):',
        '    if not said: said.append(1); print("waiting", flush=True)',
        '    real_sleep(s)',
        'm.time.sleep = sleep',
        before,
        `m.Run(run_dir=${JSON.stringify(runDir())}, name="patched")`,
        'print("done", flush=True)',
      ].join('\n'),
      ws.path,
      { MLOPS_RUN_DIR: '', MLOPS_RUN_ID: '' },
    );

  it('Python: a lock left by a runner killed with -9 is broken at once, and the patch is written', async () => {
    await lockOfKilledRunner();
    const client = pythonPatch();
    await client.printed('done');
    assert.equal(record().name, 'patched');
    assert.ok(!existsSync(lockPath()), 'the client released the lock');
  });

  it('Node: a lock left by a runner killed with -9 is broken at once, and the patch is written', async () => {
    await lockOfKilledRunner();
    patchRunRecordSync(runDir(), { name: 'patched' });
    assert.equal(record().name, 'patched');
    assert.ok(!existsSync(lockPath()), 'the client released the lock');
  });

  it('Python: waits while a live runner holds the lock, and writes once that holder is gone', async () => {
    const holder = await holdLockInChild(ws.path);
    const events: string[] = [];
    const client = pythonPatch();
    await client.printed('waiting');
    events.push('client waiting');
    if (record().name === undefined) events.push('run.json untouched while the holder lives');
    await killHard(holder);
    events.push('holder killed');
    await client.printed('done');
    if (record().name === 'patched') events.push('run.json patched');
    assert.deepEqual(events, ['client waiting', 'run.json untouched while the holder lives', 'holder killed', 'run.json patched']);
  });

  it('Node: waits while a live runner holds the lock, and writes once that holder is gone', async () => {
    const holder = await holdLockInChild(ws.path);
    const events: string[] = [];
    const client = startNode(
      [
        `const { patchRunRecordSync } = require(${JSON.stringify(nodeClientPath.replace(/index\.ts$/, 'runRecordPatch.ts'))});`,
        'const wait = Atomics.wait; let said = false;',
        "Atomics.wait = (...args) => { if (!said) { said = true; process.stdout.write('waiting\\n'); } return wait(...args); };",
        `patchRunRecordSync(${JSON.stringify(runDir())}, { name: 'patched' });`,
        "process.stdout.write('done\\n');",
      ].join('\n'),
      {},
    );
    await client.printed('waiting');
    events.push('client waiting');
    if (record().name === undefined) events.push('run.json untouched while the holder lives');
    await killHard(holder);
    events.push('holder killed');
    await client.printed('done');
    if (record().name === 'patched') events.push('run.json patched');
    assert.deepEqual(events, ['client waiting', 'run.json untouched while the holder lives', 'holder killed', 'run.json patched']);
  });

  it('the runner breaks at once the lock of a Python client killed with -9 while holding it', async () => {
    const client = pythonPatch(
      ['def hold(path, text):', '    print("holding", flush=True)', '    real_sleep(3600)', 'm._write_atomic = hold'].join('\n'),
    );
    await client.printed('holding');
    const owner = JSON.parse(readFileSync(lockPath(), 'utf8')) as { pid: number };
    assert.equal(owner.pid, client.child.pid, 'the lock file names the Python client');
    await client.killHard();
    const future = new Date(Date.now() + 3600_000);
    utimesSync(lockPath(), future, future);
    let ran = false;
    await withStoreLock(ws.path, async () => {
      ran = true;
    });
    assert.ok(ran);
    assert.ok(!existsSync(lockPath()), 'released after use');
  });
});
