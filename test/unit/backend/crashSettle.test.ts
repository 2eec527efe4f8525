import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { spawnDetached } from '../../../src/backend/process/spawnDetached';
import { readQueue, updateQueue } from '../../../src/backend/queue/queueStore';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { readRunRecord } from '../../../src/core/tracking/runReader';
import type { RunId } from '../../../src/core/tracking/types';
import { NODE, REPO, removeWorkspace, spec, testRunner, waitForText, workspace } from './helpers';

const PYTHON = process.env.MLOPS_TEST_PYTHON ?? 'python3';

/** Logs 2000 points of `loss`, says so, then trains on for a while and exits 0. */
const TRAIN_PY = `import os, sys, time
d = os.path.join(os.environ['MLOPS_RUN_DIR'], 'plots', 'metrics')
os.makedirs(d, exist_ok=True)
with open(os.path.join(d, 'loss.tsv'), 'w') as f:
    f.write('timestamp\\tstep\\tloss\\n')
    for s in range(2000):
        f.write('%d\\t%d\\t%r\\n' % (int(time.time() * 1000), s, 1.0 / (s + 1)))
print('logged', flush=True)
time.sleep(float(sys.argv[1]))
`;

function cli(dir: string, args: string[]) {
  const child = spawn(NODE, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args, '--workspace', dir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, stdout: () => stdout };
}

/** A process reference that is certainly gone. */
async function deadProcess(): Promise<{ pid: number; startTime: number | null }> {
  const child = spawn(NODE, ['-e', '']);
  const pid = child.pid!;
  await new Promise((r) => child.on('exit', r));
  return { pid, startTime: 1 };
}

describe('run statuses after a crash of the process that watched them', function () {
  this.timeout(90_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('kill -9 of `mlops run` mid-run: the run still ends completed, timed by its exit status, once any reading command looks', async () => {
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [PYTHON, 'train.py', '1.5'] } }), 'train.py': TRAIN_PY });
    const run = cli(dir, ['run', 'train']);
    while (!/^run (\S+) started/m.test(run.stdout())) await delay(20);
    const runId = /^run (\S+) started/m.exec(run.stdout())![1];
    const runDir = new FileRunStore(dir).runDir(runId as RunId);
    await waitForText(join(runDir, 'log.txt'), 'logged', 30_000);
    run.child.kill('SIGKILL');
    await run.done;
    const exitFile = join(runDir, 'exit_status');
    while (!existsSync(exitFile)) await delay(50);
    await delay(1000);
    const runs = await cli(dir, ['runs', '--json']).done;
    assert.equal(runs.code, 0, runs.stderr);
    const row = (
      JSON.parse(runs.stdout) as Array<{
        id: string;
        status: string;
        exitCode: number | null;
        endedAt: string;
        step: number | null;
      }>
    ).find((r) => r.id === runId)!;
    assert.equal(row.status, 'completed', 'settled from exit_status by `mlops runs`');
    assert.equal(row.exitCode, 0);
    assert.equal(
      row.endedAt,
      statSync(exitFile).mtime.toISOString(),
      'the end is when the exit status was written, not when it was noticed',
    );
    assert.equal(row.step, 1999);
  });

  it('kill -9 of `mlops run` at chosen moments from launch to end: every run ends settled, with its exit status when it ran', async function () {
    this.timeout(180_000);
    dir = workspace({ 'mlops.yaml': spec({ train: { command: [PYTHON, 'train.py', '0.3'] } }), 'train.py': TRAIN_PY });
    const runsDir = join(dir, '.mlops', 'runs');
    const record = (id: string) => {
      try {
        return JSON.parse(readFileSync(join(runsDir, id, 'run.json'), 'utf8')) as {
          status: string;
          pid: number | null;
        };
      } catch {
        return undefined;
      }
    };
    const moments: Array<[string, (id: string) => boolean]> = [
      ['its folder exists', () => true],
      ['it is queued', (id) => record(id)?.status === 'queued'],
      ['it is marked running', (id) => record(id)?.status === 'running'],
      ['its pid is recorded', (id) => Boolean(record(id)?.pid)],
      [
        'its points are logged',
        (id) =>
          existsSync(join(runsDir, id, 'log.txt')) &&
          readFileSync(join(runsDir, id, 'log.txt'), 'utf8').includes('logged'),
      ],
      ['its command has ended', (id) => existsSync(join(runsDir, id, 'exit_status'))],
    ];
    for (const [, reached] of moments) {
      const before = new Set(existsSync(runsDir) ? readdirSync(runsDir) : []);
      const run = cli(dir, ['run', 'train']);
      let exited = false;
      void run.done.then(() => (exited = true));
      for (;;) {
        const id = (existsSync(runsDir) ? readdirSync(runsDir) : []).find(
          (name) => !before.has(name) && !name.startsWith('.'),
        );
        if (exited || (id && reached(id))) break;
        await delay(2);
      }
      run.child.kill('SIGKILL');
      await run.done;
    }
    const store = new FileRunStore(dir);
    // Wait until every command that did start has written its exit status.
    for (const id of existsSync(runsDir) ? readdirSync(runsDir) : []) {
      const read = await readRunRecord(join(runsDir, id));
      if (read.ok && read.record.pid) while (isSameProcess(read.record.pid, read.record.pidStartTime)) await delay(50);
    }
    const listed = await cli(dir, ['runs', '--json']).done;
    assert.equal(listed.code, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout) as Array<{
      id: string;
      status: string;
      exitCode: number | null;
      step: number | null;
      error?: string;
    }>;
    const folders = readdirSync(runsDir).filter((name) => !name.startsWith('.'));
    assert.deepEqual(rows.map((r) => r.id).sort(), folders.sort(), 'every run folder has its run.json');
    assert.ok(rows.length >= moments.length - 1, 'only a kill before the run folder was complete leaves no run');
    for (const row of rows) {
      const record = (await store.getRun(row.id as RunId))!;
      const exitFile = join(store.runDir(row.id as RunId), 'exit_status');
      if (existsSync(exitFile)) {
        assert.equal(
          record.status,
          'completed',
          `${row.id} has exit status ${readFileSync(exitFile, 'utf8').trim()} but is ${record.status}`,
        );
        assert.equal(row.step, 1999);
      } else {
        assert.equal(record.status, 'interrupted', `${row.id} never ran its command, yet is ${record.status}`);
        assert.match(record.error ?? '', /never (started|reached the queue)|left no exit status/);
      }
    }
    assert.deepEqual((await readQueue(dir)).items, []);
  });

  it('settles a run from its exit status even when its pid never reached run.json', async () => {
    dir = workspace({ 'mlops.yaml': spec({ ok: { command: [NODE, '-e', ''] } }) });
    const store = new FileRunStore(dir);
    const record = await store.createRun({
      experiment: 'ok',
      command: 'node',
      argv: [NODE],
      shell: false,
      cwd: dir,
      status: 'running',
    });
    await store.updateRun(record.id, { supervisor: await deadProcess(), pid: null });
    const exitFile = join(store.runDir(record.id), 'exit_status');
    writeFileSync(exitFile, '0\n');
    const endedAt = new Date(Date.now() - 60_000);
    utimesSync(exitFile, endedAt, endedAt);
    const { runner } = testRunner(dir, { role: 'cli' });
    await runner.recover();
    const settled = (await store.getRun(record.id))!;
    assert.equal(settled.status, 'completed');
    assert.equal(settled.exitCode, 0);
    assert.equal(settled.endedAt, endedAt.toISOString());
    await runner.close();
  });

  it('a run left `queued` outside the queue is settled by the next command, and `stop` cancels one instead of refusing', async () => {
    dir = workspace({ 'mlops.yaml': spec({ ok: { command: [NODE, '-e', ''] } }) });
    const store = new FileRunStore(dir);
    const lost = await store.createRun({
      experiment: 'ok',
      command: 'node',
      argv: [NODE],
      shell: false,
      cwd: dir,
      status: 'queued',
    });
    const stopped = await store.createRun({
      experiment: 'ok',
      command: 'node',
      argv: [NODE],
      shell: false,
      cwd: dir,
      status: 'queued',
    });
    const { runner } = testRunner(dir, { role: 'cli' });
    assert.equal((await runner.stop(stopped.id)).status, 'killed');
    await runner.recover();
    const settled = (await store.getRun(lost.id))!;
    assert.equal(settled.status, 'interrupted');
    assert.match(settled.error ?? '', /never reached the queue/);
    await runner.close();
  });

  it('creates a run and its queue entry in one locked step: no run is visible as queued before its queue entry', async () => {
    dir = workspace({ 'mlops.yaml': spec({ ok: { command: [NODE, '-e', ''] } }) });
    const { runner } = testRunner(dir, { role: 'cli' });
    const runsDir = join(dir, '.mlops', 'runs');
    const seen: string[] = [];
    let launching = true;
    const watcher = (async () => {
      while (launching) {
        // Under the store lock, as any other process would look.
        await updateQueue(dir, async (state) => {
          for (const id of existsSync(runsDir) ? readdirSync(runsDir) : []) {
            const read = await readRunRecord(join(runsDir, id));
            if (!read.ok) continue;
            const run = read.record;
            if (
              run.status === 'queued' &&
              !state.items.some((i) => i.runId === run.id) &&
              !state.active.some((a) => a.runId === run.id)
            )
              seen.push(run.id);
          }
        });
      }
    })();
    for (let i = 0; i < 10; i++) await runner.launch({ experiment: 'ok' }, { supervise: false });
    launching = false;
    await watcher;
    assert.deepEqual(seen, []);
    await runner.close();
  });

  it('the wrapper runs nothing until its pid is recorded, and nothing at all if its launcher dies first', async () => {
    dir = workspace({});
    const marker = join(dir, 'ran');
    const started = await spawnDetached({
      argv: ['/bin/sh', '-c', `echo x > '${marker}'`],
      cwd: dir,
      env: process.env,
      logPath: join(dir, 'a.log'),
      runDir: dir,
    });
    await delay(300);
    assert.equal(existsSync(marker), false, 'waits for the go');
    started.release();
    assert.equal((await started.exited).exitCode, 0);
    assert.ok(existsSync(marker));
    const orphan = await spawnDetached({
      argv: ['/bin/sh', '-c', `echo x > '${marker}2'`],
      cwd: dir,
      env: process.env,
      logPath: join(dir, 'b.log'),
      runDir: join(dir, 'b'),
    });
    orphan.child.stdin?.destroy();
    assert.equal((await orphan.exited).exitCode, 125);
    assert.equal(existsSync(`${marker}2`), false, 'never ran');
    assert.equal(readFileSync(join(dir, 'a.log'), 'utf8'), '');
  });
});
