import { strict as assert } from 'node:assert';
import {
  parseSacct,
  parseScontrolJob,
  parseSlurmDuration,
  parseSlurmSizeMiB,
  parseSqueue,
  parseSstat,
} from '../../../src/backend/slurm/slurmParse';
import { parseSbatchJobId } from '../../../src/backend/slurm/submitSlurmRun';
import { slurmMessage } from '../../../src/backend/slurm/slurmCommands';

describe('slurm: reading what the Slurm commands print', () => {
  it('squeue: state, pending reason, node and start time of each job', () => {
    const jobs = parseSqueue('12|PENDING|Priority||N/A\n13|RUNNING|None|gpu-node-7|2026-12-06T05:19:32\n\n');
    assert.deepEqual(jobs[0], {
      jobId: '12',
      state: 'PENDING',
      reason: 'Priority',
      node: null,
      startTime: null,
      exitCode: null,
    });
    assert.equal(jobs[1].state, 'RUNNING');
    assert.equal(jobs[1].node, 'gpu-node-7');
    assert.equal(jobs[1].startTime, new Date('2026-12-06T05:19:32').toISOString());
  });

  it('sacct: the allocation line only, with the canceller and exit code', () => {
    const jobs = parseSacct(
      '7|CANCELLED by 1001|0:15|n1|2026-12-06T05:00:00\n7.batch|CANCELLED|0:15|n1|2026-12-06T05:00:00\n8|TIMEOUT|0:0|n2|Unknown\n9|NODE_FAIL|1:0|n3|None\n',
    );
    assert.deepEqual(
      jobs.map((j) => [j.jobId, j.state, j.reason, j.exitCode]),
      [
        ['7', 'CANCELLED', 'by uid 1001', '0:15'],
        ['8', 'TIMEOUT', null, '0:0'],
        ['9', 'NODE_FAIL', null, '1:0'],
      ],
    );
  });

  it('scontrol show job -o: state, reason, node list and exit code of an ended job', () => {
    const line =
      'JobId=5 JobName=mlops:slow UserId=root(0) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) ExitCode=0:15 StartTime=2026-12-06T05:25:43 NodeList=localhost Command=/tmp/a b/slurm.sh WorkDir=/tmp';
    const info = parseScontrolJob(line)!;
    assert.deepEqual(
      [info.jobId, info.state, info.reason, info.node, info.exitCode],
      ['5', 'TIMEOUT', 'TimeLimit', 'localhost', '0:15'],
    );
    assert.equal(parseScontrolJob('slurm_load_jobs error: Invalid job id specified'), undefined);
  });

  it('sstat: CPU seconds and resident memory of the batch step', () => {
    assert.deepEqual(parseSstat('00:01:02.500|2048K|4096K\n'), { cpuSeconds: 62.5, rssMiB: 2 });
    assert.equal(parseSstat(''), null);
    assert.equal(parseSlurmDuration('1-02:03:04'), 86400 + 7384);
    assert.equal(parseSlurmDuration('03:04.5'), 184.5);
    assert.equal(parseSlurmSizeMiB('1.5G'), 1536);
    assert.equal(parseSlurmSizeMiB('abc'), null);
  });

  it('sbatch --parsable: the job id, with or without a cluster name', () => {
    assert.equal(parseSbatchJobId('123\n'), '123');
    assert.equal(parseSbatchJobId('123;cluster\n'), '123');
    assert.equal(parseSbatchJobId('Submitted batch job 5'), undefined);
  });

  it("keeps Slurm's own message without the command prefixes", () => {
    assert.equal(
      slurmMessage({
        code: 1,
        stdout: '',
        stderr:
          'sbatch: error: invalid partition specified: nosuch\nsbatch: error: Batch job submission failed: Invalid partition name specified\n',
      }),
      'invalid partition specified: nosuch; Batch job submission failed: Invalid partition name specified',
    );
  });
});
