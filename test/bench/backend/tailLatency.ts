/**
 * Live-metric latency and tail throughput.
 * 1. Latency: a real backend (forked with IPC, as the extension does) follows a run whose script appends a metric
 *    line every 20 ms with its write time; for each point, the time from the write to the event reaching the parent.
 * 2. Throughput: another process appends lines as fast as it can while a MetricTail follows the file.
 *   npx tsx test/bench/backend/tailLatency.ts [points] [throughputLines]
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createBackendClient } from '../../../src/backend/ipc/client';
import { MetricTail } from '../../../src/core/tracking/metricTail';

const points = Number(process.argv[2] ?? 300);
const throughputLines = Number(process.argv[3] ?? 2_000_000);
const repo = resolve(__dirname, '..', '..', '..');

const WRITER = `const fs = require('fs'), path = require('path');
const dir = path.join(process.env.MLOPS_RUN_DIR, 'plots', 'metrics');
fs.mkdirSync(dir, { recursive: true });
const fd = fs.openSync(path.join(dir, 'loss.tsv'), 'a');
fs.writeSync(fd, 'timestamp\\tstep\\tloss\\n');
let step = 0;
const timer = setInterval(() => {
  fs.writeSync(fd, Date.now() + '\\t' + step + '\\t0.5\\n');
  if (++step === ${points}) { clearInterval(timer); setTimeout(() => process.exit(0), 200); }
}, 20);`;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function latency(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-latency-'));
  writeFileSync(join(dir, 'writer.js'), WRITER);
  writeFileSync(
    join(dir, 'mlops.yaml'),
    `experiments:\n  writer:\n    command: [${JSON.stringify(process.execPath)}, writer.js]\n`,
  );
  const child = fork(join(repo, 'src', 'backend', 'main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, MLOPS_BACKEND_WORKSPACE: dir },
  });
  const client = createBackendClient(child);
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
      `tail+IPC latency over ${delays.length} points (+${before} in the subscribe snapshot): p50 ${pct(delays, 50)} ms, p95 ${pct(delays, 95)} ms, max ${Math.max(...delays)} ms (target p95 < 1000 ms)`,
    );
    await client.request('shutdown', {});
  } finally {
    client.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function throughput(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-tail-'));
  const file = join(dir, 'loss.tsv');
  writeFileSync(file, 'timestamp\tstep\tloss\n');
  const appender = `const fs = require('fs'); const fd = fs.openSync(${JSON.stringify(file)}, 'a');
let step = 0; const total = ${throughputLines};
while (step < total) { let chunk = ''; for (let i = 0; i < 1000 && step < total; i++, step++) chunk += Date.now() + '\\t' + step + '\\t' + (step * 0.001) + '\\n'; fs.writeSync(fd, chunk); }`;
  const tail = new MetricTail(file, 'loss');
  const started = performance.now();
  const writer = spawn(process.execPath, ['-e', appender], { stdio: 'ignore' });
  let writerDone = false;
  writer.on('exit', () => (writerDone = true));
  let seen = 0;
  let lastStep = -1;
  while (seen < throughputLines) {
    const batch = await tail.poll();
    for (const p of batch.points) {
      if (p.step !== lastStep + 1) throw new Error(`step ${p.step} after ${lastStep}`);
      lastStep = p.step;
    }
    seen += batch.points.length;
    if (batch.points.length === 0) await delay(writerDone ? 0 : 5);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `tail throughput: ${seen} lines appended by another process ingested in ${seconds.toFixed(2)} s = ${Math.round(seen / seconds).toLocaleString('en-US')} lines/s`,
  );
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  await latency();
  await throughput();
}

void main();
