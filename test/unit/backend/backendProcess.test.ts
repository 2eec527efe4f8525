import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createBackendClient, type BackendClient } from '../../../src/backend/ipc/client';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { RunId } from '../../../src/core/tracking/types';
import type { BackendEvent, MetricPoint } from './protocolTypes';
import { NODE, REPO, removeWorkspace, spec, workspace } from './helpers';

function startBackend(dir: string): { child: ChildProcess; client: BackendClient; events: BackendEvent[] } {
  const child = fork(join(REPO, 'src', 'backend', 'main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MLOPS_BACKEND_WORKSPACE: dir },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const client = createBackendClient(child);
  const events: BackendEvent[] = [];
  client.onEvent((e) => events.push(e));
  return { child, client, events };
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await delay(25);
  }
}

/** Appends one metric line every 20 ms, then waits for a file named `go` before finishing (so tests can pause it). */
const WRITER = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, 'loss.tsv');
fs.writeFileSync(file, 'timestamp\\tstep\\tloss\\n');
const total = Number(process.argv[2]);
let step = 0;
const timer = setInterval(() => {
  fs.appendFileSync(file, Date.now() + '\\t' + step + '\\t' + (1 / (step + 1)) + '\\n');
  if (++step === total) { clearInterval(timer); waitGo(); }
}, 20);
function waitGo() { if (fs.existsSync('go')) { console.log('done'); process.exit(0); } setTimeout(waitGo, 20); }`;

describe('backend process over fork IPC', function () {
  this.timeout(60_000);
  let dir: string;
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    removeWorkspace(dir);
  });

  it("answers requests and streams a subscribed run's metric points incrementally, none lost or repeated", async () => {
    dir = workspace({ 'mlops.yaml': spec({ writer: { command: [NODE, 'writer.js', '40'] } }), 'writer.js': WRITER });
    const { child, client, events } = startBackend(dir);
    children.push(child);
    await client.ready;
    const ping = await client.request('ping', {});
    assert.equal(ping.pid, child.pid);
    const gpus = await client.request('gpus', {});
    assert.ok(Array.isArray(gpus.gpus));
    const launched = await client.request('launch', { experiment: 'writer' });
    assert.equal(launched.status, 'running');
    await delay(200);
    const sub = await client.request('subscribe', { runId: launched.runId });
    const fromSnapshot = sub.series.find((s) => s.name === 'loss')?.points ?? [];
    const points: MetricPoint[] = [...fromSnapshot];
    client.onEvent((e) => {
      if (e.type === 'metricPoints' && e.name === 'loss' && e.group === 'metrics') points.push(...e.points);
    });
    await until(() => (points.length >= 40 ? true : undefined));
    assert.deepEqual(
      points.map((p) => p.step),
      Array.from({ length: 40 }, (_, i) => i),
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'go'), '');
    await until(() =>
      events.find((e) => e.type === 'runStatus' && e.runId === launched.runId && e.status === 'completed'),
    );
    assert.ok(events.some((e) => e.type === 'runOutput' && e.text.includes('done')));
    await assert.rejects(client.request('stop', { runId: 'nope' as RunId }), /no run 'nope'/);
    await client.request('shutdown', {});
    await until(() => (child.exitCode !== null ? true : undefined));
    client.dispose();
  });

  it('leaves runs running when killed, and the next backend re-adopts them and records their end', async () => {
    dir = workspace({ 'mlops.yaml': spec({ writer: { command: [NODE, 'writer.js', '5'] } }), 'writer.js': WRITER });
    const first = startBackend(dir);
    children.push(first.child);
    await first.client.ready;
    const { runId } = await first.client.request('launch', { experiment: 'writer' });
    const store = new FileRunStore(dir);
    const running = await until(async () => {
      const r = await store.getRun(runId);
      return r?.pid ? r : undefined;
    });
    first.child.kill('SIGKILL');
    await until(() => (first.child.exitCode !== null || first.child.signalCode ? true : undefined));
    first.client.dispose();
    assert.ok(isSameProcess(running.pid!, running.pidStartTime), 'the run outlived its backend');

    const second = startBackend(dir);
    children.push(second.child);
    await second.client.ready;
    assert.equal((await store.getRun(runId))?.supervisor?.pid, second.child.pid, 'the new backend supervises the run');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'go'), '');
    await until(() =>
      second.events.find((e) => e.type === 'runStatus' && e.runId === runId && e.status === 'completed'),
    );
    const record = await store.getRun(runId);
    assert.equal(record?.status, 'completed');
    assert.equal(record?.exitCode, 0);
    second.child.disconnect();
    await until(() => (second.child.exitCode !== null ? true : undefined));
  });

  it('marks a run interrupted when its process died while no backend was watching', async () => {
    dir = workspace({ 'mlops.yaml': spec({ writer: { command: [NODE, 'writer.js', '5'] } }), 'writer.js': WRITER });
    const first = startBackend(dir);
    children.push(first.child);
    await first.client.ready;
    const { runId } = await first.client.request('launch', { experiment: 'writer' });
    const store = new FileRunStore(dir);
    const running = await until(async () => {
      const r = await store.getRun(runId);
      return r?.pid ? r : undefined;
    });
    const lossFile = join(store.runDir(runId), 'plots', 'metrics', 'loss.tsv');
    await until(() =>
      existsSync(lossFile) && readFileSync(lossFile, 'utf8').split('\n').length > 2 ? true : undefined,
    );
    first.child.kill('SIGKILL');
    process.kill(-running.pid!, 'SIGKILL');
    await until(() => (isSameProcess(running.pid!, running.pidStartTime) ? undefined : true));
    first.client.dispose();

    const second = startBackend(dir);
    children.push(second.child);
    await second.client.ready;
    const record = await store.getRun(runId);
    assert.equal(record?.status, 'interrupted');
    assert.ok(
      (await store.listRuns()).find((r) => r.id === runId)?.metrics.loss !== undefined,
      'what was logged is kept',
    );
    await second.client.request('shutdown', {});
  });
});
