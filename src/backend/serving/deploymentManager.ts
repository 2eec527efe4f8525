/**
 * Starts, stops and lists deployments. Each deployment is a serving worker process (serveMain.ts) supervised
 * here; its record in the registry follows the supervisor's state, and starts, stops, restarts and failures are
 * audited. Deployments started by another process (a terminal's `mlops serve`) are listed and can be stopped
 * through their recorded pid.
 */
import { join } from 'node:path';
import { MlopsError, errorMessage } from '../../core/errors';
import { deploymentDir, SERVE_LOG_FILE } from '../../core/monitor/deploymentFiles';
import type { AuditEventInit, DeploymentRecord, DeploymentStatus, RegistryStore } from '../../core/registry';
import { isSameProcess } from '../process/procfs';
import { terminateGroup } from '../process/terminateGroup';
import { commandArgv, planDeployment, type DeploymentPlan } from './deploymentPlan';
import { freeLoopbackPort } from './freePort';
import { LOOPBACK } from './predictionServer';
import { ProcessSupervisor, type SupervisedState, type SupervisorTiming } from './processSupervisor';
import { liveStats, type LiveStats } from './liveStats';
import type { WorkerConfig } from './workerConfig';
import { workerArgv, workerEnv } from './workerLaunch';

export interface DeploymentManagerOptions {
  workspace: string;
  registry: RegistryStore;
  timing?: Partial<SupervisorTiming>;
  /** Called after every change of a deployment's record. */
  onChange?: (record: DeploymentRecord) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Worker settings (limits, log rotation) for every deployment started here. */
  worker?: Pick<WorkerConfig, 'maxBodyBytes' | 'maxRows' | 'logMaxBytes'>;
}

export interface StartRequest {
  model: string;
  port?: number;
  name?: string;
}

export type DeploymentWithStats = DeploymentRecord & { stats: LiveStats | null };

const ACTIVE: ReadonlySet<DeploymentStatus> = new Set(['starting', 'running', 'restarting', 'stopping']);

export class DeploymentManager {
  private readonly supervised = new Map<string, ProcessSupervisor>();
  private readonly stopWaiters = new Map<string, Array<(record: DeploymentRecord) => void>>();
  /** State changes are written in the order they happened. */
  private updates: Promise<void> = Promise.resolve();

  constructor(private readonly options: DeploymentManagerOptions) {}

  async start(request: StartRequest): Promise<DeploymentRecord> {
    const { registry, workspace } = this.options;
    const plan = await planDeployment(workspace, registry, request.model, request.name);
    const existing = await registry.getDeployment(plan.id);
    if (this.supervised.has(plan.id) || (existing && ACTIVE.has(existing.status) && workerAlive(existing))) {
      throw new MlopsError(
        `deployment '${plan.id}' is already running${existing?.url ? ` at ${existing.url}` : ''}`,
        'conflict',
        'Stop it first, or start this one under another name.',
      );
    }
    const port = request.port ?? (await freeLoopbackPort());
    const url = `http://${LOOPBACK}:${port}`;
    const config = await this.workerConfig(plan, port);
    let record: DeploymentRecord = {
      id: plan.id,
      model: plan.version.model,
      version: plan.version.version,
      ref: plan.ref,
      kind: plan.kind,
      status: 'starting',
      url,
      host: LOOPBACK,
      port,
      pid: null,
      startedAt: new Date().toISOString(),
      stoppedAt: null,
      restarts: 0,
      error: null,
      details: {
        artifact: plan.version.artifact.path,
        ...(config.command ? { command: config.command.argv, commandPort: config.command.port } : {}),
      },
    };
    await this.put(record);
    const dir = deploymentDir(workspace, plan.id);
    const supervisor = new ProcessSupervisor({
      argv: workerArgv(),
      cwd: workspace,
      env: workerEnv(config),
      logPath: join(dir, SERVE_LOG_FILE),
      healthUrl: `${url}/health`,
      pidFile: join(dir, 'worker.pid'),
      timing: this.options.timing,
      shouldRestart: async () => !(await registry.getDeployment(plan.id))?.stopRequestedAt,
      onState: (state, info) => {
        this.updates = this.updates.then(() => this.onState(plan.id, state, info));
      },
    });
    this.supervised.set(plan.id, supervisor);
    try {
      await supervisor.start();
      await this.updates;
    } catch (err) {
      this.supervised.delete(plan.id);
      record = {
        ...record,
        status: 'failed',
        pid: null,
        error: errorMessage(err),
        stoppedAt: new Date().toISOString(),
      };
      await this.put(record, [
        {
          type: 'deployment.fail',
          model: record.model,
          version: record.version,
          details: { id: record.id, error: record.error },
        },
      ]);
      throw err;
    }
    record = {
      ...record,
      status: 'running',
      pid: supervisor.pid,
      details: { ...record.details, supervisorPid: process.pid },
    };
    await this.put(record, [
      {
        type: 'deployment.start',
        model: record.model,
        version: record.version,
        details: { id: record.id, url, kind: record.kind, ref: record.ref },
      },
    ]);
    this.options.log?.('info', `deployment ${record.id} serves ${record.model}:${record.version} at ${url}`);
    return record;
  }

  async stop(id: string, reason = 'stopped'): Promise<DeploymentRecord> {
    const record = await this.options.registry.getDeployment(id);
    if (!record)
      throw new MlopsError(
        `no deployment '${id}'`,
        'not-found',
        'List them with `mlops serve --list` or the Monitors view.',
      );
    const supervisor = this.supervised.get(id);
    this.supervised.delete(id);
    const stopRequestedAt = new Date().toISOString();
    if (supervisor) await supervisor.stop();
    else if (ACTIVE.has(record.status)) {
      // Supervised elsewhere (a terminal's `mlops serve`, the extension's backend): that supervisor reads this
      // request before any restart and stands down, so the worker killed here stays down.
      await this.put({ ...record, status: 'stopping', stopRequestedAt });
      if (record.pid) await terminateGroup(record.pid, { graceMs: 5000 });
    }
    const stopped: DeploymentRecord = {
      ...record,
      status: 'stopped',
      pid: null,
      stoppedAt: new Date().toISOString(),
      stopRequestedAt,
    };
    const wasActive = ACTIVE.has(record.status);
    await this.put(
      stopped,
      wasActive
        ? [{ type: 'deployment.stop', model: record.model, version: record.version, details: { id, reason } }]
        : [],
    );
    return stopped;
  }

  async restart(id: string): Promise<DeploymentRecord> {
    const supervisor = this.supervised.get(id);
    if (supervisor) {
      await supervisor.restart();
      await this.updates;
      return (await this.options.registry.getDeployment(id))!;
    }
    const record = await this.options.registry.getDeployment(id);
    if (!record) throw new MlopsError(`no deployment '${id}'`, 'not-found');
    if (ACTIVE.has(record.status)) await this.stop(id, 'restart');
    return this.start({ model: record.ref, port: record.port ?? undefined, name: id });
  }

  /** Every recorded deployment; running ones with live request counts and latency from their /metrics. */
  async list(): Promise<DeploymentWithStats[]> {
    const records = await this.options.registry.listDeployments();
    return Promise.all(
      records.map(async (r) => {
        const active = ACTIVE.has(r.status) && (this.supervised.has(r.id) || workerAlive(r));
        const shown: DeploymentRecord = ACTIVE.has(r.status) && !active ? { ...r, status: 'stopped', pid: null } : r;
        return { ...shown, stats: active && r.url ? await liveStats(r.url) : null };
      }),
    );
  }

  /** Stops every deployment supervised by this process. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.supervised.keys()].map((id) =>
        this.stop(id, 'backend closed').catch((err) =>
          this.options.log?.('warn', `stopping ${id}: ${errorMessage(err)}`),
        ),
      ),
    );
  }

  private async workerConfig(plan: DeploymentPlan, port: number): Promise<WorkerConfig> {
    const base: WorkerConfig = {
      workspace: this.options.workspace,
      deployment: plan.id,
      model: plan.version.model,
      version: plan.version.version,
      artifactDir: plan.artifactDir,
      port,
      kind: plan.kind,
      ...this.options.worker,
    };
    if (!plan.serve) return base;
    const commandPort = plan.serve.port ?? (await freeLoopbackPort());
    return {
      ...base,
      command: {
        argv: commandArgv(plan.serve.command ?? []),
        port: commandPort,
        health: plan.serve.health ?? '/health',
        cwd: this.options.workspace,
      },
    };
  }

  /** Resolves when a deployment supervised here is stopped from another process (`mlops serve --stop`). */
  stoppedElsewhere(id: string): Promise<DeploymentRecord> {
    return new Promise((resolve) => this.stopWaiters.set(id, [...(this.stopWaiters.get(id) ?? []), resolve]));
  }

  private async onState(
    id: string,
    state: SupervisedState,
    info: { pid: number | null; restarts: number; error: string | null },
  ): Promise<void> {
    if (state === 'stopped' && this.supervised.has(id)) return this.onStoppedElsewhere(id);
    if (!this.supervised.has(id) || state === 'starting' || state === 'stopped') return;
    const record = await this.options.registry.getDeployment(id);
    if (!record) return;
    const audit: AuditEventInit[] = [];
    if (state === 'running' && info.restarts > record.restarts) {
      audit.push({
        type: 'deployment.restart',
        model: record.model,
        version: record.version,
        details: { id, restarts: info.restarts, after: record.error },
      });
    }
    if (state === 'failed')
      audit.push({
        type: 'deployment.fail',
        model: record.model,
        version: record.version,
        details: { id, error: info.error },
      });
    const status: DeploymentStatus = state;
    const restarts = state === 'running' ? info.restarts : record.restarts;
    await this.put(
      { ...record, status, pid: info.pid, restarts, error: state === 'running' ? null : (info.error ?? record.error) },
      audit,
    ).catch((err) => this.options.log?.('error', `deployment ${id}: ${errorMessage(err)}`));
    if (state === 'failed') this.supervised.delete(id);
  }

  /** The process that asked for the stop records it and audits it; here the record only loses its worker. */
  private async onStoppedElsewhere(id: string): Promise<void> {
    this.supervised.delete(id);
    const record = await this.options.registry.getDeployment(id);
    if (!record) return;
    const stopped: DeploymentRecord =
      record.status === 'stopped'
        ? record
        : { ...record, status: 'stopped', pid: null, stoppedAt: new Date().toISOString() };
    if (stopped !== record)
      await this.put(stopped).catch((err) => this.options.log?.('error', `deployment ${id}: ${errorMessage(err)}`));
    this.options.log?.('info', `deployment ${id} was stopped from another process`);
    for (const resolve of this.stopWaiters.get(id) ?? []) resolve(stopped);
    this.stopWaiters.delete(id);
  }

  private async put(record: DeploymentRecord, audit: AuditEventInit[] = []): Promise<void> {
    await this.options.registry.putDeployment(record, audit);
    this.options.onChange?.(record);
  }
}

function workerAlive(record: DeploymentRecord): boolean {
  return record.pid !== null && isSameProcess(record.pid, null);
}
