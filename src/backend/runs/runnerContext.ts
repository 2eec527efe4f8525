import type { RunStore } from '../../core/store/runStore';
import type { BackendEvent } from '../../protocol/backend';
import type { GpuMonitor } from '../gpu/gpuMonitor';
import type { ProcessRef } from '../queue/queueState';
import type { ClientPaths } from './clientPaths';
import type { SidecarQueue } from './sidecarQueue';

export interface RunnerTiming {
  /** Between SIGTERM and SIGKILL when a run is stopped. */
  stopGraceMs: number;
  heartbeatMs: number;
  systemSampleMs: number;
  /** How often a re-adopted run's pid is checked (its exit is not signalled to us). */
  exitPollMs: number;
  /** Poll fallback of the log and metric followers (fs.watch usually fires first). */
  followPollMs: number;
  /** How often the scheduler re-reads the queue when nothing told it to. */
  queuePollMs: number;
  /** How often squeue is asked about the Slurm jobs this process watches (one call for all of them). */
  slurmPollMs: number;
  /** How often a running run's series sidecars get the points logged since (appended, see SeriesSidecar). */
  sidecarMs: number;
  /** How often a running run's TensorBoard event files are read into its series (see TensorboardFollower). */
  tensorboardPollMs: number;
}

export const DEFAULT_TIMING: RunnerTiming = {
  stopGraceMs: 10_000,
  heartbeatMs: 15_000,
  systemSampleMs: 5_000,
  exitPollMs: 1_000,
  followPollMs: 250,
  queuePollMs: 2_000,
  slurmPollMs: 2_000,
  sidecarMs: 10_000,
  tensorboardPollMs: 3_000,
};

/** What every part of the run lifecycle shares, in the backend process and in the CLI alike. */
export interface RunnerContext {
  workspace: string;
  store: RunStore;
  clients: ClientPaths;
  gpuMonitor: GpuMonitor;
  /** This process, recorded as the supervisor of the runs it watches. */
  self: ProcessRef;
  timing: RunnerTiming;
  baseEnv: NodeJS.ProcessEnv;
  /** Interpreter for `python` commands and for recording the Python environment. */
  pythonPath?: string;
  /** Record git/data/env lineage at launch (never blocks or fails a run). */
  captureLineage: boolean;
  /** Writes ended runs' series sidecars for the compare panel, off the path of the run's end. */
  sidecars: SidecarQueue;
  emit(event: BackendEvent): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}
