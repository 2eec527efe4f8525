/**
 * Tracking overhead: the same Python training loop (numpy work, a metric per step, 1,000+ steps/s) run plain vs
 * under the runner (what `mlops run` does: queue, lineage capture, detached spawn, log file, system sampling) with
 * the client logging every step. Prints wall-time ratios; the target is < 1.01.
 *   npx tsx test/bench/backend/trackingOverhead.ts [steps] [repeats]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Runner } from '../../../src/backend/runner';

const steps = Number(process.argv[2] ?? 5000);
const repeats = Number(process.argv[3] ?? 3);
const repo = resolve(__dirname, '..', '..', '..');

const LOOP = `import os, sys, time
import numpy as np
log = os.environ.get("MLOPS_RUN_DIR") is not None
if log:
    from mlops_workbench import log_metric
rng = np.random.default_rng(0)
w = rng.standard_normal((192, 192))
x = rng.standard_normal((192, 192))
steps = int(sys.argv[1])
t0 = time.perf_counter()
c0 = time.process_time()
for step in range(steps):
    y = np.tanh(x @ w)
    loss = float((y * y).mean())
    w -= 1e-4 * (x.T @ y)
    if log:
        log_metric("loss", loss, step=step)
elapsed = time.perf_counter() - t0
cpu = time.process_time() - c0
print("loop_seconds %.6f cpu_seconds %.6f steps_per_second %.1f" % (elapsed, cpu, steps / elapsed))
`;

const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

interface Timing {
  wall: number;
  loop: number;
  cpu: number;
  /** CPU seconds the supervising process spent (tracked runs only). */
  supervisorCpu?: number;
}

function loopTimes(log: string): { loop: number; cpu: number } {
  return { loop: Number(/loop_seconds ([\d.]+)/.exec(log)?.[1]), cpu: Number(/cpu_seconds ([\d.]+)/.exec(log)?.[1]) };
}

async function plain(dir: string): Promise<Timing> {
  const out = join(dir, 'plain.log');
  const started = performance.now();
  await new Promise<void>((done, fail) => {
    const fd = openSync(out, 'w');
    const child = spawn('python3', ['loop.py', String(steps)], { cwd: dir, env, stdio: ['ignore', fd, fd] });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`plain run exited ${code}`))));
  });
  return { wall: (performance.now() - started) / 1000, ...loopTimes(readFileSync(out, 'utf8')) };
}

async function tracked(dir: string): Promise<Timing> {
  const runner = new Runner({
    workspace: dir,
    role: 'cli',
    baseEnv: env,
    clients: { python: join(repo, 'clients', 'python'), node: null },
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { runId, runDir } = await runner.launch({ experiment: 'loop' });
  const record = await runner.waitForEnd(runId);
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpuBefore);
  await runner.close();
  if (record.status !== 'completed')
    throw new Error(`tracked run ${record.status}: ${readFileSync(join(runDir, 'log.txt'), 'utf8')}`);
  return {
    wall,
    ...loopTimes(readFileSync(join(runDir, 'log.txt'), 'utf8')),
    supervisorCpu: (used.user + used.system) / 1e6,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-overhead-'));
  writeFileSync(join(dir, 'loop.py'), LOOP);
  writeFileSync(join(dir, 'mlops.yaml'), `experiments:\n  loop:\n    command: [python3, loop.py, "${steps}"]\n`);
  const rows: Array<{ plain: Timing; tracked: Timing }> = [];
  try {
    await plain(dir);
    for (let i = 0; i < repeats; i++) rows.push({ plain: await plain(dir), tracked: await tracked(dir) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [i, r] of rows.entries()) {
    console.log(
      `#${i + 1} plain wall ${r.plain.wall.toFixed(3)} s (loop ${r.plain.loop.toFixed(3)} s, ${(steps / r.plain.loop).toFixed(0)} steps/s) | ` +
        `tracked wall ${r.tracked.wall.toFixed(3)} s (loop ${r.tracked.loop.toFixed(3)} s) | wall ratio ${(r.tracked.wall / r.plain.wall).toFixed(4)} ` +
        `loop ratio ${(r.tracked.loop / r.plain.loop).toFixed(4)} loop-CPU ratio ${(r.tracked.cpu / r.plain.cpu).toFixed(4)} supervisor CPU ${r.tracked.supervisorCpu!.toFixed(3)} s`,
    );
  }
  const wallRatio = median(rows.map((r) => r.tracked.wall / r.plain.wall));
  const loopRatio = median(rows.map((r) => r.tracked.loop / r.plain.loop));
  const cpuRatio = median(rows.map((r) => r.tracked.cpu / r.plain.cpu));
  console.log(
    `steps ${steps}; median ratios tracked/plain: wall ${wallRatio.toFixed(4)}, in-loop wall ${loopRatio.toFixed(4)}, in-loop CPU ${cpuRatio.toFixed(4)} (target < 1.01)`,
  );
}

void main();
