import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliContext } from '../../../src/cli/command';
import { FileRunStore } from '../../../src/core/store/fileRunStore';
import type { GitInfo, RunId } from '../../../src/core/tracking/types';

export const REPO = resolve(__dirname, '..', '..', '..');

export function tempWorkspace(): string {
  return mkdtempSync(join(tmpdir(), 'mlops-registry-'));
}

export interface RunFixture {
  metrics?: Record<string, unknown>;
  git?: Partial<GitInfo> | null;
  data?: Array<{ path: string; sha256: string; bytes: number }>;
  status?: 'completed' | 'failed';
  /** Files under the run folder's artifacts/ (default: a small tfjs-shaped model folder). */
  artifacts?: Record<string, string>;
  experiment?: string;
}

/** A run as the tracker leaves it: run.json, metrics.json and an artifacts/model folder. */
export async function makeRun(workspace: string, fixture: RunFixture = {}): Promise<RunId> {
  const store = new FileRunStore(workspace);
  const run = await store.createRun({
    experiment: fixture.experiment ?? 'churn-tfjs',
    command: 'mlops-tfjs',
    argv: [],
    shell: false,
    cwd: workspace,
  });
  const git: GitInfo | null =
    fixture.git === null
      ? null
      : { isRepo: true, commit: 'c0ffee'.padEnd(40, '0'), branch: 'main', dirty: false, diffSha: null, ...fixture.git };
  await store.updateRun(run.id, { status: fixture.status ?? 'completed', git, data: fixture.data ?? [] });
  const dir = store.runDir(run.id);
  writeFileSync(
    join(dir, 'metrics.json'),
    JSON.stringify({ step: 9, val_accuracy: 0.91, val_loss: 0.2, ...fixture.metrics }),
  );
  const artifacts = fixture.artifacts ?? {
    'model/model.json': '{"format":"layers-model"}',
    'model/weights.bin': 'weights',
    'model/schema.json': JSON.stringify({
      formatVersion: 1,
      columns: [{ name: 'age', type: 'number', min: 18, max: 90 }],
      label: { name: 'churned', task: 'classification', classes: [0, 1] },
    }),
    'model/mlops-model.json': JSON.stringify({ format: 'mlops-tfjs-model', formatVersion: 1 }),
  };
  for (const [rel, content] of Object.entries(artifacts)) {
    const file = join(dir, 'artifacts', rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
  return run.id;
}

export function writeSpec(workspace: string, yaml: string): void {
  writeFileSync(join(workspace, 'mlops.yaml'), yaml);
}

export function cliContext(
  workspace: string,
  positionals: string[],
  options: Record<string, string> = {},
  flags: string[] = [],
): CliContext {
  return {
    workspace,
    json: true,
    args: {
      positionals,
      options: new Map(Object.entries(options).map(([k, v]) => [k, [v]])),
      flags: new Set(['json', ...flags]),
    },
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    signal: new AbortController().signal,
    isTTY: false,
  };
}

/** Runs the real CLI in a child process: what a CI job sees. */
export function runCli(
  workspace: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'src', 'cli', 'main.ts'), ...args, '--workspace', workspace],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
