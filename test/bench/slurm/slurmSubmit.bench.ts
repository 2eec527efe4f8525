/**
 * Slurm executor figures, on the local one-node cluster (scripts/slurm-local.sh; run as root or with it up):
 * 1. Submission overhead: from ▶ Run (a `launch` request to a real backend forked with IPC, as the extension sends it)
 *    to the job being in Slurm's queue (squeue lists it, released), against a bare `sbatch` of the same generated
 *    script, alternating, N times each.
 * 2. Metric latency: a job on the node appends a metric line every 50 ms with its write time; for each point, the time
 *    from the write to the `metricPoints` event reaching the parent, for the same script run locally and on Slurm.
 *   npx tsx test/bench/slurm/slurmSubmit.bench.ts [submissions] [points]
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createBackendClient, type BackendClient } from '../../../src/backend/ipc/client';
import type { RunRecord } from '../../../src/core/tracking/types';
import { ensureLocalSlurm } from '../../slurm/localCluster';

const submissions = Number(process.argv[2] ?? 10);
const points = Number(process.argv[3] ?? 100);
const repo = resolve(__dirname, '..', '..', '..');

const WRITER = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const fd = fs.openSync(path.join(dir, 'loss.tsv'), 'a');
fs.writeSync(fd, 'timestamp\\tstep\\tloss\\n');
let step = 0;
const timer = setInterval(() => {
  fs.writeSync(fd, Date.now() + '\\t' + step + '\\t0.5\\n');
  if (++step === Number(process.env.POINTS)) { clearInterval(timer); setTimeout(() => process.exit(0), 200); }
}, 50);`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (xs: number[]) =>
  `median ${pct(xs, 50).toFixed(0)} ms, p90 ${pct(xs, 90).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms`;

function startBackend(dir: string): { child: ChildProcess; client: BackendClient } {
  const child = fork(join(repo, 'src', 'backend', 'main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MLOPS_BACKEND_WORKSPACE: dir },
  });
  return { child, client: createBackendClient(child) };
}

function inQueue(jobId: string): boolean {
  const out = spawnSync('squeue', ['-h', '-j', jobId, '-o', '%T'], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.trim() !== '';
}

async function submissionOverhead(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-slurm-'));
  writeFileSync(
    join(dir, 'mlops.yaml'),
    'experiments:\n  noop:\n    command: ["true"]\n    executor: {slurm: {cpus: 1, mem: 64M}}\n',
  );
  // Hold the node so every job stays pending: the figures are about reaching the queue, not running.
  const blocker = spawnSync('sbatch', ['--parsable', '--exclusive', '--output=/dev/null', '--wrap', 'sleep 600'], {
    encoding: 'utf8',
  }).stdout.trim();
  const { child, client } = startBackend(dir);
  const ours: number[] = [];
  const bare: number[] = [];
  const jobs: string[] = [blocker];
  try {
    await client.ready;
    await client.request('launch', { experiment: 'noop' }); // warm-up: spec parse, first sbatch
    for (let i = 0; i < submissions; i++) {
      let started = performance.now();
      const { runId } = await client.request('launch', { experiment: 'noop' });
      const record = JSON.parse(readFileSync(join(dir, '.mlops', 'runs', runId, 'run.json'), 'utf8')) as RunRecord;
      const jobId = record.slurm!.jobId!;
      while (!inQueue(jobId)) await delay(1);
      ours.push(performance.now() - started);
      jobs.push(jobId);
      const script = join(dir, '.mlops', 'runs', runId, 'slurm.sh');
      const args = record
        .slurm!.submitLine.split(' ')
        .slice(1, -1)
        .filter((a) => a !== '--hold');
      started = performance.now();
      const out = spawnSync('sbatch', [...args, script], { encoding: 'utf8' });
      const bareId = out.stdout.trim().split(';')[0];
      while (!inQueue(bareId)) await delay(1);
      bare.push(performance.now() - started);
      jobs.push(bareId);
    }
    const ratio = pct(ours, 50) / pct(bare, 50);
    console.log(`submission, ▶ Run (launch over IPC) → job in the queue: ${fmt(ours)}`);
    console.log(`submission, bare sbatch of the same script → job in the queue: ${fmt(bare)}`);
    console.log(
      `submission overhead: ${(pct(ours, 50) - pct(bare, 50)).toFixed(0)} ms at the median (${ratio.toFixed(2)}× bare sbatch), ${submissions} each, alternating`,
    );
    await client.request('shutdown', {});
  } finally {
    spawnSync('scancel', jobs);
    client.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function metricLatency(executor: 'local' | 'slurm'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `mlops-bench-slurm-${executor}-`));
  writeFileSync(join(dir, 'writer.js'), WRITER);
  writeFileSync(
    join(dir, 'mlops.yaml'),
    `experiments:\n  writer:\n    command: [${JSON.stringify(process.execPath)}, writer.js]\n    env: {POINTS: "${points}"}\n    executor: ${executor}\n`,
  );
  const { child, client } = startBackend(dir);
  try {
    await client.ready;
    const delays: number[] = [];
    let ended = false;
    client.onEvent((e) => {
      const now = Date.now();
      if (e.type === 'metricPoints' && e.name === 'loss') for (const p of e.points) delays.push(now - p.timestamp);
      if (e.type === 'runStatus' && e.status !== 'running' && e.status !== 'queued') ended = true;
    });
    const { runId } = await client.request('launch', { experiment: 'writer' });
    const snapshot = await client.request('subscribe', { runId });
    const before = snapshot.series.find((s) => s.name === 'loss')?.points.length ?? 0;
    while (!ended) await delay(50);
    await delay(300);
    console.log(
      `metric line written → event in the parent, ${executor.padEnd(5)}: p50 ${pct(delays, 50)} ms, p95 ${pct(delays, 95)} ms, max ${Math.max(...delays)} ms over ${delays.length} points (+${before} in the subscribe snapshot)`,
    );
    await client.request('shutdown', {});
  } finally {
    client.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const why = ensureLocalSlurm(repo);
  if (why) {
    console.log(`skipped: ${why}`);
    return;
  }
  await submissionOverhead();
  await metricLatency('local');
  await metricLatency('slurm');
}

void main();
