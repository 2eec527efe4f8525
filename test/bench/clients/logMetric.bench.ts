/**
 * Per-call cost of `log_metric` / `logMetric` in the Python and Node clients, each in its own child process writing
 * into a fresh run folder: N points of one metric, then N points spread over 5 metrics. Best of R repeats (the
 * machine is shared), in microseconds per call: CPU time of the whole process (the Python flush thread included),
 * and wall time. The lines found on disk afterwards are counted as a check.
 *   npx tsx test/bench/clients/logMetric.bench.ts [points=1000000] [repeats=3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POINTS = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 3);
const repo = join(__dirname, '../../..');

const python = (metrics: number): string => `
import time, mlops_workbench as m
names = ["m%d" % i for i in range(${metrics})]
m.log_metric(names[0], 0.0)
t0, c0 = time.perf_counter(), time.process_time()
for i in range(${POINTS}):
    m.log_metric(names[i % ${metrics}], i * 0.5, step=i)
m.flush()
print((time.process_time() - c0) * 1e6 / ${POINTS}, (time.perf_counter() - t0) * 1e6 / ${POINTS})
`;

const node = (metrics: number): string => `
const m = require(${JSON.stringify(join(repo, 'src/client/node/index.ts'))});
const names = Array.from({ length: ${metrics} }, (_, i) => 'm' + i);
m.logMetric(names[0], 0);
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (let i = 0; i < ${POINTS}; i++) m.logMetric(names[i % ${metrics}], i * 0.5, i);
m.getRun().close();
const cpu = process.cpuUsage(c0);
console.log((cpu.user + cpu.system) / ${POINTS}, Number(process.hrtime.bigint() - t0) / 1e3 / ${POINTS});
`;

function linesOnDisk(runDir: string): number {
  const dir = join(runDir, 'plots/metrics');
  return readdirSync(dir).reduce((n, f) => n + readFileSync(join(dir, f), 'utf8').split('\n').length - 2, 0);
}

function measure(lang: 'python' | 'node', metrics: number): { cpu: number; wall: number; lines: number } {
  let cpu = Infinity;
  let wall = Infinity;
  let lines = 0;
  for (let r = 0; r < REPEATS; r++) {
    const runDir = mkdtempSync(join(tmpdir(), 'mlops-bench-client-'));
    const env = { ...process.env, MLOPS_RUN_DIR: runDir, PYTHONPATH: join(repo, 'clients/python') };
    const out =
      lang === 'python'
        ? execFileSync('python3', ['-c', python(metrics)], { env, encoding: 'utf8' })
        : execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', node(metrics)], { cwd: repo, env, encoding: 'utf8' });
    const [c, w] = out.trim().split(' ').map(Number);
    cpu = Math.min(cpu, c);
    wall = Math.min(wall, w);
    lines = linesOnDisk(runDir);
    rmSync(runDir, { recursive: true, force: true });
  }
  return { cpu, wall, lines };
}

for (const lang of ['python', 'node'] as const) {
  for (const metrics of [1, 5]) {
    const { cpu, wall, lines } = measure(lang, metrics);
    console.log(
      `${lang.padEnd(6)} ${POINTS.toLocaleString('en-US')} points over ${metrics} metric(s): ${cpu.toFixed(2)} µs CPU/call, ${wall.toFixed(2)} µs wall/call; ${lines.toLocaleString('en-US')} lines on disk`,
    );
  }
}
