/** Forks dist/backend.js the way the extension's BackendHost does, and talks to it over the same IPC client. */
import { fork, type ChildProcess } from 'node:child_process';
import { createBackendClient, type BackendClient } from '../../../src/backend/ipc/client';
import { BACKEND_ENV } from '../../../src/protocol/backend';
import { BACKEND } from './cli';

export interface ForkedBackend {
  child: ChildProcess;
  pid: number;
  client: BackendClient;
  exited: Promise<void>;
}

export async function forkBackend(workspace: string, env: NodeJS.ProcessEnv = process.env): Promise<ForkedBackend> {
  const child = fork(BACKEND, [], {
    cwd: workspace,
    env: { ...env, [BACKEND_ENV.workspace]: workspace, [BACKEND_ENV.pythonPath]: 'python3' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  child.stderr?.on(
    'data',
    (d: Buffer) => process.env.MLOPS_RELIABILITY_DEBUG && process.stderr.write(`[backend ${child.pid}] ${d}`),
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = createBackendClient(child);
  const ready = await Promise.race([client.ready, exited.then(() => null)]);
  if (!ready) throw new Error('the backend exited before it was ready');
  return { child, pid: child.pid!, client, exited };
}

/** Asks the backend to exit (runs keep going), killing it if it does not within a few seconds. */
export async function closeBackend(backend: ForkedBackend): Promise<void> {
  if (backend.child.exitCode !== null || backend.child.signalCode !== null) return;
  await backend.client.request('shutdown', { stopRuns: false }, { timeoutMs: 5000 }).catch(() => undefined);
  const gone = await Promise.race([
    backend.exited.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
  ]);
  if (!gone) backend.child.kill('SIGKILL');
  backend.client.dispose();
}
