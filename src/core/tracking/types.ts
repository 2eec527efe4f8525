/** Identifiers and records of the run store. The on-disk shape is the contract in docs/DESIGN.md. */
import type { GpuInfo } from '../gpu/nvidiaSmi';

export type RunId = string & { readonly __brand: 'RunId' };

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'killed', 'interrupted', 'pruned'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set([
  'completed',
  'failed',
  'killed',
  'interrupted',
  'pruned',
]);

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export interface GitInfo {
  isRepo: boolean;
  commit: string | null;
  /** null on a detached HEAD (see `detached`) and outside a repo. */
  branch: string | null;
  /** Tracked changes or untracked (not ignored) files at launch. */
  dirty: boolean;
  /** sha256 of `diff.patch` in the run folder; null when there are no tracked changes. */
  diffSha: string | null;
  /** Remote URL (origin, else the first remote) with credentials stripped. */
  remote?: string | null;
  /** Untracked files' paths, repo-relative (capped; see `untrackedTruncated`). */
  untracked?: string[];
  detached?: boolean;
  shallow?: boolean;
  /** The captured folder relative to the repository root, posix, ending in '/' ('' at the root). */
  prefix?: string;
  /** Size of `diff.patch` and what it changes. */
  diffStats?: DiffStats | null;
  /** Untracked files whose contents were copied to `<runDir>/untracked/<repo-relative path>`. */
  untrackedSaved?: string[];
  untrackedTruncated?: boolean;
  submodules?: SubmoduleInfo[];
}

export interface DiffStats {
  files: number;
  insertions: number;
  deletions: number;
  binaryFiles: number;
  bytes: number;
}

export interface SubmoduleInfo {
  path: string;
  /** Checked-out commit; the recorded one when the submodule is not initialised. */
  commit: string;
  state: 'in-sync' | 'modified' | 'uninitialized' | 'conflict';
}

export interface DataRef {
  path: string;
  sha256: string;
  bytes: number;
  role?: 'input' | 'output';
}

export interface EnvInfo {
  os?: string;
  cpu?: string;
  node?: string;
  python?: string;
  /** The run's Python packages, `pip freeze` style: one `name==version` line each, sorted by name. */
  packages?: string;
  gpu?: string[];
  platform?: string;
  arch?: string;
  cpuCount?: number;
  memoryBytes?: number;
  /** The interpreter path the packages were read from. */
  pythonExecutable?: string;
  /** Why the Python environment could not be read (interpreter missing, crashed…). */
  pythonError?: string;
  gpus?: GpuInfo[];
  /** The NVIDIA driver's version, as nvidia-smi reports it. */
  gpuDriver?: string | null;
  /** Highest CUDA version the driver supports, as nvidia-smi reports it. */
  cuda?: string | null;
  /** Lock files found in the workspace (package-lock.json, poetry.lock…) with their sha256. */
  lockfiles?: Array<{ path: string; sha256: string }>;
  [extra: string]: unknown;
}

export interface RunRecord {
  id: RunId;
  experiment: string;
  /** A name given by the user (`mlops run --name`, or the logging clients). */
  name?: string | null;
  status: RunStatus;
  /** Human-readable command line. */
  command: string;
  /** The argument vector actually spawned (argv[0] is the executable). Empty for a shell command. */
  argv: string[];
  /** True only when the user's spec gave the command as a string. */
  shell: boolean;
  cwd: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  pid: number | null;
  /** Backend heartbeat while the run is supervised; used to detect orphans after a crash. */
  heartbeatAt?: string | null;
  /** /proc start time of `pid` (clock ticks after boot): a reused pid is not mistaken for the run. */
  pidStartTime?: number | null;
  /** The backend or CLI process that watches the run; another one adopts the run once this one is gone. */
  supervisor?: { pid: number; startTime: number | null } | null;
  /** Set when a user asked to stop the run: its end is then `killed`, whoever observes it. */
  stopRequestedAt?: string | null;
  error?: string | null;
  git: GitInfo | null;
  data: DataRef[];
  env: EnvInfo;
  parent: RunId | null;
  /** The run this one re-runs or retrains from (lineage edge `derived-from`); a sweep's children use `parent`. */
  derivedFrom?: RunId | null;
  tags: Record<string, string>;
  /** The sweep this run is a trial of (`.mlops/sweeps/<id>/sweep.json`), and its trial number. */
  sweep?: string | null;
  trial?: number | null;
  /** Set when a sweep's early-stopping rule stopped the run: its end is then `pruned`, its points kept. */
  prune?: { reason: string; step: number | null } | null;
  gpus?: number[];
  /** Where the run came from: a spec experiment, a discovered script, an import. */
  source?: 'spec' | 'script' | 'import' | 'cli';
  /** Extra folder (e.g. a script's own dvclive/ dir) whose dvclive files belong to this run. */
  dvcliveDir?: string | null;
  engine?: string | null;
  /** Set on a run made by `mlops import`: which tool wrote it and where it was read from. */
  importedFrom?: { kind: 'tensorboard' | 'mlflow' | 'wandb'; source: string; id?: string } | null;
  /** Artifact links that pointed outside the run folder: not hashed, not recorded as outputs. */
  skippedArtifacts?: Array<{ path: string; target: string }>;
  /** Set for a run submitted to Slurm (absent: a local child process). */
  executor?: 'slurm';
  slurm?: SlurmJobRecord;
}

/** A Slurm run's job, as last seen (squeue while it is known to the queue, then sacct or `scontrol show job`). */
export interface SlurmJobRecord {
  /** null until sbatch has answered (or when it refused the job). */
  jobId: string | null;
  /** Slurm's state: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, PREEMPTED, NODE_FAIL, OUT_OF_MEMORY… */
  state: string | null;
  /** Why it waits (Priority, Resources, Dependency…) while pending; Slurm's reason when it ended. */
  reason: string | null;
  /** The node(s) it runs on. */
  node: string | null;
  /** The sbatch command line that submitted it, as a user could paste it. */
  submitLine: string;
}

/** Metric value as stored: numbers, or the non-finite values a script may log. */
export type MetricValue = number;

export interface MetricPoint {
  step: number;
  timestamp: number;
  value: MetricValue;
}

export type Params = Record<string, unknown>;

/** The per-run row kept in `.mlops/index.json`: enough for trees and tables without opening run folders. */
export interface RunSummary {
  id: RunId;
  experiment: string;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  command: string;
  gitCommit: string | null;
  parent: RunId | null;
  name?: string | null;
  tags: Record<string, string>;
  /** The sweep this run is a trial of, and its trial number. */
  sweep?: string;
  trial?: number;
  /** Params flattened with dots: {"optimizer.lr": 0.01}. */
  params: Record<string, unknown>;
  /** Latest metric values flattened with dots. */
  metrics: Record<string, number>;
  step: number | null;
  /** A Slurm run's job id, state, pending reason and node. */
  slurm?: { jobId: string | null; state: string | null; reason: string | null; node: string | null };
}
