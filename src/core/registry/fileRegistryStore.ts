import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { MlopsError } from '../errors';
import type { ModelRef } from '../spec/modelRef';
import { writeJsonAtomic } from '../store/atomicWrite';
import { storePaths } from '../store/layout';
import { withStoreLock } from '../store/storeLock';
import { appendAuditEvents, currentUser } from './auditLog';
import type { NewModelVersion, RegistryMutation, RegistryStore } from './registryStore';
import { aliasesOf, resolveModelRef } from './resolveModelRef';
import { applyRemoveAlias, applyTransition } from './transitions';
import {
  emptyRegistry,
  type AuditEvent,
  type AuditEventInit,
  type DeploymentRecord,
  type ModelVersion,
  type MonitorRecord,
  type RegisteredModel,
  type RegistryData,
  type TransitionRequest,
  type TransitionResult,
} from './types';

const MODEL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** lowdb adapter that reads strictly (a damaged file is an error, never an empty registry) and writes atomically. */
class RegistryFile implements Adapter<RegistryData> {
  constructor(private readonly path: string) {}

  async read(): Promise<RegistryData | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw damaged(this.path, `is not valid JSON (${(err as Error).message})`);
    }
    if (!isRegistryData(parsed))
      throw damaged(this.path, 'does not look like a registry (formatVersion 1 with models)');
    return { ...emptyRegistry(), ...parsed };
  }

  async write(data: RegistryData): Promise<void> {
    await writeJsonAtomic(this.path, data);
  }
}

function damaged(path: string, what: string): MlopsError {
  return new MlopsError(
    `${path} ${what}`,
    'io',
    'Restore it from version control or a backup; .mlops/audit.jsonl lists every change that led to it.',
  );
}

function isRegistryData(v: unknown): v is RegistryData {
  if (!v || typeof v !== 'object') return false;
  const d = v as RegistryData;
  return d.formatVersion === 1 && typeof d.models === 'object' && d.models !== null;
}

/** `.mlops/registry.json` (lowdb) with `.mlops/audit.jsonl` beside it; every write holds the store lock. */
export class FileRegistryStore implements RegistryStore {
  private readonly paths;

  constructor(readonly workspace: string) {
    this.paths = storePaths(workspace);
  }

  async read(): Promise<RegistryData> {
    const db = new Low<RegistryData>(new RegistryFile(this.paths.registry), emptyRegistry());
    await db.read();
    return db.data;
  }

  async listModels(): Promise<RegisteredModel[]> {
    const data = await this.read();
    return Object.values(data.models).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getModel(name: string): Promise<RegisteredModel | undefined> {
    return (await this.read()).models[name];
  }

  async listVersions(model?: string): Promise<ModelVersion[]> {
    const models = await this.listModels();
    return models.filter((m) => model === undefined || m.name === model).flatMap((m) => m.versions);
  }

  async getVersion(model: string, version: number): Promise<ModelVersion | undefined> {
    return (await this.getModel(model))?.versions.find((v) => v.version === version);
  }

  async aliasesOf(version: Pick<ModelVersion, 'model' | 'version'>): Promise<string[]> {
    const model = await this.getModel(version.model);
    return model ? aliasesOf(model, version.version) : [];
  }

  async resolve(ref: string | ModelRef): Promise<ModelVersion> {
    return resolveModelRef(await this.read(), ref);
  }

  async registerVersion(init: NewModelVersion): Promise<ModelVersion> {
    if (!MODEL_NAME.test(init.model)) {
      throw new MlopsError(
        `'${init.model}' is not a valid model name`,
        'bad-input',
        'Use letters, digits, _ . - (e.g. churn).',
      );
    }
    return this.mutate((data) => {
      const now = new Date().toISOString();
      const user = init.createdBy ?? currentUser();
      const model = (data.models[init.model] ??= {
        name: init.model,
        createdAt: now,
        createdBy: user,
        aliases: {},
        versions: [],
      });
      const next = model.versions.reduce((max, v) => Math.max(max, v.version), 0) + 1;
      const version: ModelVersion = { ...init, version: next, stage: null, createdAt: now, createdBy: user };
      model.versions.push(version);
      const audit: AuditEventInit = {
        type: 'register',
        model: init.model,
        version: next,
        user,
        details: {
          runId: init.runId,
          experiment: init.experiment,
          artifact: init.artifact.path,
          sha256: init.artifact.sha256,
          metrics: init.metrics,
        },
      };
      return { result: version, audit: [audit] };
    });
  }

  async transition(request: TransitionRequest): Promise<TransitionResult> {
    let events: AuditEvent[] = [];
    const result = await this.mutateWithEvents(
      (data) => applyTransition(data, request, { now: new Date().toISOString(), user: request.user ?? currentUser() }),
      (appended) => (events = appended),
    );
    return { ...result, events };
  }

  async removeAlias(model: string, alias: string, user?: string): Promise<void> {
    await this.mutate((data) => ({
      result: undefined,
      audit: applyRemoveAlias(data, model, alias, user ?? currentUser()),
    }));
  }

  async listDeployments(): Promise<DeploymentRecord[]> {
    return Object.values((await this.read()).deployments);
  }

  async getDeployment(id: string): Promise<DeploymentRecord | undefined> {
    return (await this.read()).deployments[id];
  }

  async putDeployment(record: DeploymentRecord, audit: AuditEventInit[] = []): Promise<DeploymentRecord> {
    return this.mutate((data) => {
      data.deployments[record.id] = record;
      return { result: record, audit };
    });
  }

  async removeDeployment(id: string, audit: AuditEventInit[] = []): Promise<void> {
    await this.mutate((data) => {
      delete data.deployments[id];
      return { result: undefined, audit };
    });
  }

  async listMonitors(): Promise<MonitorRecord[]> {
    return Object.values((await this.read()).monitors);
  }

  async getMonitor(name: string): Promise<MonitorRecord | undefined> {
    return (await this.read()).monitors[name];
  }

  async putMonitor(record: MonitorRecord, audit: AuditEventInit[] = []): Promise<MonitorRecord> {
    return this.mutate((data) => {
      data.monitors[record.name] = record;
      return { result: record, audit };
    });
  }

  async removeMonitor(name: string, audit: AuditEventInit[] = []): Promise<void> {
    await this.mutate((data) => {
      delete data.monitors[name];
      return { result: undefined, audit };
    });
  }

  async appendAudit(events: AuditEventInit[]): Promise<AuditEvent[]> {
    let appended: AuditEvent[] = [];
    await this.mutateWithEvents(
      () => ({ result: undefined, audit: events }),
      (e) => (appended = e),
    );
    return appended;
  }

  mutate<T>(fn: RegistryMutation<T>): Promise<T> {
    return this.mutateWithEvents(fn, () => undefined);
  }

  /**
   * Read, change, audit, write, all under the store lock. The audit lines go first: a crash between the two
   * writes leaves a logged change that did not happen (verify reports lines past the recorded head), never an
   * unlogged change.
   */
  private mutateWithEvents<T>(fn: RegistryMutation<T>, onEvents: (events: AuditEvent[]) => void): Promise<T> {
    return withStoreLock(this.workspace, async () => {
      const db = new Low<RegistryData>(new RegistryFile(this.paths.registry), emptyRegistry());
      await db.read();
      const { result, audit } = await fn(db.data);
      const { events, head } = await appendAuditEvents(this.paths.audit, audit);
      if (head) db.data.auditHead = head;
      await db.write();
      onEvents(events);
      return result;
    });
  }
}
