import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createBackendClient } from '../../../src/backend/ipc/client';
import { ServingService } from '../../../src/backend/monitoring/servingService';
import { CancelledError } from '../../../src/core/errors';
import { readHistory } from '../../../src/core/monitor/monitorFiles';
import { FileRegistryStore, type RegistryStore } from '../../../src/core/registry';
import { REPO, removeWorkspace, testRunner, workspace } from './helpers';

const SPEC = `experiments:
  train: {command: [node, -e, "0"]}
models:
  churn: {experiment: train}
monitors:
  live: {model: churn@production, reference: ref.csv, current: cur.csv}
`;

/** Two numeric tables of `rows` rows and `columns` columns, the current one shifted so a finished check finds drift. */
function tables(rows: number, columns: number): Record<string, string> {
  const header = Array.from({ length: columns }, (_, c) => `x${c}`).join(',');
  const body = (shift: number) => {
    const lines = [header];
    for (let r = 0; r < rows; r++)
      lines.push(Array.from({ length: columns }, (_, c) => ((r * 7919 + c * 104729) % 1000) / 10 + shift).join(','));
    return `${lines.join('\n')}\n`;
  };
  return { 'ref.csv': body(0), 'cur.csv': body(25) };
}

/** The registry, with a hook run when a check first asks it something (the check is under way by then). */
function registryWithHook(real: RegistryStore, onResolve: () => void): RegistryStore {
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'resolve') {
        return (...args: unknown[]) => {
          onResolve();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

describe('monitor.run stops its work when its request is cancelled', function () {
  this.timeout(120_000);
  let dir: string;
  afterEach(() => removeWorkspace(dir));

  it('the handler rejects as cancelled mid-check and records no check; an uncancelled one records it', async () => {
    dir = workspace({ 'mlops.yaml': SPEC, ...tables(2000, 20) });
    const controller = new AbortController();
    const registry = registryWithHook(new FileRegistryStore(dir), () => controller.abort());
    const { runner } = testRunner(dir);
    const service = new ServingService({ workspace: dir, runner, emit: () => undefined, registry });
    try {
      await assert.rejects(
        service.handlers['monitor.run']({ name: 'live' }, { signal: controller.signal }),
        CancelledError,
      );
      assert.deepEqual(await readHistory(dir, 'live'), [], 'the cancelled check was recorded');
      assert.equal(await registry.getMonitor('live'), undefined);

      const done = await service.handlers['monitor.run']({ name: 'live' }, { signal: new AbortController().signal });
      assert.equal(done.check.status, 'drift');
      assert.equal((await readHistory(dir, 'live')).length, 1);
    } finally {
      await service.close();
      await runner.close();
    }
  });

  it('over the real backend process: a cancelled monitor.run leaves no check behind, the next one is recorded', async () => {
    // Large enough (200,000 rows × 10 columns) that the check is still reading when the cancel arrives.
    dir = workspace({ 'mlops.yaml': SPEC, ...tables(200_000, 10) });
    const child: ChildProcess = fork(join(REPO, 'src', 'backend', 'main.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MLOPS_BACKEND_WORKSPACE: dir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const client = createBackendClient(child);
    try {
      await client.ready;
      const controller = new AbortController();
      const cancelled = client.request(
        'monitor.run',
        { name: 'live' },
        { signal: controller.signal, timeoutMs: 120_000 },
      );
      controller.abort();
      await assert.rejects(cancelled, /cancelled/);
      // Checks run one at a time, so this one starts only once the cancelled one has stopped.
      const done = await client.request('monitor.run', { name: 'live' }, { timeoutMs: 120_000 });
      assert.equal(done.check.status, 'drift');
      const history = await readHistory(dir, 'live');
      assert.deepEqual(
        history.map((c) => c.at),
        [done.check.at],
        'the cancelled check was recorded too',
      );
    } finally {
      client.dispose();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
