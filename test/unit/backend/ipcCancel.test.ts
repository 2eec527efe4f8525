import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createBackendClient, type BackendClient } from '../../../src/backend/ipc/client';
import type { BackendEvent } from './protocolTypes';

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

describe('backend IPC: cancelling a request aborts its handler in the backend', function () {
  this.timeout(60_000);
  let out: string;
  let child: ChildProcess;
  let client: BackendClient;
  const events: BackendEvent[] = [];

  beforeEach(async () => {
    out = mkdtempSync(join(tmpdir(), 'mlops-ipc-cancel-'));
    child = fork(join(__dirname, 'slowHandlerServer.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MLOPS_TEST_OUT: out },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    client = createBackendClient(child);
    events.length = 0;
    client.onEvent((e) => events.push(e));
    await client.ready;
  });
  afterEach(() => {
    client.dispose();
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
  });

  const started = (name: string) =>
    until(`handler ${name} to start`, () => events.find((e) => e.type === 'log' && e.message === `started ${name}`));
  const abortedWith = (name: string) =>
    until(`handler ${name} to see its signal aborted`, () =>
      existsSync(join(out, `${name}.aborted`)) ? readFileSync(join(out, `${name}.aborted`), 'utf8') : undefined,
    );

  it("when the caller aborts its AbortSignal: the request rejects as cancelled and the handler's signal aborts", async () => {
    const controller = new AbortController();
    const pending = client.request('monitor.run', { name: 'a' }, { signal: controller.signal });
    await started('a');
    controller.abort();
    await assert.rejects(pending, /cancelled/);
    assert.match(await abortedWith('a'), /cancelled/);
    // The channel still answers, and only the cancelled handler was aborted.
    assert.equal((await client.request('ping', {})).pid, child.pid);
  });

  it('when the request times out', async () => {
    await assert.rejects(client.request('monitor.run', { name: 'b' }, { timeoutMs: 200 }), /timed out/);
    assert.match(await abortedWith('b'), /cancelled/);
  });

  it('when the extension goes away (the IPC channel disconnects) with requests in flight', async () => {
    const pending = client.request('monitor.run', { name: 'c' }).catch((err: Error) => err);
    await started('c');
    child.disconnect();
    assert.ok((await pending) instanceof Error);
    assert.match(await abortedWith('c'), /disconnected/);
  });
});
