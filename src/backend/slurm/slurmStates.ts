import type { RunStatus } from '../../core/tracking/types';
import { fromShellStatus, type ExitInfo } from '../process/exitStatus';

/** What Slurm says about one job at one moment. */
export interface SlurmJobInfo {
  jobId: string;
  /** Base state name without Slurm's suffixes: `CANCELLED by 0` → CANCELLED. */
  state: string;
  reason: string | null;
  node: string | null;
  /** ISO start time when Slurm knows it. */
  startTime: string | null;
  /** ExitCode as `code:signal` (sacct / scontrol), when known. */
  exitCode: string | null;
}

const PENDING_STATES = new Set([
  'PENDING',
  'CONFIGURING',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESV_DEL_HOLD',
  'SPECIAL_EXIT',
]);
const ENDED_STATES = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'PREEMPTED',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
  'BOOT_FAIL',
  'DEADLINE',
  'REVOKED',
]);

export function isSlurmEnded(state: string): boolean {
  return ENDED_STATES.has(state);
}

/** The run status while Slurm has the job: pending states are `queued`, everything else until the end `running`. */
export function liveRunStatus(state: string): Extract<RunStatus, 'queued' | 'running'> {
  return PENDING_STATES.has(state) ? 'queued' : 'running';
}

/** `0:15` (exit code : signal) as an ExitInfo. */
export function parseSlurmExitCode(text: string | null): ExitInfo | undefined {
  const m = text ? /^(\d+):(\d+)$/.exec(text.trim()) : null;
  if (!m) return undefined;
  const code = Number(m[1]);
  const signal = Number(m[2]);
  return signal > 0 ? fromShellStatus(128 + signal) : { exitCode: code, signal: null };
}

export interface SlurmOutcome {
  status: Extract<RunStatus, 'completed' | 'failed' | 'killed' | 'interrupted'>;
  error: string | null;
  exit: ExitInfo | undefined;
}

const ENDED_BY_SLURM: Record<string, { status: SlurmOutcome['status']; why: string }> = {
  TIMEOUT: { status: 'failed', why: 'Slurm ended the job at its time limit' },
  PREEMPTED: { status: 'killed', why: 'Slurm preempted the job for another one' },
  NODE_FAIL: { status: 'failed', why: "the job's node failed" },
  OUT_OF_MEMORY: { status: 'failed', why: 'the job ran out of its memory allocation' },
  BOOT_FAIL: { status: 'failed', why: "the job's node failed to boot" },
  DEADLINE: { status: 'failed', why: 'the job reached its deadline' },
  REVOKED: { status: 'killed', why: 'the job was revoked (federation)' },
};

/**
 * How a Slurm run ended. `info` is Slurm's last word on the job (undefined: Slurm no longer knows it and keeps no
 * accounting); `exitFile` is what the wrapper wrote on the node. A stop asked from the editor or CLI is `killed`;
 * TIMEOUT, NODE_FAIL, OUT_OF_MEMORY are `failed` and PREEMPTED is `killed`, each with Slurm's state name in the error.
 */
export function slurmOutcome(
  info: SlurmJobInfo | undefined,
  exitFile: ExitInfo | undefined,
  stopRequested: boolean,
): SlurmOutcome {
  const exit = exitFile ?? parseSlurmExitCode(info?.exitCode ?? null);
  if (stopRequested) return { status: 'killed', error: null, exit };
  if (!info) {
    if (!exit)
      return { status: 'interrupted', error: 'Slurm no longer knows the job and it left no exit status', exit };
    return { ...fromExit(exit), exit };
  }
  const byslurm = ENDED_BY_SLURM[info.state];
  if (byslurm)
    return {
      status: byslurm.status,
      error: `${info.state}: ${byslurm.why}${info.reason && info.reason !== 'None' ? ` (${info.reason})` : ''}`,
      exit,
    };
  if (info.state === 'CANCELLED')
    return {
      status: 'killed',
      error: `CANCELLED in Slurm${info.reason && info.reason !== 'None' ? ` (${info.reason})` : ''}`,
      exit,
    };
  if (info.state === 'COMPLETED')
    return { status: 'completed', error: null, exit: exit ?? { exitCode: 0, signal: null } };
  if (exit) return { ...fromExit(exit), exit };
  return {
    status: 'failed',
    error: `${info.state}${info.reason && info.reason !== 'None' ? `: ${info.reason}` : ''}`,
    exit,
  };
}

function fromExit(exit: ExitInfo): Pick<SlurmOutcome, 'status' | 'error'> {
  if (exit.exitCode === 0) return { status: 'completed', error: null };
  if (exit.signal && (exit.exitCode === null || exit.exitCode > 128))
    return { status: 'killed', error: `killed by ${exit.signal}` };
  return { status: 'failed', error: `exited with code ${exit.exitCode}` };
}
