import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { NODE, removeWorkspace, spec, testRunner, waitForText, workspace } from './helpers';

describe('backend run lifecycle', function () {
  this.timeout(30_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('runs a command to completion with the logging environment, and records its output and exit code', async () => {
    dir = workspace({
      'mlops.yaml': spec({ hello: { command: [NODE, 'hello.js', '--lr', '${params.lr}'], params: { lr: 0.1 } } }),
      'hello.js': `console.log('args', process.argv.slice(2).join(' '));
console.log('env', process.env.MLOPS_RUN_ID, process.env.MLOPS_PARAMS);
console.error('dir-ok', process.env.MLOPS_RUN_DIR.endsWith(process.env.MLOPS_RUN_ID));`,
    });
    const { runner, events } = testRunner(dir);
    const launched = await runner.launch({ experiment: 'hello', overrides: ['lr=0.5'] });
    assert.equal(launched.status, 'running');
    const record = await runner.waitForEnd(launched.runId);
    assert.equal(record.status, 'completed');
    assert.equal(record.exitCode, 0);
    assert.ok(record.pid && record.pid > 0);
    const log = readFileSync(join(launched.runDir, 'log.txt'), 'utf8');
    assert.match(log, /args --lr 0.5/);
    assert.match(log, new RegExp(`env ${launched.runId} \\{"lr":0.5\\}`));
    assert.match(log, /dir-ok true/);
    const statuses = events.filter((e) => e.type === 'runStatus').map((e) => e.type === 'runStatus' && e.status);
    assert.deepEqual(statuses, ['queued', 'running', 'completed']);
    const output = events.flatMap((e) => (e.type === 'runOutput' ? [e.text] : [])).join('');
    assert.match(output, /args --lr 0.5/);
    await runner.close();
  });

  it('records a non-zero exit as failed and offers the last 50 log lines', async () => {
    dir = workspace({
      'mlops.yaml': spec({ broken: { command: [NODE, 'broken.js'] } }),
      'broken.js': `for (let i = 0; i < 80; i++) console.log('line ' + i);\nprocess.exit(3);`,
    });
    const { runner, events } = testRunner(dir);
    const { runId } = await runner.launch({ experiment: 'broken' });
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'failed');
    assert.equal(record.exitCode, 3);
    assert.equal(record.error, 'exited with code 3');
    const failed = events.find((e) => e.type === 'runStatus' && e.status === 'failed');
    assert.ok(failed && failed.type === 'runStatus' && failed.logTail);
    assert.equal(failed.logTail.length, 50);
    assert.equal(failed.logTail[49], 'line 79');
    assert.equal(failed.logTail[0], 'line 30');
    await runner.close();
  });

  it('fails a command that is not on PATH with a message naming it', async () => {
    dir = workspace({ 'mlops.yaml': spec({ typo: { command: ['pythn', 'train.py'] } }) });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'typo' });
    const record = await runner.waitForEnd(runId);
    assert.equal(record.status, 'failed');
    assert.equal(record.error, 'command `pythn` not found; is it on PATH?');
    assert.match(readFileSync(join(runDir, 'log.txt'), 'utf8'), /pythn` not found/);
    await runner.close();
  });

  it('runs a string command through the shell', async () => {
    dir = workspace({
      'mlops.yaml': spec({
        sh: { command: 'echo one && echo two ${params.x} | tr a-z A-Z', params: { x: 'it works' } },
      }),
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'sh' });
    assert.equal((await runner.waitForEnd(runId)).status, 'completed');
    assert.match(readFileSync(join(runDir, 'log.txt'), 'utf8'), /one\nTWO IT WORKS/);
    await runner.close();
  });

  it('stops a run with SIGTERM to its process group', async () => {
    dir = workspace({
      'mlops.yaml': spec({ long: { command: [NODE, 'long.js'] } }),
      'long.js': `console.log('started'); setInterval(() => {}, 1000);`,
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'long' });
    await waitForText(join(runDir, 'log.txt'), 'started');
    const record = await runner.stop(runId);
    assert.equal(record.status, 'killed');
    assert.equal(record.signal, 'SIGTERM');
    assert.ok(record.stopRequestedAt);
    await runner.close();
  });

  it('sends SIGKILL after the grace period to a process that ignores SIGTERM, grandchildren included', async () => {
    dir = workspace({
      'mlops.yaml': spec({ stubborn: { command: [NODE, 'stubborn.js'] } }),
      'stubborn.js': `const { spawn } = require('child_process');
process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log('grandchild', child.pid);
setInterval(() => {}, 1000);`,
    });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'stubborn' });
    const text = await waitForText(join(runDir, 'log.txt'), 'grandchild');
    const grandchild = Number(/grandchild (\d+)/.exec(text)![1]);
    assert.ok(isSameProcess(grandchild, null));
    const record = await runner.stop(runId);
    assert.equal(record.status, 'killed');
    assert.equal(record.signal, 'SIGKILL');
    assert.match(readFileSync(join(runDir, 'log.txt'), 'utf8'), /ignoring SIGTERM/);
    for (let i = 0; i < 50 && isSameProcess(grandchild, null); i++) await delay(20);
    assert.equal(isSameProcess(grandchild, null), false, 'the grandchild was killed with its group');
    await runner.close();
  });

  it('writes the exit status file that a later backend reads', async () => {
    dir = workspace({ 'mlops.yaml': spec({ ok: { command: [NODE, '-e', 'process.exit(0)'] } }) });
    const { runner } = testRunner(dir);
    const { runId, runDir } = await runner.launch({ experiment: 'ok' });
    await runner.waitForEnd(runId);
    assert.ok(existsSync(join(runDir, 'exit_status')));
    assert.equal(readFileSync(join(runDir, 'exit_status'), 'utf8'), '0\n');
    await runner.close();
  });
});
