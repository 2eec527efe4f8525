/**
 * mlops.yaml parsing and workspace script scanning, each next to a peer measured in the same process:
 * - parseSpec (YAML + positions + schema + semantic checks) vs `yaml.parse` alone, on the quickstart spec
 *   (what every keystroke in the editor costs) and on a large spec of N experiments;
 * - scanWorkspaceForScripts vs a bare recursive readdir + readFile walk over the same synthetic tree.
 *   npx tsx test/bench/spec/spec.bench.ts [experiments=300] [files=3000]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scanWorkspaceForScripts } from '../../../src/core/spec/discoverScripts';
import { parseSpec } from '../../../src/core/spec/parseSpec';

const EXPERIMENTS = Number(process.argv[2] ?? 300);
const FILES = Number(process.argv[3] ?? 3000);

function largeSpec(n: number): string {
  const out = ['experiments:'];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) {
      out.push(
        `  tfjs-${i}:`,
        '    trainer: tfjs',
        '    data: {train: data/train.csv, test: data/test.csv, label: churned}',
      );
      out.push('    preprocess: {standardize: [age, income], onehot: [plan], impute: median}');
      out.push('    model: {layers: [{dense: 32, activation: relu}, {dropout: 0.2}, {dense: 1, activation: sigmoid}]}');
      out.push('    train: {epochs: 20, batchSize: 64, optimizer: adam, learningRate: 0.001, validationSplit: 0.2}');
    } else {
      out.push(`  script-${i}:`, '    command: [python, train.py, --lr, "${params.lr}", --epochs, "${params.epochs}"]');
      out.push('    params: {lr: 0.001, epochs: 5, optimizer: {name: adam, beta: 0.9}}', '    data: [data/train.csv]');
      out.push('    metric: {name: val_accuracy, goal: maximize}');
      out.push('    sweep: {method: random, trials: 20, space: {lr: {log: [1e-4, 1e-1]}}, earlyStop: median}');
    }
  }
  out.push('models:');
  for (let i = 0; i < n; i += 3) out.push(`  m${i}: {experiment: tfjs-${i}, gates: ["val_accuracy >= 0.8"]}`);
  out.push('monitors:');
  for (let i = 0; i < n; i += 3)
    out.push(`  mon${i}: {model: m${i}@production, reference: data/train.csv, current: predictions, every: 1h}`);
  return out.join('\n') + '\n';
}

function median(fn: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function medianAsync(fn: () => Promise<unknown>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function parsing(label: string, text: string, repeats: number): void {
  const check = parseSpec(text);
  if (!check.spec) throw new Error(`${label} spec is invalid: ${check.problems[0]?.message}`);
  median(() => parseSpec(text), 3);
  const full = median(() => parseSpec(text), repeats);
  const peer = median(() => parse(text), repeats);
  const lines = text.split('\n').length;
  console.log(
    `${label.padEnd(28)} ${String(lines).padStart(6)} lines  parseSpec ${full.toFixed(2)} ms  yaml.parse ${peer.toFixed(2)} ms  ratio ${(full / peer).toFixed(2)}x`,
  );
}

function buildTree(root: string): number {
  rmSync(root, { recursive: true, force: true });
  let scripts = 0;
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `pkg${i % 40}`, `sub${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const isScript = i % 10 === 0;
    scripts += isScript ? 1 : 0;
    const body =
      'import os\n' +
      'x = 1\n'.repeat(200) +
      (isScript ? 'import mlops_workbench\nif __name__ == "__main__":\n    pass\n' : '');
    writeFileSync(join(dir, `f${i}.${isScript || i % 2 ? 'py' : 'js'}`), body);
  }
  mkdirSync(join(root, 'node_modules', 'big'), { recursive: true });
  for (let i = 0; i < 500; i++) writeFileSync(join(root, 'node_modules', 'big', `m${i}.js`), 'module.exports = 1;\n');
  return scripts;
}

async function bareWalk(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') count += await bareWalk(path);
    } else if (/\.(py|js)$/.test(entry.name)) {
      await readFile(path, 'utf8');
      count++;
    }
  }
  return count;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}`);
  parsing(
    'quickstart mlops.yaml',
    readFileSync(join(__dirname, '../../../examples/quickstart/mlops.yaml'), 'utf8'),
    200,
  );
  parsing(`${EXPERIMENTS} experiments`, largeSpec(EXPERIMENTS), 15);

  const root = join(tmpdir(), 'mlops-bench-scan');
  const expected = buildTree(root);
  const found = await scanWorkspaceForScripts(root, { maxFiles: FILES * 2 });
  if (found.length !== expected) throw new Error(`scan found ${found.length}, expected ${expected}`);
  await bareWalk(root);
  const scan = await medianAsync(() => scanWorkspaceForScripts(root, { maxFiles: FILES * 2 }), 5);
  const peer = await medianAsync(() => bareWalk(root), 5);
  console.log(
    `scan ${FILES} files (${expected} scripts)  scanWorkspaceForScripts ${scan.toFixed(1)} ms  bare walk ${peer.toFixed(1)} ms  ratio ${(scan / peer).toFixed(2)}x`,
  );
  rmSync(root, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
