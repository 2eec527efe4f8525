import type { RunId, RunRecord } from '../../core/tracking/types';

/** A run this process watches to its end: a local process (RunSupervisor) or a Slurm job (SlurmRunWatch). */
export interface RunWatch {
  readonly runId: RunId;
  /** The local process group leader; undefined for a Slurm job. */
  readonly pid: number | undefined;
  /** Resolves with the ended run, or undefined once detached. */
  readonly done: Promise<RunRecord | undefined>;
  stop(): Promise<RunRecord | undefined>;
  /** Stops watching without touching the run (another process finds it again). */
  detach(): void;
}
