import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunId, RunRecord } from '../../../src/core/tracking/types';
import { settleStaleRuns } from '../../../src/backend/runner';
import { ensureLocalSlurm } from '../../slurm/localCluster';
import { REPO, removeWorkspace, testRunner, workspace } from '../backend/helpers';

const TRAIN = [
  'import os, time',
  'from mlops_workbench import log_metric',
  'for i in range(int(os.environ.get("STEPS", "10"))):',
  '    log_metric("loss", 1.0 / (i + 1), step=i)',
  '    time.sleep(float(os.environ.get("SLEEP", "0.2")))',
  '',
].join('\n');

const SPEC = [
  'experiments:',
  '  short:',
  '    command: [python3, train.py]',
  '    env: {STEPS: "15", SLEEP: "0.2"}',
  '    executor: {slurm: {cpus: 1, mem: 128M}}',
  '  tfjs-on-slurm:',
  '    trainer: tfjs',
  '    data: {train: data.csv, label: y}',
  '    model: {layers: [{dense: 1}]}',
  '    executor: slurm',
  '',
].join('\n');

function readRecord(dir: string, runId: RunId): RunRecord {
  return JSON.parse(readFileSync(join(dir, '.mlops', 'runs', runId, 'run.json'), 'utf8')) as RunRecord;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

/** Holds every CPU of the one node, so the next job pends with reason Resources. */
function blockNode(): string {
  const out = spawnSync(
    'sbatch',
    ['--parsable', '--exclusive', '--output=/dev/null', '--job-name=mlops-test-blocker', '--wrap', 'sleep 300'],
    { encoding: 'utf8' },
  );
  assert.equal(out.status, 0, out.stderr);
  return out.stdout.trim();
}

describe('slurm: runner against the local cluster (scripts/slurm-local.sh)', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  const blockers: string[] = [];

  before(function () {
    const why = ensureLocalSlurm(REPO);
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
  });
  afterEach(() => {
    if (blockers.length) spawnSync('scancel', blockers.splice(0));
  });
  after(() => dirs.forEach(removeWorkspace));

  it('shows a pending job as queued with its reason, moves it up with scontrol top, then runs it', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC, 'train.py': TRAIN });
    dirs.push(dir);
    const { runner } = testRunner(dir);
    try {
      blockers.push(blockNode());
      const { runId } = await runner.launch({ experiment: 'short' });
      const pending = await until('the job to pend behind the blocker', () => {
        const r = readRecord(dir, runId);
        // Right after release the reason is None until the scheduler has looked at the job.
        return r.slurm?.state === 'PENDING' && /^(Resources|Priority)$/.test(r.slurm.reason ?? '') && r;
      });
      assert.equal(pending.status, 'queued');
      await runner.runNow(runId);
      spawnSync('scancel', blockers.splice(0));
      const ended = await runner.waitForEnd(runId);
      assert.equal(ended.status, 'completed', ended.error ?? '');
      assert.ok(ended.startedAt && ended.startedAt >= pending.createdAt);
    } finally {
      await runner.close();
    }
  });

  it('finds a job again by its id after the backend restarts, and records its end', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC, 'train.py': TRAIN });
    dirs.push(dir);
    // The first backend lives in its own process, which must end by itself once the backend is closed.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'test', 'slurm', 'launchThenClose.ts'), dir],
      {
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    assert.equal(child.signal, null, `the process of a closed backend did not exit by itself: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    const runId = child.stdout.trim() as RunId;
    assert.equal(readRecord(dir, runId).status, 'running', 'closing the backend leaves the job running');
    const second = testRunner(dir);
    try {
      await second.runner.recover();
      assert.ok(second.runner.supervisorOf(runId), 'the new backend watches the job');
      const ended = await second.runner.waitForEnd(runId);
      assert.equal(ended.status, 'completed', ended.error ?? '');
      assert.equal(ended.slurm?.state, 'COMPLETED');
      const loss = readFileSync(join(dir, '.mlops', 'runs', runId, 'plots', 'metrics', 'loss.tsv'), 'utf8')
        .trim()
        .split('\n');
      assert.equal(loss.length, 16, 'header + 15 points');
      assert.ok(second.events.some((e) => e.type === 'runStatus' && e.runId === runId && e.status === 'completed'));
    } finally {
      await second.runner.close();
    }
  });

  it('samples CPU and memory with sstat while the job runs', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC.replace('STEPS: "15"', 'STEPS: "40"'), 'train.py': TRAIN });
    dirs.push(dir);
    const { runner, events } = testRunner(dir, {
      timing: { systemSampleMs: 1000, slurmPollMs: 300, heartbeatMs: 1000, followPollMs: 50 },
    });
    try {
      const { runId } = await runner.launch({ experiment: 'short' });
      await runner.waitForEnd(runId);
      const samples = events.filter((e) => e.type === 'systemSample' && e.runId === runId);
      assert.ok(samples.length >= 2, `${samples.length} sstat samples`);
      assert.ok(existsSync(join(dir, '.mlops', 'runs', runId, 'system', 'rss.tsv')));
    } finally {
      await runner.close();
    }
  });

  it('cancels a pending job (queue cancel) with scancel before it starts', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC, 'train.py': TRAIN });
    dirs.push(dir);
    const { runner } = testRunner(dir);
    try {
      blockers.push(blockNode());
      const { runId } = await runner.launch({ experiment: 'short' });
      await until('the job to pend', () => readRecord(dir, runId).slurm?.state === 'PENDING');
      await runner.cancel(runId);
      const ended = readRecord(dir, runId);
      assert.equal(ended.status, 'killed');
      assert.equal(ended.startedAt, null);
      assert.equal(ended.slurm?.state, 'CANCELLED');
    } finally {
      await runner.close();
    }
  });

  it('a detached CLI submission nobody watches is settled by the next reading command once its job ended', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC.replace('STEPS: "15"', 'STEPS: "3"'), 'train.py': TRAIN });
    dirs.push(dir);
    const { runner } = testRunner(dir, { role: 'cli' });
    const { runId } = await runner.launch({ experiment: 'short' }, { supervise: false });
    await runner.close();
    const jobId = readRecord(dir, runId).slurm!.jobId!;
    assert.equal(readRecord(dir, runId).supervisor, null);
    await until(
      'the job to leave the queue',
      () => spawnSync('squeue', ['-h', '-j', jobId], { encoding: 'utf8' }).stdout.trim() === '',
    );
    const ended = await settleStaleRuns(dir);
    assert.deepEqual(
      ended.map((r) => [r.id, r.status]),
      [[runId, 'completed']],
    );
    assert.ok(readRecord(dir, runId).startedAt, 'the start comes from Slurm');
  });

  it('runs a two-trial sweep with each trial as a Slurm job (mlops sweep)', async () => {
    const spec = [
      'experiments:',
      '  swept:',
      '    command: [python3, train.py, "${params.lr}"]',
      '    params: {lr: 0.1}',
      '    env: {STEPS: "4", SLEEP: "0.1"}',
      '    metric: {name: loss, goal: minimize}',
      '    executor: {slurm: {cpus: 1, mem: 128M}}',
      '    sweep: {method: grid, concurrency: 2, space: {lr: {values: [0.1, 0.2]}}}',
      '',
    ].join('\n');
    const dir = workspace({ 'mlops.yaml': spec, 'train.py': TRAIN });
    dirs.push(dir);
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), 'sweep', 'swept', '--json', '--workspace', dir],
      { encoding: 'utf8', cwd: REPO, timeout: 150_000 },
    );
    assert.equal(cli.status, 0, cli.stderr);
    const result = JSON.parse(cli.stdout) as {
      trials: Array<{ runId: RunId; status: string; params: Record<string, unknown> }>;
    };
    assert.equal(result.trials.length, 2);
    const jobs = result.trials.map((t) => {
      assert.equal(t.status, 'completed');
      const record = readRecord(dir, t.runId);
      assert.equal(record.executor, 'slurm');
      assert.equal(record.slurm?.state, 'COMPLETED');
      assert.equal(record.sweep !== undefined && record.sweep !== null, true, 'the trial names its sweep');
      return record.slurm!.jobId;
    });
    assert.equal(new Set(jobs).size, 2, 'one job per trial');
    assert.deepEqual(result.trials.map((t) => t.params.lr).sort(), [0.1, 0.2]);
  });

  it("a sweep's early stop of a Slurm trial cancels the job and ends the run pruned, its points kept", async () => {
    const dir = workspace({ 'mlops.yaml': SPEC.replace('STEPS: "15"', 'STEPS: "400"'), 'train.py': TRAIN });
    dirs.push(dir);
    const { runner } = testRunner(dir);
    try {
      const { runId } = await runner.launch({ experiment: 'short' });
      await until(
        'a few points',
        () =>
          readRecord(dir, runId).status === 'running' &&
          existsSync(join(dir, '.mlops', 'runs', runId, 'plots', 'metrics', 'loss.tsv')),
      );
      const ended = await runner.prune(runId, 'median rule at step 2', 2);
      assert.equal(ended.status, 'pruned');
      assert.equal(ended.error, 'median rule at step 2');
      assert.equal(readRecord(dir, runId).slurm?.state, 'CANCELLED');
    } finally {
      await runner.close();
    }
  });

  it('refuses the tfjs trainer on Slurm with a reason, as a failed run', async () => {
    const dir = workspace({ 'mlops.yaml': SPEC, 'train.py': TRAIN, 'data.csv': 'x,y\n1,2\n' });
    dirs.push(dir);
    const { runner } = testRunner(dir);
    try {
      const { runId } = await runner.launch({ experiment: 'tfjs-on-slurm' });
      const ended = readRecord(dir, runId);
      assert.equal(ended.status, 'failed');
      assert.match(ended.error ?? '', /runs locally only/);
    } finally {
      await runner.close();
    }
  });
});
