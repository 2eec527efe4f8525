import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { parseDocument } from 'yaml';
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import { ensureLocalSlurm } from '../../slurm/localCluster';
import { mlopsApi, waitFor, waitForFinish, waitForRun, workspaceRoot } from '../helpers';

const TRAIN = [
  '# mlops: experiment',
  'import os, sys, time',
  'from mlops_workbench import log_metric',
  'steps = int(os.environ.get("STEPS", "20"))',
  'for i in range(steps):',
  '    log_metric("loss", 1.0 / (i + 1), step=i)',
  '    time.sleep(float(os.environ.get("SLEEP", "0.25")))',
  'if os.environ.get("FAIL"):',
  '    print("failing on purpose", file=sys.stderr)',
  '    sys.exit(3)',
  '',
].join('\n');

const EXPERIMENTS = {
  'slurm-live': {
    command: ['python3', 'slurm_demo/train.py'],
    env: { STEPS: '40', SLEEP: '0.25' },
    executor: { slurm: { time: '00:05:00', cpus: 1, mem: '256M' } },
  },
  'slurm-long': {
    command: ['python3', 'slurm_demo/train.py'],
    env: { STEPS: '100000', SLEEP: '0.5' },
    executor: 'slurm',
  },
  'slurm-timeout': {
    command: ['python3', 'slurm_demo/train.py'],
    env: { STEPS: '100000', SLEEP: '0.5' },
    executor: { slurm: { time: '00:00:05' } },
  },
  'slurm-failing': { command: ['python3', 'slurm_demo/train.py'], env: { STEPS: '3', FAIL: '1' }, executor: 'slurm' },
  'slurm-refused': {
    command: ['python3', 'slurm_demo/train.py'],
    executor: { slurm: { partition: 'no-such-partition' } },
  },
};

function record(runId: RunId): RunRecord {
  return JSON.parse(readFileSync(join(workspaceRoot(), '.mlops', 'runs', runId, 'run.json'), 'utf8')) as RunRecord;
}

async function launch(experiment: string): Promise<RunId> {
  const runId = await vscode.commands.executeCommand<RunId | undefined>('mlops.runExperiment', experiment);
  assert.ok(runId, `mlops.runExperiment ${experiment} returned no run id`);
  return runId;
}

describe('Slurm executor (local one-node cluster)', function () {
  this.timeout(300_000);
  let specBefore = '';

  before(async function () {
    const why = ensureLocalSlurm(resolve(__dirname, '..', '..', '..'));
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    const root = workspaceRoot();
    mkdirSync(join(root, 'slurm_demo'), { recursive: true });
    writeFileSync(join(root, 'slurm_demo', 'train.py'), TRAIN);
    specBefore = readFileSync(join(root, 'mlops.yaml'), 'utf8');
    const doc = parseDocument(specBefore);
    for (const [name, spec] of Object.entries(EXPERIMENTS)) doc.setIn(['experiments', name], doc.createNode(spec));
    writeFileSync(join(root, 'mlops.yaml'), doc.toString());
    const api = await mlopsApi();
    await waitFor('the Slurm experiments in the spec', () => api.experiments().some((e) => e.name === 'slurm-refused'));
  });

  after(() => {
    if (!specBefore) return;
    writeFileSync(join(workspaceRoot(), 'mlops.yaml'), specBefore);
    rmSync(join(workspaceRoot(), 'slurm_demo'), { recursive: true, force: true });
  });

  it('runs a Python experiment as a Slurm job: job id, node, live metrics, the Slurm output file as its log', async () => {
    const api = await mlopsApi();
    const runId = await launch('slurm-live');
    const running = await waitForRun(
      api,
      runId,
      (r) => r.status === 'running' && r.slurm?.state === 'RUNNING',
      'running in Slurm',
      60_000,
    );
    assert.match(running.slurm?.jobId ?? '', /^\d+$/);
    assert.equal(running.slurm?.node, 'localhost');
    const live = await waitForRun(
      api,
      runId,
      (r) => r.status === 'running' && (r.step ?? -1) >= 3,
      'running with metrics',
      60_000,
    );
    assert.ok(live.metrics.loss > 0, `live metrics: ${JSON.stringify(live.metrics)}`);
    const done = await waitForFinish(api, runId);
    assert.equal(done.status, 'completed', `ended ${done.status}: ${record(runId).error}`);
    assert.equal(done.step, 39);
    const log = readFileSync(join(workspaceRoot(), '.mlops', 'runs', runId, 'log.txt'), 'utf8');
    assert.match(log, new RegExp(`Slurm job ${running.slurm?.jobId} on `));
    assert.equal(record(runId).slurm?.state, 'COMPLETED');
  });

  it('stops a running job with scancel from the Runs view', async () => {
    const api = await mlopsApi();
    const runId = await launch('slurm-long');
    await waitForRun(api, runId, (r) => r.status === 'running' && (r.step ?? -1) >= 1, 'running with metrics', 60_000);
    await vscode.commands.executeCommand('mlops.stopRun', runId);
    const stopped = await waitForFinish(api, runId, 60_000);
    assert.equal(stopped.status, 'killed');
    assert.equal(record(runId).slurm?.state, 'CANCELLED');
  });

  it('fails a job that exits non-zero, with its exit code', async () => {
    const api = await mlopsApi();
    const runId = await launch('slurm-failing');
    const done = await waitForFinish(api, runId, 90_000);
    assert.equal(done.status, 'failed');
    assert.equal(done.exitCode, 3);
    assert.equal(record(runId).error, 'exited with code 3');
  });

  it("fails a refused submission with Slurm's message and the sbatch line", async () => {
    const api = await mlopsApi();
    const runId = await launch('slurm-refused');
    await waitForFinish(api, runId, 30_000);
    const error = record(runId).error ?? '';
    assert.match(error, /sbatch refused the job: .*invalid partition/i);
    assert.match(error, /tried: sbatch .*--partition=no-such-partition/);
  });

  it('ends a job killed at its time limit as TIMEOUT (Slurm rounds 5 s up to a minute)', async () => {
    const api = await mlopsApi();
    const runId = await launch('slurm-timeout');
    const done = await waitForFinish(api, runId, 240_000);
    assert.equal(done.status, 'failed');
    assert.equal(record(runId).slurm?.state, 'TIMEOUT');
    assert.match(record(runId).error ?? '', /^TIMEOUT: Slurm ended the job at its time limit/);
  });
});
