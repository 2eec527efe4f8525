/**
 * Scheduler overhead per trial: the time from one trial's end (run.json endedAt) to the next one's start (startedAt)
 * in a 20-trial sweep at concurrency 1, against the same 20 runs launched one after another through the same Runner
 * (what a script calling `mlops run` in a loop gets, minus the CLI's start-up). Trials are `node` scripts that log
 * one point and exit, so the gaps are the scheduler's and the queue's, not the training's.
 *   npx tsx test/bench/sweep/scheduler.bench.ts
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runner } from '../../../src/backend/runner';
import { SweepDriver } from '../../../src/backend/sweep/sweepDriver';
import { findExperiment } from '../../../src/core/spec/experiments';
import { loadSpec, requireValidSpec } from '../../../src/core/spec/loadSpec';
import { planSweep } from '../../../src/core/sweep/planSweep';
import { writeNewSweep } from '../../../src/core/sweep/sweepStore';
import type { RunRecord } from '../../../src/core/tracking/types';

const TRIALS = Number(process.env.TRIALS ?? 20);
const TRIAL = `const fs=require('fs'),p=require('path');const d=p.join(process.env.MLOPS_RUN_DIR,'plots','metrics');fs.mkdirSync(d,{recursive:true});
fs.writeFileSync(p.join(d,'loss.tsv'),'timestamp\\tstep\\tloss\\n'+Date.now()+'\\t0\\t'+JSON.parse(process.env.MLOPS_PARAMS).x+'\\n');`;

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-sweep-bench-'));
  writeFileSync(join(dir, 'trial.js'), TRIAL);
  writeFileSync(
    join(dir, 'mlops.yaml'),
    `experiments:\n  t:\n    command: ${JSON.stringify([process.execPath, 'trial.js'])}\n    params: {x: 0}\n    metric: {name: loss, goal: minimize}\n` +
      `    sweep: {method: random, trials: ${TRIALS}, concurrency: 1, space: {x: {uniform: [0, 1]}}}\n`,
  );
  return dir;
}

function gaps(records: RunRecord[]): number[] {
  const sorted = [...records].sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
  return sorted.slice(1).map((r, i) => Date.parse(r.startedAt!) - Date.parse(sorted[i].endedAt!));
}

function describe(name: string, ms: number[], totalMs: number): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `${name.padEnd(34)} end → next start: median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${s[s.length - 1]} ms; ${TRIALS} trials in ${(totalMs / 1000).toFixed(1)} s`;
}

async function sweep(dir: string): Promise<{ gaps: number[]; ms: number }> {
  const runner = new Runner({ workspace: dir, role: 'cli', captureLineage: false });
  const spec = requireValidSpec(await loadSpec(dir));
  const record = planSweep(findExperiment(spec, 't'));
  await writeNewSweep(dir, record);
  const started = Date.now();
  const done = await SweepDriver.drive({ runner, sweepId: record.id });
  const ms = Date.now() - started;
  const runs = await Promise.all(done.trialRecords.map((t) => runner.ctx.store.getRun(t.runId!)));
  await runner.close();
  return { gaps: gaps(runs as RunRecord[]), ms };
}

async function sequential(dir: string): Promise<{ gaps: number[]; ms: number }> {
  const runner = new Runner({ workspace: dir, role: 'cli', captureLineage: false });
  const started = Date.now();
  const runs: RunRecord[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const launched = await runner.launch({ experiment: 't', overrides: { x: i / TRIALS } });
    runs.push(await runner.waitForEnd(launched.runId));
  }
  const ms = Date.now() - started;
  await runner.close();
  return { gaps: gaps(runs), ms };
}

async function main() {
  for (const [name, fn] of [
    ['sweep (SweepDriver, concurrency 1)', sweep],
    ['runs one after another (peer)', sequential],
  ] as const) {
    const dir = workspace();
    try {
      const { gaps: g, ms } = await fn(dir);
      console.log(describe(name, g, ms));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();
