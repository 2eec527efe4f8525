/**
 * Capture overhead per launch (issue 6): a generated repo with 5,000 tracked files (a few of them modified,
 * a few untracked) and a 1 GB data file (git-ignored), all under /tmp.
 *   first launch:  code + data (hashed, cold hash cache) + environment (Python probe, cold env cache)
 *   second launch: the same with warm caches
 * Peers, run back to back in the same session: `sha256sum` of the same 1 GB file and `git status` on the
 * same repo. Also: a 50 MB uncommitted diff, streamed to diff.patch and summarised.
 * Run: npx tsx test/bench/lineage/captureOverhead.ts   (MLOPS_BENCH_GB=0.25 for a smaller data file)
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { captureLaunchLineage } from '../../../src/core/lineage/launchCapture';
import { captureGit } from '../../../src/core/lineage/gitCapture';
import { hashCachePath } from '../../../src/core/lineage/hashCache';
import { hashInputs } from '../../../src/core/lineage/dataHashing';
import { envCacheDir } from '../../../src/core/lineage/envCapture';
import { forgetPythonEnvs } from '../../../src/core/lineage/pythonEnv';

const FILES = 5000;
const DATA_BYTES = Math.round(Number(process.env.MLOPS_BENCH_GB ?? '1') * 1024 ** 3);
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@x',
};

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

function makeRepo(root: string): string {
  const repo = join(root, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  for (let i = 0; i < FILES; i++) {
    const dir = join(repo, 'src', `pkg${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `mod${i}.py`), `# module ${i}\n${'x = 1\n'.repeat(40 + (i % 50))}`);
  }
  writeFileSync(join(repo, '.gitignore'), 'data/\n.mlops/\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'generated');
  for (let i = 0; i < 20; i++) writeFileSync(join(repo, 'src', 'pkg0', `mod${i}.py`), `# edited ${i}\n`);
  for (let i = 0; i < 5; i++) writeFileSync(join(repo, `scratch${i}.py`), `print(${i})\n`);
  return repo;
}

function makeData(repo: string): string {
  mkdirSync(join(repo, 'data'));
  const path = join(repo, 'data', 'big.bin');
  const block = randomBytes(16 * 1024 * 1024);
  const fd = openSync(path, 'w');
  for (let written = 0; written < DATA_BYTES; written += block.length)
    writeSync(fd, block, 0, Math.min(block.length, DATA_BYTES - written));
  closeSync(fd);
  // A file written moments ago is never cached (racy window); a real data file is older than its launch.
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
  return path;
}

async function launchBench(repo: string, dataPath: string) {
  const runDir = (n: number) => join(repo, '.mlops', 'runs', `bench${n}`);
  const launchWith = (n: number, python: string) =>
    captureLaunchLineage(repo, { runDir: runDir(n), data: ['data/big.bin'], python });
  const launch = (n: number) => launchWith(n, 'python3');
  let n = 0;

  const sha256sum = [0, 1].map(() => time(() => execFileSync('sha256sum', [dataPath])));
  // coreutils' sha256sum has no SHA-NI code path; openssl (like Node's crypto) does, so it is the fairer peer.
  const openssl = [0, 1].map(() => time(() => execFileSync('openssl', ['dgst', '-sha256', dataPath])));
  const gitStatus = [0, 1, 2, 3, 4].map(() => time(() => git(repo, 'status', '--porcelain')));

  const first: number[] = [];
  for (let i = 0; i < 2; i++) {
    rmSync(hashCachePath(repo), { force: true });
    rmSync(envCacheDir(repo), { recursive: true, force: true });
    forgetPythonEnvs();
    first.push(await timeAsync(() => launch(n++)));
  }
  const second: number[] = [];
  for (let i = 0; i < 7; i++) second.push(await timeAsync(() => launch(n++)));
  // 'python3' may be a wrapper script (a pyenv shim), which costs one quick Python start per launch to see which
  // binary it runs; a venv's or conda's python is a binary and costs only stat calls.
  const binary = (await launch(n++)).env.pythonExecutable!;
  await launchWith(n++, binary);
  const secondBinary: number[] = [];
  for (let i = 0; i < 7; i++) secondBinary.push(await timeAsync(() => launchWith(n++, binary)));
  const hashOnlyCold = await timeAsync(() => hashInputs(repo, ['data/big.bin'], { cache: false }));
  const gitOnly: number[] = [];
  for (let i = 0; i < 7; i++) gitOnly.push(await timeAsync(() => captureGit(repo, { runDir: runDir(n++) })));
  const sha256sumAfter = time(() => execFileSync('sha256sum', [dataPath]));
  const gitStatusAfter = [0, 1, 2].map(() => time(() => git(repo, 'status', '--porcelain')));
  return {
    sha256sum: median([...sha256sum, sha256sumAfter]),
    openssl: median(openssl),
    secondBinary: median(secondBinary),
    binary,
    hashOnlyCold,
    gitStatus: median([...gitStatus, ...gitStatusAfter]),
    first: median(first),
    firstRuns: first,
    second: median(second),
    gitOnly: median(gitOnly),
  };
}

async function bigDiffBench(root: string) {
  const repo = join(root, 'bigdiff');
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  const lines = (tag: string) =>
    Array.from({ length: 600_000 }, (_, i) => `${tag} line ${i} ${'y'.repeat(30)}`).join('\n');
  writeFileSync(join(repo, 'big.txt'), lines('old'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'big');
  writeFileSync(join(repo, 'big.txt'), lines('new'));
  const plainDiff = () =>
    time(() =>
      execFileSync('git', ['diff', 'HEAD'], { cwd: repo, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }),
    );
  const diffs = [plainDiff()];
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  let info: Awaited<ReturnType<typeof captureGit>> | undefined;
  const captures: number[] = [];
  for (let i = 0; i < 3; i++)
    captures.push(
      await timeAsync(async () => (info = await captureGit(repo, { runDir: join(root, `bigdiff-run${i}`) }))),
    );
  clearInterval(sampler);
  diffs.push(plainDiff(), plainDiff());
  const elapsed = median(captures);
  const gitDiff = median(diffs);
  return { elapsed, gitDiff, stats: info!.diffStats!, rssGrowthMB: (peak - rssBefore) / 1024 / 1024 };
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), 'lineage-bench-'));
  try {
    const tSetup = performance.now();
    const repo = makeRepo(root);
    const dataPath = makeData(repo);
    console.log(
      `setup: ${FILES} files + ${(DATA_BYTES / 1024 ** 3).toFixed(2)} GB data in ${ms(performance.now() - tSetup)} (${root})`,
    );
    const r = await launchBench(repo, dataPath);
    const d = await bigDiffBench(root);
    console.log('');
    console.log(`peer  sha256sum of the data file         ${ms(r.sha256sum)}`);
    console.log(`peer  openssl dgst -sha256 of the file    ${ms(r.openssl)}`);
    console.log(`peer  git status on the repo              ${ms(r.gitStatus)}`);
    console.log(`peer  sum                                 ${ms(r.sha256sum + r.gitStatus)}`);
    console.log(
      `first launch capture (cold caches)        ${ms(r.first)}  (runs: ${r.firstRuns.map(ms).join(', ')})  = ${(r.first / (r.sha256sum + r.gitStatus)).toFixed(2)}× peers' sum`,
    );
    console.log(
      `second launch capture (warm caches)       ${ms(r.second)}  ('python3' from PATH)  = ${(r.second / r.gitStatus).toFixed(2)}× git status, ${(r.second / r.sha256sum).toFixed(3)}× sha256sum`,
    );
    console.log(`second launch, interpreter given as binary ${ms(r.secondBinary)}  (${r.binary})`);
    console.log(
      `  hashInputs alone, no cache              ${ms(r.hashOnlyCold)}  = ${(r.hashOnlyCold / r.openssl).toFixed(2)}× openssl, ${(r.hashOnlyCold / r.sha256sum).toFixed(2)}× sha256sum`,
    );
    console.log(
      `  captureGit alone                        ${ms(r.gitOnly)}  = ${(r.gitOnly / r.gitStatus).toFixed(2)}× git status`,
    );
    console.log(
      `50 MB diff: captureGit ${ms(d.elapsed)} vs plain git diff HEAD ${ms(d.gitDiff)}; patch ${(d.stats.bytes / 1024 ** 2).toFixed(1)} MB, ${d.stats.files} file, +${d.stats.insertions}/-${d.stats.deletions}; peak RSS growth ${d.rssGrowthMB.toFixed(1)} MB`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
