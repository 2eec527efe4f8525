import type { RunSummary } from './types';

/** Short state codes as squeue prints them with %t. */
const SHORT_STATE: Record<string, string> = {
  PENDING: 'PD',
  RUNNING: 'R',
  COMPLETING: 'CG',
  CONFIGURING: 'CF',
  SUSPENDED: 'S',
  REQUEUED: 'RQ',
  REQUEUE_HOLD: 'RH',
  COMPLETED: 'CD',
  FAILED: 'F',
  CANCELLED: 'CA',
  TIMEOUT: 'TO',
  PREEMPTED: 'PR',
  NODE_FAIL: 'NF',
  OUT_OF_MEMORY: 'OOM',
};

/** What the Runs view shows for a queued Slurm run: `queued (PD: Priority)`; `queued (submitting)` before sbatch answered. */
export function slurmQueuedLabel(state: string | null, reason: string | null): string {
  if (!state) return 'queued (submitting)';
  const code = SHORT_STATE[state] ?? state;
  return `queued (${code}${reason && reason !== 'None' ? `: ${reason}` : ''})`;
}

/** The status part of a run's row: Slurm's state and reason while queued, its node while running. */
export function slurmStatusText(run: Pick<RunSummary, 'status' | 'slurm'>): string | undefined {
  const job = run.slurm;
  if (!job) return undefined;
  if (run.status === 'queued') return slurmQueuedLabel(job.state, job.reason);
  if (run.status === 'running') return job.node ? `running on ${job.node}` : 'running';
  return undefined;
}
