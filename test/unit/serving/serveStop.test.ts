import { strict as assert } from 'node:assert';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { lineageCommand } from '../../../src/cli/commands/lineage';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { FileRegistryStore, readAuditEvents } from '../../../src/core/registry';
import { storePaths } from '../../../src/core/store/layout';
import { cliContext } from '../cli/cliContext';
import { trainedChurnModel } from './helpers';
import { registerArtifact } from './registryFixture';

const REPO = resolve(__dirname, '..', '..', '..');
const CLI = ['-r', require.resolve('tsx/cjs'), join(REPO, 'src', 'cli', 'main.ts')];

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

describe('serving: mlops serve --stop from another process', function () {
  this.timeout(180_000);
  let ws: string;
  let serving: ChildProcess | null = null;

  before(async () => {
    const model = await trainedChurnModel();
    ws = mkdtempSync(join(tmpdir(), 'mlops-serve-stop-'));
    await registerArtifact(ws, 'churn', model.artifactDir);
  });
  after(() => {
    if (serving?.exitCode === null) serving.kill('SIGTERM');
    rmSync(ws, { recursive: true, force: true });
  });

  it('stops a deployment that a terminal mlops serve supervises: it stays down, that serve ends, lineage says stopped', async () => {
    const registry = new FileRegistryStore(ws);
    serving = spawn(process.execPath, [...CLI, 'serve', 'churn:1', '--name', 'live', '--workspace', ws], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    serving.stdout!.on('data', (c) => (output += c));
    serving.stderr!.on('data', (c) => (output += c));
    const servingExit = new Promise<number | null>((resolveExit) => serving!.once('exit', (code) => resolveExit(code)));
    const running = await until('the deployment to serve', async () => {
      const r = await registry.getDeployment('live');
      return r?.status === 'running' && r.pid ? r : null;
    });
    assert.equal((await fetch(`${running.url}/health`)).status, 200);

    const stop = await promisify(execFile)(process.execPath, [...CLI, 'serve', '--stop', 'live', '--workspace', ws]);
    assert.match(stop.stdout, /stopped live/);

    const ended = await Promise.race([servingExit, delay(60_000).then(() => 'still running after 60 s')]);
    assert.equal(ended, 0, output);
    assert.match(output, /live was stopped/);
    const record = await registry.getDeployment('live');
    assert.equal(record?.status, 'stopped');
    assert.equal(record?.pid, null);
    assert.equal(isSameProcess(running.pid!, null), false, 'the worker is gone');
    await assert.rejects(fetch(`${running.url}/health`), 'nothing answers on its port');
    const stops = (await readAuditEvents(storePaths(ws).audit)).filter(
      (e) => e.type === 'deployment.stop' || e.type === 'deployment.restart',
    );
    assert.deepEqual(
      stops.map((e) => e.type),
      ['deployment.stop'],
      'stopped once, never restarted',
    );

    const lineage = await lineageCommand.run(cliContext(lineageCommand, ws, ['churn:1']));
    assert.match(lineage.text!, /deployment live \(stopped\)/);
    assert.doesNotMatch(lineage.text!, new RegExp(running.url!.replace(/[.:/]/g, '\\$&')));
  });
});
