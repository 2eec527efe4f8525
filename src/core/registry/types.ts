/**
 * The model registry's records, as kept in `.mlops/registry.json` (see docs/DESIGN.md, "On-disk layout").
 * Deployments and monitors live in the same file so one lock and one atomic write cover a change to any of them.
 */
import type { RunId } from '../tracking/types';

export const STAGES = ['staging', 'production', 'archived'] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(text: string): text is Stage {
  return (STAGES as readonly string[]).includes(text);
}

/** Names a stage or alias cannot take because `name@<word>` already means something else. */
export const RESERVED_ALIASES: ReadonlySet<string> = new Set([...STAGES, 'latest']);

/** One file of a registered artifact (path relative to the artifact root, posix). */
export interface ArtifactFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ArtifactRecord {
  /** Workspace-relative posix path, e.g. `.mlops/runs/<id>/artifacts/model`. */
  path: string;
  /** The same path relative to the run folder, e.g. `artifacts/model`. */
  runPath: string;
  kind: 'file' | 'dir';
  /** A file's sha256, or a folder's manifest hash (sha256sum lines, as lineage hashes folders). */
  sha256: string;
  bytes: number;
  files: ArtifactFile[];
  /** `mlops-tfjs-model` when the folder is a tfjs artifact (mlops-model.json present). */
  format: string | null;
}

/** The artifact's input schema (schema.json of a tfjs artifact, or any JSON the run saved there). */
export type ModelSchema = Record<string, unknown>;

export interface ModelVersion {
  model: string;
  version: number;
  runId: RunId;
  /** The experiment the run came from. */
  experiment: string;
  artifact: ArtifactRecord;
  /** Latest run metrics at registration, flattened with dots (`val.accuracy`). */
  metrics: Record<string, number>;
  schema: ModelSchema | null;
  /** Data the run read, as recorded in run.json: the model card's "data versions". */
  data: Array<{ path: string; sha256: string; bytes: number }>;
  /** The run's commit and whether its tree was dirty; null outside git. */
  git: { commit: string | null; dirty: boolean } | null;
  /** null until the version is moved to a stage. */
  stage: Stage | null;
  createdAt: string;
  createdBy: string;
  description?: string;
  /** When and by whom the stage last changed. */
  stageChangedAt?: string;
  stageChangedBy?: string;
}

export interface RegisteredModel {
  name: string;
  createdAt: string;
  createdBy: string;
  /** Free aliases (`champion`, `challenger`…) → the one version holding each. */
  aliases: Record<string, number>;
  /** Ascending by version. */
  versions: ModelVersion[];
}

export const DEPLOYMENT_STATUSES = ['starting', 'running', 'stopping', 'stopped', 'failed', 'restarting'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** A served model version (filled by the serving module). */
export interface DeploymentRecord {
  /** Unique deployment name, also the folder under `.mlops/deployments/<id>/`. */
  id: string;
  model: string;
  version: number;
  /** The reference it was started from (`churn@production`). */
  ref: string;
  kind: 'tfjs' | 'command';
  status: DeploymentStatus;
  url: string | null;
  host: string;
  port: number | null;
  pid: number | null;
  startedAt: string | null;
  stoppedAt: string | null;
  restarts: number;
  error: string | null;
  /** Set when someone asked to stop it: its supervisor, wherever it runs, stops instead of restarting it. */
  stopRequestedAt?: string | null;
  /** Serving-specific extras (command line, limits…): whatever the serving module needs to restart it. */
  details?: Record<string, unknown>;
}

export const MONITOR_STATUSES = ['unknown', 'ok', 'drift', 'error', 'disabled'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

/** The result of one monitor check, summarised (the full reports are the monitoring module's business). */
export interface MonitorCheckSummary {
  at: string;
  share: number | null;
  datasetDrift: boolean | null;
  tested: number | null;
  drifted: number | null;
  /** Performance drift when labels arrived. */
  performanceDrift?: boolean | null;
  error?: string | null;
  details?: Record<string, unknown>;
}

/** State of a monitor declared in mlops.yaml `monitors:` (filled by the monitoring module). */
export interface MonitorRecord {
  name: string;
  /** Model reference as declared (`churn@production`). */
  model: string;
  status: MonitorStatus;
  lastCheck: MonitorCheckSummary | null;
  /** sha256 of the monitored current-data file at the last check, to detect data changes. */
  dataSha256?: string | null;
  updatedAt: string;
  details?: Record<string, unknown>;
}

/** Where the audit chain ended at the last write: detects a deleted or edited final line. */
export interface AuditHead {
  lines: number;
  sha256: string;
}

export interface RegistryData {
  formatVersion: 1;
  models: Record<string, RegisteredModel>;
  deployments: Record<string, DeploymentRecord>;
  monitors: Record<string, MonitorRecord>;
  auditHead: AuditHead | null;
}

export const emptyRegistry = (): RegistryData => ({
  formatVersion: 1,
  models: {},
  deployments: {},
  monitors: {},
  auditHead: null,
});

export const AUDIT_EVENT_TYPES = [
  'register',
  'transition',
  'alias',
  'override',
  'deployment.start',
  'deployment.stop',
  'deployment.restart',
  'deployment.fail',
  'monitor.create',
  'monitor.update',
  'monitor.remove',
  'monitor.alert',
  'retrain.queued',
  'retrain.registered',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** What a caller supplies for an audit event; the log adds seq, at, user and prev. */
export interface AuditEventInit {
  type: AuditEventType;
  model?: string;
  version?: number;
  details?: Record<string, unknown>;
  /** Defaults to the current OS user. */
  user?: string;
}

/** One line of `.mlops/audit.jsonl`. `prev` is the sha256 of the previous line's text (64 zeros for the first). */
export interface AuditEvent {
  seq: number;
  at: string;
  user: string;
  type: AuditEventType;
  model?: string;
  version?: number;
  details: Record<string, unknown>;
  prev: string;
}

/** Where a promotion or archive moves a version: a stage, or a free alias. */
export type TransitionTarget = { kind: 'stage'; stage: Stage } | { kind: 'alias'; alias: string };

export interface TransitionRequest {
  model: string;
  version: number;
  to: TransitionTarget;
  /** Set when failed gates were overridden: the reason and the rules that failed (both audited). */
  override?: { reason: string; failedRules: string[] };
  user?: string;
  /** Free text kept with the audit event (e.g. "auto-promote after retraining"). */
  note?: string;
  /**
   * The production version the gates were checked against: if another process changed production since,
   * the transition is refused (conflict) instead of applying a decision made on stale facts.
   */
  expectProduction?: number | null;
}

export interface TransitionResult {
  version: ModelVersion;
  /** The stage or alias holder before: the version's own previous stage, and the version that lost the alias. */
  previousStage: Stage | null;
  /** A version moved out of production because this one entered it. */
  archived: ModelVersion | null;
  /** For an alias: the version that held it before (null when it was free or already this one). */
  aliasMovedFrom: number | null;
  events: AuditEvent[];
}
