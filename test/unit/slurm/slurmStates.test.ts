import { strict as assert } from 'node:assert';
import {
  liveRunStatus,
  parseSlurmExitCode,
  slurmOutcome,
  type SlurmJobInfo,
} from '../../../src/backend/slurm/slurmStates';
import { slurmQueuedLabel, slurmStatusText } from '../../../src/core/tracking/slurmLabel';

const job = (state: string, over: Partial<SlurmJobInfo> = {}): SlurmJobInfo => ({
  jobId: '1',
  state,
  reason: null,
  node: 'n1',
  startTime: null,
  exitCode: null,
  ...over,
});

describe('slurm: job states as run states', () => {
  it('pending states are queued, the rest running until the end', () => {
    assert.equal(liveRunStatus('PENDING'), 'queued');
    assert.equal(liveRunStatus('REQUEUED'), 'queued');
    assert.equal(liveRunStatus('RUNNING'), 'running');
    assert.equal(liveRunStatus('COMPLETING'), 'running');
  });

  it('labels a queued run with the squeue code and reason', () => {
    assert.equal(slurmQueuedLabel('PENDING', 'Priority'), 'queued (PD: Priority)');
    assert.equal(slurmQueuedLabel('PENDING', 'None'), 'queued (PD)');
    assert.equal(slurmQueuedLabel(null, null), 'queued (submitting)');
    assert.equal(
      slurmStatusText({ status: 'running', slurm: { jobId: '3', state: 'RUNNING', reason: null, node: 'gpu7' } }),
      'running on gpu7',
    );
    assert.equal(
      slurmStatusText({ status: 'completed', slurm: { jobId: '3', state: 'COMPLETED', reason: null, node: 'gpu7' } }),
      undefined,
    );
  });

  it('ends a run killed by Slurm with its reason', () => {
    assert.deepEqual(
      slurmOutcome(job('TIMEOUT', { reason: 'TimeLimit' }), { exitCode: 143, signal: 'SIGTERM' }, false),
      {
        status: 'failed',
        error: 'TIMEOUT: Slurm ended the job at its time limit (TimeLimit)',
        exit: { exitCode: 143, signal: 'SIGTERM' },
      },
    );
    assert.equal(slurmOutcome(job('PREEMPTED'), undefined, false).status, 'killed');
    assert.match(slurmOutcome(job('PREEMPTED'), undefined, false).error!, /^PREEMPTED/);
    assert.equal(slurmOutcome(job('NODE_FAIL'), undefined, false).status, 'failed');
    assert.match(slurmOutcome(job('NODE_FAIL'), undefined, false).error!, /^NODE_FAIL: the job's node failed/);
    assert.match(slurmOutcome(job('OUT_OF_MEMORY'), undefined, false).error!, /^OUT_OF_MEMORY/);
  });

  it('a stop asked here is killed; a cancel by someone else says so', () => {
    assert.deepEqual(slurmOutcome(job('CANCELLED'), undefined, true), {
      status: 'killed',
      error: null,
      exit: undefined,
    });
    assert.deepEqual(
      slurmOutcome(job('CANCELLED', { reason: 'by uid 0' }), undefined, false).error,
      'CANCELLED in Slurm (by uid 0)',
    );
  });

  it('takes the exit status from the node, else from Slurm', () => {
    assert.equal(slurmOutcome(job('COMPLETED'), undefined, false).status, 'completed');
    assert.deepEqual(slurmOutcome(job('FAILED', { exitCode: '3:0' }), undefined, false), {
      status: 'failed',
      error: 'exited with code 3',
      exit: { exitCode: 3, signal: null },
    });
    assert.deepEqual(
      slurmOutcome(job('FAILED', { exitCode: '1:0' }), { exitCode: 2, signal: null }, false).error,
      'exited with code 2',
    );
    assert.deepEqual(parseSlurmExitCode('0:9'), { exitCode: 137, signal: 'SIGKILL' });
  });

  it('a job Slurm forgot: the exit file decides, else interrupted', () => {
    assert.equal(slurmOutcome(undefined, { exitCode: 0, signal: null }, false).status, 'completed');
    assert.deepEqual(slurmOutcome(undefined, undefined, false).status, 'interrupted');
  });
});
