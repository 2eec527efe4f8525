import type { Params, RunId, RunRecord, RunStatus, RunSummary } from '../tracking/types';
import type { RebuildReport } from './runIndex';

export interface NewRun {
  experiment: string;
  command: string;
  argv: string[];
  shell: boolean;
  cwd: string;
  params?: Params;
  status?: Extract<RunStatus, 'queued' | 'running'>;
  parent?: RunId | null;
  /** The run this one reproduces or retrains from (lineage edge derived-from). */
  derivedFrom?: RunId | null;
  name?: string | null;
  tags?: Record<string, string>;
  source?: RunRecord['source'];
  gpus?: number[];
  sweep?: { id: string; trial: number } | null;
  executor?: RunRecord['executor'];
  slurm?: RunRecord['slurm'];
}

export interface RunFilter {
  experiment?: string;
  status?: RunStatus;
  parent?: RunId | null;
}

/**
 * Where runs are kept. The file store below is the only implementation today; a remote store (an MLflow server,
 * a team database) is a second implementation of this interface, not a rewrite of its callers.
 */
export interface RunStore {
  readonly workspace: string;
  createRun(init: NewRun): Promise<RunRecord>;
  /**
   * Writes a new run's folder without taking the store lock or touching the index: for a caller that holds the lock
   * and commits more in the same step (the queue entry). `refreshSummary` indexes it afterwards.
   */
  writeNewRun(init: NewRun): Promise<RunRecord>;
  /** Clears what a process that died inside `writeNewRun` left behind; the caller holds the store lock. */
  removeAbandonedStaging(): Promise<void>;
  /** Applies a patch to run.json without the lock or the index: the caller holds the store lock. */
  patchRecord(id: RunId, patch: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord>;
  /** Applies a patch to run.json under the store lock and refreshes the run's index row. */
  updateRun(id: RunId, patch: Partial<Omit<RunRecord, 'id'>>): Promise<RunRecord>;
  getRun(id: RunId): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(filter?: RunFilter): Promise<RunSummary[]>;
  /** Re-reads a run's params and latest metrics into its index row. */
  refreshSummary(id: RunId): Promise<RunSummary | undefined>;
  deleteRun(id: RunId): Promise<void>;
  rebuildIndex(options?: {
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
  }): Promise<RebuildReport>;
  runDir(id: RunId): string;
  /** Resolves a full id or a unique prefix of one. */
  resolveRunId(idOrPrefix: string): Promise<RunId>;
}
