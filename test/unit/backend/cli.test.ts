import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import { NODE, REPO, removeWorkspace, spec, workspace } from './helpers';

function mlops(
  dir: string,
  args: string[],
): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; interrupt(): void; stdout(): string } {
  const child = spawn(NODE, ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args, '--workspace', dir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return {
    done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr }))),
    interrupt: () => child.kill('SIGINT'),
    stdout: () => stdout,
  };
}

describe('mlops run / stop / queue', function () {
  this.timeout(60_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('run prints the run id and folder, streams the log, and exits 0 on completion and 1 on failure', async () => {
    dir = workspace({
      'mlops.yaml': spec({
        ok: { command: [NODE, '-e', 'console.log("hello from the run")'] },
        bad: { command: [NODE, '-e', 'console.log("oops"); process.exit(4)'] },
      }),
    });
    const ok = await mlops(dir, ['run', 'ok']).done;
    assert.equal(ok.code, 0, ok.stderr);
    const runId = /^run (\S+) started/m.exec(ok.stdout)?.[1];
    assert.ok(runId, ok.stdout);
    assert.match(ok.stdout, /hello from the run/);
    assert.match(ok.stdout, new RegExp(`metrics: .*${runId}/plots/metrics`));
    const bad = await mlops(dir, ['run', 'bad', '--json']).done;
    assert.equal(bad.code, 1);
    const doc = JSON.parse(bad.stdout);
    assert.equal(doc.status, 'failed');
    assert.equal(doc.exitCode, 4);
    assert.deepEqual(doc.logTail, ['oops']);
  });

  it('Ctrl-C stops the run; --detach returns at once; queue lists; stop ends a detached run', async () => {
    dir = workspace({
      'mlops.yaml': spec({ long: { command: [NODE, '-e', 'console.log("running"); setInterval(() => {}, 1000)'] } }),
    });
    const fg = mlops(dir, ['run', 'long']);
    for (let i = 0; i < 1000 && !fg.stdout().includes('running'); i++) await delay(20);
    fg.interrupt();
    const stopped = await fg.done;
    assert.equal(stopped.code, 1);
    assert.match(stopped.stdout, /killed/);

    const detached = await mlops(dir, ['run', 'long', '--detach', '--json']).done;
    assert.equal(detached.code, 0, detached.stderr);
    const { runId, status } = JSON.parse(detached.stdout);
    assert.equal(status, 'running');
    const store = new FileRunStore(dir);
    assert.equal((await store.getRun(runId))?.status, 'running', 'the run outlives the CLI');

    const queued = await mlops(dir, ['run', 'long', '--detach', '--json']).done;
    assert.equal(JSON.parse(queued.stdout).status, 'queued', 'concurrency 1: the second waits');
    const list = await mlops(dir, ['queue', 'list', '--json']).done;
    const queue = JSON.parse(list.stdout);
    assert.deepEqual(
      queue.active.map((a: { runId: string }) => a.runId),
      [runId],
    );
    assert.equal(queue.items.length, 1);

    const stop = await mlops(dir, ['stop', runId]).done;
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`run ${runId} killed`));
    assert.equal((await store.getRun(runId))?.status, 'killed');
    const cancel = await mlops(dir, ['queue', 'cancel', JSON.parse(queued.stdout).runId]).done;
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, /The queue is empty/);
    assert.ok(existsSync(join(store.runDir(runId), 'log.txt')));
    assert.match(readFileSync(join(store.runDir(runId), 'log.txt'), 'utf8'), /running/);
  });
});
