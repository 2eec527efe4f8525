/**
 * tfjs trainer throughput: samples/s of training steps for an MLP 784-128-10 (ReLU, softmax, Adam), batch 128,
 * on every engine that runs here, next to the same model hand-written in numpy (and PyTorch when installed),
 * run in the same session. Also the trainer's own end-to-end figure (fit loop with metric logging).
 *
 *   npx tsx test/bench/tfjs/mlpThroughput.ts [steps]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_NAMES, selectEngine, type EngineName } from '../../../src/backend/trainer/engine/selectEngine';
import { runTrainer } from '../../../src/backend/trainer/runTrainer';
import type { Tf } from '../../../src/backend/trainer/tf';

const BATCH = 128;
const steps = Number(process.argv[2] ?? 40);
const REPEATS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function rawThroughput(tf: Tf): Promise<number> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomNormal([BATCH * 8, 784]);
  const y = tf.oneHot(tf.randomUniform([BATCH * 8], 0, 10, 'int32'), 10);
  const batches = Array.from({ length: 8 }, (_, i) => [x.slice(i * BATCH, BATCH), y.slice(i * BATCH, BATCH)] as const);
  for (let i = 0; i < 3; i++) await model.trainOnBatch(batches[i][0], batches[i][1]);
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(batches[i % 8][0], batches[i % 8][1]);
    rates.push((steps * BATCH) / ((performance.now() - start) / 1000));
  }
  tf.dispose([x, y, ...batches.flat()]);
  model.dispose();
  return median(rates);
}

/** The trainer's own figure: runTrainer on a 784-value array column, fit loop with metric logging. */
async function trainerThroughput(engine: EngineName, ws: string): Promise<number> {
  const report = await runTrainer({
    runDir: join(ws, `run-${engine}`),
    workspace: ws,
    engine,
    log: () => undefined,
    spec: {
      name: 'mlp',
      trainer: 'tfjs',
      params: {},
      data: { train: 'digits.csv', label: 'digit', features: ['pixels'] },
      preprocess: { arrays: { pixels: { shape: [784] } } },
      model: {
        layers: [
          { dense: 128, activation: 'relu' },
          { dense: 10, activation: 'softmax' },
        ],
      },
      train: { epochs: 2, batchSize: BATCH, validationSplit: 0 },
    },
  });
  return report.samplesPerSec ?? 0;
}

function writeDigits(ws: string, rows: number): void {
  const lines = ['pixels,digit'];
  for (let i = 0; i < rows; i++) {
    const px = Array.from({ length: 784 }, (_, k) => ((i * 31 + k * 7) % 255) / 255).map((v) => v.toFixed(2));
    lines.push(`"${px.join(' ')}",${i % 10}`);
  }
  writeFileSync(join(ws, 'digits.csv'), lines.join('\n') + '\n');
}

type PeerResult = { runtime: string; samplesPerSec: number } | string;

function pythonPeer(script: string, env: Record<string, string> = {}): PeerResult {
  try {
    const out = execFileSync('python3', [join(__dirname, script), String(steps * 4)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err)
      .trim()
      .split('\n')
      .pop()!;
  }
}

const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

async function main(): Promise<void> {
  console.log(
    `MLP 784-128-10, batch ${BATCH}, median of ${REPEATS} timed runs; ${cpus().length} CPUs: ${cpus()[0]?.model}; load ${loadavg()[0].toFixed(1)}`,
  );
  const ws = mkdtempSync(join(tmpdir(), 'mlops-bench-tfjs-'));
  writeDigits(ws, BATCH * 16);
  // The single-threaded numpy peer runs before and after the tfjs engines (cores may be shared); ratios use the mean.
  const before = pythonPeer('mlp_numpy.py', ONE_THREAD);
  const rows: Array<{ name: string; text: string; rate: number }> = [];
  for (const engine of ENGINE_NAMES) {
    try {
      const picked = await selectEngine({ force: engine });
      const raw = await rawThroughput(picked.tf);
      const viaTrainer = await trainerThroughput(engine, ws);
      rows.push({
        name: `tfjs ${engine}`,
        text: `${Math.round(raw)} (trainer fit loop: ${Math.round(viaTrainer)})`,
        rate: raw,
      });
    } catch (err) {
      rows.push({
        name: `tfjs ${engine}`,
        text: `skipped: ${(err as Error).message.split(': ').slice(-1)[0]}`,
        rate: NaN,
      });
    }
  }
  const after = pythonPeer('mlp_numpy.py', ONE_THREAD);
  const peers = [before, after].filter((p): p is Exclude<PeerResult, string> => typeof p !== 'string');
  const peerRate = peers.length ? peers.reduce((a, p) => a + p.samplesPerSec, 0) / peers.length : NaN;
  rows.push({
    name: peers[0]?.runtime ?? 'numpy',
    text: peers.length
      ? peers.map((p) => Math.round(p.samplesPerSec)).join(' before, ') + (peers.length > 1 ? ' after' : '')
      : `skipped: ${before}`,
    rate: peerRate,
  });
  for (const [script, env] of [
    ['mlp_numpy.py', {}],
    ['mlp_torch.py', {}],
  ] as const) {
    const r = pythonPeer(script, env);
    rows.push(
      typeof r === 'string'
        ? { name: script.replace('mlp_', '').replace('.py', ''), text: `skipped: ${r}`, rate: NaN }
        : { name: r.runtime, text: String(Math.round(r.samplesPerSec)), rate: r.samplesPerSec },
    );
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'runtime'.padEnd(width)}  ${'samples/s'.padEnd(44)} vs numpy (1 thread)`);
  for (const r of rows)
    console.log(
      `${r.name.padEnd(width)}  ${r.text.padEnd(44)} ${Number.isNaN(r.rate) ? '' : (r.rate / peerRate).toFixed(2)}`,
    );
  rmSync(ws, { recursive: true, force: true });
}

void main();
