/**
 * The extension ⇄ backend contract. The extension forks `dist/backend.js` with an IPC channel; every message on
 * that channel is one `BackendMessage`. Requests carry an id and get exactly one response with the same id; a
 * `cancel` with that id aborts the handler's work; events flow from the backend at any time. Types only: the client and server helpers live in src/backend/ipc.
 */
import type { ImportKind } from '../core/interop/importedRun';
import type { ImportReport } from '../core/interop/importReport';
import type { MetricPoint, RunId, RunStatus } from '../core/tracking/types';
import type { MonitorCheck } from '../core/monitor/monitorFiles';
import type { MonitorSummary } from '../core/monitor/monitorSummary';
import type { RetrainOutcome } from '../core/monitor/retrain';
import type { DeploymentRecord } from '../core/registry/types';
import type { GpuInfo, GpuInventory } from '../core/gpu/nvidiaSmi';

export type { MonitorCheck, MonitorSummary, RetrainOutcome, GpuInfo, GpuInventory };

// ---- shared shapes -------------------------------------------------------------------------------------------

export interface QueueItem {
  runId: RunId;
  experiment: string;
  /** GPUs the run waits for (0: none). */
  gpus: number;
  enqueuedAt: string;
  /** Human-readable command line. */
  display: string;
}

export interface ActiveRun {
  runId: RunId;
  experiment: string;
  gpus: number[];
  pid: number | null;
  startedAt: string;
  /** True when this backend process supervises it (another window or a CLI may supervise the others). */
  supervisedHere: boolean;
}

export interface QueueSnapshot {
  items: QueueItem[];
  active: ActiveRun[];
  concurrency: number;
  allowGpuSharing: boolean;
}

export interface LaunchParams {
  experiment: string;
  /** `k=v` texts as on the command line, or an already-parsed params object (dotted keys allowed). */
  overrides?: string[] | Record<string, unknown>;
  /** Run on CPU even when the experiment asks for GPUs (`mlops run --cpu`). */
  cpu?: boolean;
  /** Recorded as run.json's `name`. */
  name?: string | null;
  tags?: Record<string, string>;
  parent?: RunId | null;
  /** The run this one reproduces or retrains from: recorded as `RunRecord.derivedFrom` (lineage edge `derived-from`). */
  derivedFrom?: RunId | null;
  /**
   * Run the command in another copy of the workspace folder (for "Reproduce run": the workspace's folder inside a git
   * worktree holding a run's recorded commit and patch). The experiment's cwd, relative to the workspace, is taken
   * relative to this folder instead; the run is still stored in the workspace's `.mlops/` and its data paths are
   * still hashed in the workspace. Absolute path.
   */
  codeRoot?: string | null;
  /** The sweep this run is a trial of: recorded as run.json's `sweep` and `trial`. */
  sweep?: { id: string; trial: number } | null;
  /** Put it at the front of the queue and start it even above the concurrency limit (GPUs must still be free). */
  runNow?: boolean;
  /** Where it executes, overriding the experiment's `executor:` (`mlops run --executor`). */
  executor?: 'local' | 'slurm';
  /** Where it executes when the experiment says nothing (the `mlops.executor` setting). */
  defaultExecutor?: 'local' | 'slurm';
}

export interface LaunchResult {
  runId: RunId;
  runDir: string;
  status: Extract<RunStatus, 'queued' | 'running'>;
  /** 0-based position when queued. */
  position: number | null;
}

export interface SeriesSnapshot {
  /** "train/loss" for metrics; "cpu", "rss", "gpu_util", "gpu_mem" for system series. */
  name: string;
  group: 'metrics' | 'system';
  points: MetricPoint[];
}

export interface SubscribeResult {
  runId: RunId;
  series: SeriesSnapshot[];
}

export interface SystemSample {
  timestamp: number;
  /** Percent of one core, summed over the process tree (200 = two cores busy). */
  cpu: number;
  /** Resident memory of the process tree, MiB. */
  rss: number;
  /** Mean utilisation (%) and summed used memory (MiB) of the run's GPUs; absent without GPUs. */
  gpu_util?: number;
  gpu_mem?: number;
}

export interface ErrorPayload {
  message: string;
  kind: 'bad-input' | 'not-found' | 'conflict' | 'io' | 'internal' | 'cancelled';
  hint?: string;
}

/** A deployment as recorded in the registry, with live figures from its GET /metrics while it runs. */
export type DeploymentInfo = DeploymentRecord & {
  stats: { requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null } | null;
};

// ---- methods ---------------------------------------------------------------------------------------------------

type Empty = Record<string, never>;

/** Method name → params and result. Adding a method is one line here plus its handler. */
export interface BackendMethods {
  ping: { params: Empty; result: { pid: number; version: string } };
  launch: { params: LaunchParams; result: LaunchResult };
  stop: { params: { runId: RunId }; result: { runId: RunId; status: RunStatus } };
  'queue.list': { params: Empty; result: QueueSnapshot };
  'queue.cancel': { params: { runId: RunId }; result: QueueSnapshot };
  /** Moves a queued run to `index` (0 = next to start). */
  'queue.reorder': { params: { runId: RunId; index: number }; result: QueueSnapshot };
  'queue.runNow': { params: { runId: RunId }; result: QueueSnapshot };
  'queue.setConcurrency': { params: { concurrency: number; allowGpuSharing?: boolean }; result: QueueSnapshot };
  gpus: { params: { refresh?: boolean }; result: GpuInventory };
  /** Starts live metric events for a run; the result holds every point so far, events carry what follows. */
  subscribe: { params: { runId: RunId }; result: SubscribeResult };
  unsubscribe: { params: { runId: RunId }; result: Empty };
  /** Stops the backend. Training processes keep running unless `stopRuns` (they are found again on restart). */
  shutdown: { params: { stopRuns?: boolean }; result: Empty };
  /** Serves a registered version (`name`, `name@alias`, `name:version`) on 127.0.0.1; `name` names the deployment (default: the model). */
  'serve.start': { params: { model: string; port?: number; name?: string }; result: DeploymentInfo };
  'serve.stop': { params: { id: string }; result: DeploymentInfo };
  'serve.restart': { params: { id: string }; result: DeploymentInfo };
  'serve.list': { params: Empty; result: DeploymentInfo[] };
  /** Checks a monitor now (and queues retraining when the check calls for it). */
  'monitor.run': { params: { name: string }; result: { check: MonitorCheck; settled: RetrainOutcome | null } };
  'monitor.list': { params: Empty; result: MonitorSummary[] };
  /** Imports runs written by another tool (`mlops import`); progress comes as `importProgress` events. */
  import: { params: { kind: ImportKind; path: string; experiment?: string }; result: ImportReport };
  /** Creates a sweep of the experiment's `sweep:` block (overrides as on `mlops sweep`) and drives it in the backend. */
  'sweep.start': { params: SweepStartParams; result: { sweepId: string; trials: number } };
  /** Stops a sweep (its running trials are stopped); resolves once it is recorded as stopped. */
  'sweep.stop': { params: { sweepId: string }; result: { sweepId: string; status: string } };
}

export interface SweepStartParams {
  experiment: string;
  method?: 'grid' | 'random' | 'tpe';
  trials?: number;
  concurrency?: number;
  seed?: number;
}

export type BackendMethod = keyof BackendMethods;
export type ParamsOf<M extends BackendMethod> = BackendMethods[M]['params'];
export type ResultOf<M extends BackendMethod> = BackendMethods[M]['result'];

// ---- events ----------------------------------------------------------------------------------------------------

export type BackendEvent =
  | {
      type: 'runStatus';
      runId: RunId;
      experiment: string;
      status: RunStatus;
      exitCode: number | null;
      signal: string | null;
      error: string | null;
      gpus: number[];
      /** The last 50 log lines, when the run failed or was interrupted. */
      logTail?: string[];
    }
  /** A chunk of the run's combined stdout+stderr (as appended to log.txt). */
  | { type: 'runOutput'; runId: RunId; text: string }
  /** New points of one series of a subscribed run. `reset`: the file was replaced, drop what you had first. */
  | {
      type: 'metricPoints';
      runId: RunId;
      name: string;
      group: 'metrics' | 'system';
      points: MetricPoint[];
      reset: boolean;
    }
  | { type: 'systemSample'; runId: RunId; sample: SystemSample }
  | { type: 'queueChanged'; queue: QueueSnapshot }
  | { type: 'gpuInventory'; inventory: GpuInventory }
  /** Backend diagnostics for the extension's log channel. */
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  /** A deployment started, stopped, restarted or failed. */
  | { type: 'deploymentChanged'; deployment: DeploymentInfo }
  /** A monitor was checked (on schedule or on demand). */
  | { type: 'monitorChecked'; check: MonitorCheck }
  /** A retraining run queued by a monitor ended and was registered (or failed). */
  | { type: 'retrainSettled'; outcome: RetrainOutcome }
  /** A sweep's record changed (a trial was proposed, started, ended, or the sweep ended). */
  | { type: 'sweepChanged'; sweepId: string; status: string; done: number; trials: number }
  /** How far an import has got: `done` of `total` runs (folders) read. */
  | { type: 'importProgress'; path: string; done: number; total: number };

export type BackendEventType = BackendEvent['type'];

// ---- wire messages ---------------------------------------------------------------------------------------------

export type BackendRequest = {
  [M in BackendMethod]: { kind: 'request'; id: number; method: M; params: ParamsOf<M> };
}[BackendMethod];

/**
 * Sent by the extension when it no longer waits for request `id` (its AbortSignal fired, it timed out, or the client
 * was disposed): the handler's AbortSignal aborts. A response may still follow; it is ignored.
 */
export interface BackendCancelMessage {
  kind: 'cancel';
  id: number;
}

export type BackendResponse =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: ErrorPayload };

export interface BackendEventMessage {
  kind: 'event';
  event: BackendEvent;
}

/** Sent once by the backend when it is ready to take requests. */
export interface BackendReadyMessage {
  kind: 'ready';
  pid: number;
  workspace: string;
}

export type BackendMessage =
  BackendRequest | BackendCancelMessage | BackendResponse | BackendEventMessage | BackendReadyMessage;

/** Environment variables the extension passes when it forks the backend. */
export const BACKEND_ENV = {
  workspace: 'MLOPS_BACKEND_WORKSPACE',
  pythonPath: 'MLOPS_BACKEND_PYTHON',
} as const;
