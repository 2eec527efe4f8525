import * as vscode from 'vscode';
import { fork, type ChildProcess } from 'node:child_process';
import { createBackendClient, type BackendClient } from '../backend/ipc/client';
import { BACKEND_ENV, type BackendEvent, type BackendMethod, type ParamsOf, type ResultOf } from '../protocol/backend';
import { assertTrusted } from './trust';

/**
 * Owns the forked backend process (dist/backend.js). It starts on first use, never during activation and never in
 * an untrusted workspace, and is started again after a crash. Training processes survive a backend restart.
 */
export class BackendHost implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private client: BackendClient | undefined;
  private starting: Promise<BackendClient> | undefined;
  private readonly events = new vscode.EventEmitter<BackendEvent>();
  readonly onEvent = this.events.event;
  private disposed = false;

  constructor(
    private readonly backendScript: string,
    private readonly workspace: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get started(): boolean {
    return this.client !== undefined;
  }

  async request<M extends BackendMethod>(
    method: M,
    params: ParamsOf<M>,
    options?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<ResultOf<M>> {
    const client = await this.ensureStarted();
    return client.request(method, params, options);
  }

  ensureStarted(): Promise<BackendClient> {
    if (this.client) return Promise.resolve(this.client);
    try {
      assertTrusted('Starting the MLOps backend');
    } catch (err) {
      return Promise.reject(err);
    }
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<BackendClient> {
    const pythonPath = vscode.workspace.getConfiguration('mlops').get<string>('pythonPath', 'python3');
    const concurrency = vscode.workspace.getConfiguration('mlops').get<number>('maxConcurrentRuns', 1);
    const child = fork(this.backendScript, [], {
      cwd: this.workspace,
      env: { ...process.env, [BACKEND_ENV.workspace]: this.workspace, [BACKEND_ENV.pythonPath]: pythonPath },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', (d: Buffer) => this.log.debug(`[backend] ${d.toString().trimEnd()}`));
    child.stderr?.on('data', (d: Buffer) => this.log.warn(`[backend] ${d.toString().trimEnd()}`));
    const client = createBackendClient(child);
    client.onEvent((event) => {
      if (event.type === 'log') this.log[event.level](`[backend] ${event.message}`);
      this.events.fire(event);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      this.client?.dispose();
      this.client = undefined;
      if (!this.disposed)
        this.log.warn(
          `backend exited (code ${code}, signal ${signal}); it restarts on the next request and finds running runs again`,
        );
    });
    this.child = child;
    const ready = await client.ready;
    this.log.info(`backend started (pid ${child.pid}) for ${ready.workspace}`);
    await client
      .request('queue.setConcurrency', { concurrency })
      .catch((err: Error) => this.log.warn(`could not set concurrency ${concurrency}: ${err.message}`));
    this.client = client;
    return client;
  }

  /** Pushes the concurrency setting to a running backend (a new backend reads it when it starts). */
  async applyConcurrencySetting(): Promise<void> {
    if (!this.client) return;
    const concurrency = vscode.workspace.getConfiguration('mlops').get<number>('maxConcurrentRuns', 1);
    await this.client.request('queue.setConcurrency', { concurrency });
  }

  dispose(): void {
    this.disposed = true;
    const client = this.client;
    const child = this.child;
    this.client = undefined;
    this.child = undefined;
    if (client && child?.connected) {
      void client
        .request('shutdown', { stopRuns: false }, { timeoutMs: 2000 })
        .catch(() => undefined)
        .finally(() => {
          client.dispose();
          if (child.exitCode === null) child.kill();
        });
    } else child?.kill();
    this.events.dispose();
  }
}
