import type { ModelRef } from '../spec/modelRef';
import type {
  AuditEvent,
  AuditEventInit,
  DeploymentRecord,
  ModelVersion,
  MonitorRecord,
  RegisteredModel,
  RegistryData,
  TransitionRequest,
  TransitionResult,
} from './types';

/** A version as registration computes it; the store assigns the number, the time and the stage. */
export type NewModelVersion = Omit<
  ModelVersion,
  'version' | 'createdAt' | 'stage' | 'stageChangedAt' | 'stageChangedBy' | 'createdBy'
> & {
  createdBy?: string;
};

/** A change to registry.json made under the store lock, with the audit events that record it. */
export type RegistryMutation<T> = (
  data: RegistryData,
) => { result: T; audit: AuditEventInit[] } | Promise<{ result: T; audit: AuditEventInit[] }>;

/**
 * Where models, versions, stages, aliases, deployments and monitors are kept. The file store
 * (`.mlops/registry.json` + `.mlops/audit.jsonl`) is the only implementation today; a remote registry is a
 * second implementation of this interface. Every write runs under the store lock and appends its audit events.
 */
export interface RegistryStore {
  readonly workspace: string;
  /** A snapshot of the whole registry (read without the lock: the file is replaced atomically). */
  read(): Promise<RegistryData>;
  listModels(): Promise<RegisteredModel[]>;
  getModel(name: string): Promise<RegisteredModel | undefined>;
  /** Versions of one model, or of every model; ascending by model then version. */
  listVersions(model?: string): Promise<ModelVersion[]>;
  getVersion(model: string, version: number): Promise<ModelVersion | undefined>;
  /** Aliases held by a version. */
  aliasesOf(version: Pick<ModelVersion, 'model' | 'version'>): Promise<string[]>;
  /** `name` (highest version), `name@alias` / `name@stage`, `name:version`; MlopsError 'not-found' otherwise. */
  resolve(ref: string | ModelRef): Promise<ModelVersion>;

  /** Adds the next version of a model (creating the model on first use) and audits `register`. */
  registerVersion(init: NewModelVersion): Promise<ModelVersion>;
  /** Moves a version to a stage or alias; entering production archives the previous production version. */
  transition(request: TransitionRequest): Promise<TransitionResult>;
  /** Frees an alias (audited as `alias` with `to: null`). */
  removeAlias(model: string, alias: string, user?: string): Promise<void>;

  listDeployments(): Promise<DeploymentRecord[]>;
  getDeployment(id: string): Promise<DeploymentRecord | undefined>;
  /** Inserts or replaces a deployment; `audit` events (e.g. deployment.start) are appended in the same locked step. */
  putDeployment(record: DeploymentRecord, audit?: AuditEventInit[]): Promise<DeploymentRecord>;
  removeDeployment(id: string, audit?: AuditEventInit[]): Promise<void>;

  listMonitors(): Promise<MonitorRecord[]>;
  getMonitor(name: string): Promise<MonitorRecord | undefined>;
  putMonitor(record: MonitorRecord, audit?: AuditEventInit[]): Promise<MonitorRecord>;
  removeMonitor(name: string, audit?: AuditEventInit[]): Promise<void>;

  /** Appends audit events without changing anything else (e.g. a retraining run queued). */
  appendAudit(events: AuditEventInit[]): Promise<AuditEvent[]>;
  /** Any other change: `fn` edits the data in place under the lock and names the audit events that record it. */
  mutate<T>(fn: RegistryMutation<T>): Promise<T>;
}
