/**
 * Keeps one serving process alive: starts it in its own process group, waits until its health URL answers 200,
 * checks it on an interval, and restarts it with exponential backoff when it exits or stops answering. The whole
 * group is killed before a restart, so a child the process left behind cannot hold the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { MlopsError } from '../../core/errors';
import { writeJsonAtomicSync } from '../../core/store/atomicWrite';
import { processStartTime } from '../process/procfs';
import { terminateGroup } from '../process/terminateGroup';

export type SupervisedState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

export interface SupervisorOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  logPath: string;
  healthUrl: string;
  /**
   * Where the process's pid is recorded. A process left running by a supervisor that died (its group survived
   * it) is stopped before the first start here.
   */
  pidFile?: string;
  timing?: Partial<SupervisorTiming>;
  /**
   * Asked before every restart: false means the process was stopped on purpose (by another process) and must
   * stay down; the supervisor then stops as if `stop()` had been called.
   */
  shouldRestart?: () => Promise<boolean>;
  onState?: (state: SupervisedState, info: { pid: number | null; restarts: number; error: string | null }) => void;
}

export interface SupervisorTiming {
  /** How long a start may take to answer its health check. */
  startTimeoutMs: number;
  healthEveryMs: number;
  healthTimeoutMs: number;
  /** Consecutive failed health checks that count as a hang. */
  healthFailures: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** Running this long resets the backoff. */
  stableMs: number;
  /** Failed starts in a row after which it gives up. */
  maxFailedStarts: number;
  stopGraceMs: number;
}

export const DEFAULT_SUPERVISOR_TIMING: SupervisorTiming = {
  startTimeoutMs: 60_000,
  healthEveryMs: 5_000,
  healthTimeoutMs: 3_000,
  healthFailures: 3,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
  stableMs: 60_000,
  maxFailedStarts: 8,
  stopGraceMs: 5_000,
};

export async function checkHealth(url: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status === 200 ? null : `health check answered ${res.status}`;
  } catch (err) {
    return `health check failed: ${(err as Error).message}`;
  }
}

export class ProcessSupervisor {
  private readonly timing: SupervisorTiming;
  private child: ChildProcess | null = null;
  private startTime: number | null = null;
  private stopping = false;
  private restarts = 0;
  private failedStarts = 0;
  private loop: Promise<void> | null = null;
  private wake: AbortController = new AbortController();
  state: SupervisedState = 'stopped';
  lastError: string | null = null;
  /** Callbacks for state changes; each returns true once it is done waiting. */
  private waiters: Array<(state: SupervisedState) => boolean> = [];

  constructor(private readonly options: SupervisorOptions) {
    this.timing = { ...DEFAULT_SUPERVISOR_TIMING, ...options.timing };
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get restartCount(): number {
    return this.restarts;
  }

  /** Starts the process; resolves once it is healthy, rejects when the first start fails. */
  async start(): Promise<void> {
    if (this.loop) throw new MlopsError('this process is already supervised', 'conflict');
    this.stopping = false;
    await this.stopLeftover();
    const firstStart = await this.launchOnce();
    if (firstStart) {
      await this.killGroup();
      this.setState('failed', firstStart);
      throw new MlopsError(`the serving process did not start: ${firstStart}`, 'io', `See ${this.options.logPath}.`);
    }
    this.loop = this.watch();
  }

  /**
   * Kills the process now and starts it again (counts as a restart); resolves once it is healthy again, rejects
   * when the supervisor gives up on it.
   */
  async restart(): Promise<void> {
    if (!this.child) return;
    const settled = this.nextState(['running', 'failed', 'stopped']);
    await this.killGroup();
    const state = await settled;
    if (state === 'failed')
      throw new MlopsError(
        `the serving process did not come back: ${this.lastError ?? 'no reason recorded'}`,
        'io',
        `See ${this.options.logPath}.`,
      );
  }

  /** Resolves with the next state among `states` that the supervisor enters. */
  private nextState(states: SupervisedState[]): Promise<SupervisedState> {
    return new Promise((resolve) => {
      const waiter = (state: SupervisedState) => {
        if (!states.includes(state)) return false;
        resolve(state);
        return true;
      };
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.abort();
    await this.killGroup();
    await this.loop?.catch(() => undefined);
    this.loop = null;
    if (this.options.pidFile) rmSync(this.options.pidFile, { force: true });
    this.setState('stopped', null);
  }

  /** Spawns and waits for health; returns null when healthy, else why it is not. */
  private async launchOnce(): Promise<string | null> {
    this.setState(this.restarts === 0 && this.failedStarts === 0 ? 'starting' : 'restarting', this.lastError);
    const child = this.spawnChild();
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`)),
    );
    const deadline = Date.now() + this.timing.startTimeoutMs;
    while (Date.now() < deadline) {
      const early = await Promise.race([exited, delay(100).then(() => null)]);
      if (early) return early;
      if ((await checkHealth(this.options.healthUrl, this.timing.healthTimeoutMs)) === null) {
        this.setState('running', null);
        return null;
      }
    }
    return `no healthy answer from ${this.options.healthUrl} within ${this.timing.startTimeoutMs} ms`;
  }

  private spawnChild(): ChildProcess {
    mkdirSync(dirname(this.options.logPath), { recursive: true });
    const fd = openSync(this.options.logPath, 'a');
    try {
      const [file, ...args] = this.options.argv;
      const child = spawn(file, args, {
        cwd: this.options.cwd,
        env: this.options.env,
        detached: true,
        stdio: ['ignore', fd, fd],
        windowsHide: true,
      });
      child.on('error', () => undefined);
      this.child = child;
      this.startTime = child.pid ? processStartTime(child.pid) : null;
      if (this.options.pidFile && child.pid)
        writeJsonAtomicSync(this.options.pidFile, { pid: child.pid, startTime: this.startTime });
      return child;
    } finally {
      closeSync(fd);
    }
  }

  /** Waits for an exit or a hang, then restarts with backoff, until stopped or out of attempts. */
  private async watch(): Promise<void> {
    for (;;) {
      const since = Date.now();
      const why = await this.untilDown();
      if (this.stopping) return;
      if (await this.stopRequested()) return;
      if (Date.now() - since >= this.timing.stableMs) this.failedStarts = 0;
      await this.killGroup();
      this.lastError = why;
      for (;;) {
        const backoff = Math.min(this.timing.backoffMaxMs, this.timing.backoffInitialMs * 2 ** this.failedStarts);
        this.setState('restarting', why);
        await delay(backoff, undefined, { signal: this.wake.signal }).catch(() => undefined);
        if (this.stopping || (await this.stopRequested())) return;
        this.restarts++;
        const failed = await this.launchOnce();
        if (this.stopping) return;
        if (!failed) break;
        await this.killGroup();
        this.lastError = failed;
        if (++this.failedStarts >= this.timing.maxFailedStarts) {
          this.setState('failed', `gave up after ${this.failedStarts} failed restarts: ${failed}`);
          return;
        }
      }
    }
  }

  /** Stops for good (and says so) when the process was stopped on purpose from outside. */
  private async stopRequested(): Promise<boolean> {
    const restart = await (this.options.shouldRestart?.() ?? Promise.resolve(true)).catch(() => true);
    if (restart || this.stopping) return false;
    this.stopping = true;
    await this.killGroup();
    if (this.options.pidFile) rmSync(this.options.pidFile, { force: true });
    this.setState('stopped', null);
    return true;
  }

  private async untilDown(): Promise<string> {
    const child = this.child!;
    const exited = new Promise<string>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null)
        resolve(`exited with ${child.signalCode ?? `code ${child.exitCode}`}`);
      else child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    });
    let failures = 0;
    for (;;) {
      const tick = delay(this.timing.healthEveryMs, null, { signal: this.wake.signal }).catch(() => null);
      const ended = await Promise.race([exited, tick]);
      if (ended) return ended;
      if (this.stopping) return 'stopped';
      const problem = await checkHealth(this.options.healthUrl, this.timing.healthTimeoutMs);
      failures = problem ? failures + 1 : 0;
      if (failures >= this.timing.healthFailures) return `unhealthy: ${problem}`;
    }
  }

  private async stopLeftover(): Promise<void> {
    if (!this.options.pidFile) return;
    let recorded: { pid?: unknown; startTime?: unknown };
    try {
      recorded = JSON.parse(readFileSync(this.options.pidFile, 'utf8'));
    } catch {
      return;
    }
    if (typeof recorded.pid === 'number' && typeof recorded.startTime === 'number') {
      await terminateGroup(recorded.pid, { graceMs: this.timing.stopGraceMs, startTime: recorded.startTime });
    }
  }

  private async killGroup(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const alive = child.exitCode === null && child.signalCode === null;
    if (alive) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await terminateGroup(child.pid, { graceMs: this.timing.stopGraceMs, startTime: this.startTime });
      await Promise.race([exited, delay(this.timing.stopGraceMs)]);
    }
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already empty
    }
  }

  private setState(state: SupervisedState, error: string | null): void {
    this.state = state;
    if (error !== null || state === 'running' || state === 'stopped') this.lastError = error;
    this.options.onState?.(state, { pid: this.pid, restarts: this.restarts, error });
    this.waiters = this.waiters.filter((waiter) => !waiter(state));
  }
}
