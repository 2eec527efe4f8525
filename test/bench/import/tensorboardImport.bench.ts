/**
 * `mlops import tensorboard` against TensorBoard's own EventAccumulator (size_guidance={'scalars': 0}, every point
 * kept), back to back on the same event files: 300 run folders x 5 tags x 1,000 steps written by tensorboardX.
 * Prints points/s of each and the ratio. The logs are written once into test/bench/results/ (git-ignored) and reused.
 * Ours is the built CLI (`node dist/cli.js import tensorboard … --json`, run `npm run build` first) timed as a whole
 * process: start-up, reader threads, run folders written and indexed. EventAccumulator's time is its Reload() loop.
 *   npx tsx test/bench/import/tensorboardImport.bench.ts [runs=300] [tags=5] [steps=1000] [repeats=3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [RUNS, TAGS, STEPS, REPEATS] = [300, 5, 1000, 3].map((d, i) => Number(process.argv[2 + i] ?? d));
const logs = join(__dirname, '../results', `tb-${RUNS}x${TAGS}x${STEPS}`);

function ensureLogs(): void {
  if (existsSync(join(logs, 'done'))) return;
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  console.log(`writing ${RUNS} x ${TAGS} x ${STEPS} points with tensorboardX into ${logs} …`);
  execFileSync(
    'python3',
    [join(__dirname, 'write_logs.py'), join(logs, 'logdir'), String(RUNS), String(TAGS), String(STEPS)],
    { stdio: 'inherit' },
  );
  execFileSync('touch', [join(logs, 'done')]);
}

function accumulator(): { points: number; seconds: number } {
  const out = execFileSync('python3', [join(__dirname, 'event_accumulator.py'), join(logs, 'logdir')], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as { points: number; seconds: number };
}

const cli = join(__dirname, '../../../dist/cli.js');

function ours(): { points: number; seconds: number } {
  const ws = mkdtempSync(join(tmpdir(), 'mlops-bench-import-'));
  try {
    const t0 = process.hrtime.bigint();
    const out = execFileSync(
      process.execPath,
      [cli, 'import', 'tensorboard', join(logs, 'logdir'), '--workspace', ws, '--json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { points: (JSON.parse(out) as { points: number }).points, seconds };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

function main(): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  ensureLogs();
  const expected = RUNS * TAGS * STEPS;
  let bestTb = Infinity;
  let bestOurs = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const tb = accumulator();
    const mine = ours();
    if (tb.points !== expected || mine.points !== expected)
      throw new Error(`points read: EventAccumulator ${tb.points}, import ${mine.points}, expected ${expected}`);
    bestTb = Math.min(bestTb, tb.seconds);
    bestOurs = Math.min(bestOurs, mine.seconds);
    console.log(
      `repeat ${r + 1}: EventAccumulator ${tb.seconds.toFixed(2)} s, mlops import ${mine.seconds.toFixed(3)} s (whole CLI process), ratio ${(tb.seconds / mine.seconds).toFixed(1)}x`,
    );
  }
  const rate = (s: number) => Math.round(expected / s).toLocaleString('en-US');
  console.log(`${expected.toLocaleString('en-US')} points, best of ${REPEATS}:`);
  console.log(`  EventAccumulator  ${bestTb.toFixed(2)} s   ${rate(bestTb)} points/s`);
  console.log(`  mlops import      ${bestOurs.toFixed(3)} s   ${rate(bestOurs)} points/s`);
  console.log(`  ratio             ${(bestTb / bestOurs).toFixed(1)}x`);
}

main();
