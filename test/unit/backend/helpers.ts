import { setTimeout as delay } from 'node:timers/promises';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { isSameProcess } from '../../../src/backend/process/procfs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BackendEvent } from '../../../src/protocol/backend';
import { Runner, type RunnerOptions } from '../../../src/backend/runner';
import type { RunnerTiming } from '../../../src/backend/runs/runnerContext';

export const REPO = resolve(__dirname, '..', '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'nvidia-smi');

export const FAST: Partial<RunnerTiming> = {
  stopGraceMs: 1500,
  heartbeatMs: 300,
  systemSampleMs: 200,
  exitPollMs: 100,
  followPollMs: 50,
  queuePollMs: 200,
};

/** A temporary workspace with the given files (mlops.yaml, scripts). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-backend-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Kills what a failed test may have left running (each run is its own process group), then deletes the folder. */
export function removeWorkspace(dir: string): void {
  const runs = join(dir, '.mlops', 'runs');
  for (const id of existsSync(runs) ? readdirSync(runs) : []) {
    try {
      const record = JSON.parse(readFileSync(join(runs, id, 'run.json'), 'utf8')) as {
        pid?: number;
        pidStartTime?: number;
      };
      if (record.pid && isSameProcess(record.pid, record.pidStartTime)) process.kill(-record.pid, 'SIGKILL');
    } catch {
      // no record or already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

export interface TestRunner {
  runner: Runner;
  events: BackendEvent[];
}

export function testRunner(dir: string, options: Partial<RunnerOptions> = {}): TestRunner {
  const events: BackendEvent[] = [];
  const runner = new Runner({
    workspace: dir,
    role: 'backend',
    timing: FAST,
    captureLineage: false,
    emit: (e) => events.push(e),
    ...options,
  });
  return { runner, events };
}

/**
 * A fake `nvidia-smi` built from the real H100 outputs: `gpus` copies of the fixture's GPU row (indices renumbered),
 * or nothing at all. Returns the folder to put first on PATH.
 */
export function fakeNvidiaSmi(gpus: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-nvidia-smi-'));
  const row = readFileSync(join(FIXTURES, 'query-gpu-busy.csv'), 'utf8').trim();
  const rows = Array.from({ length: gpus }, (_, i) =>
    row.replace(/^0,/, `${i},`).replace(/GPU-[0-9a-f]{8}/, `GPU-0000000${i}`),
  ).join('\n');
  writeFileSync(join(dir, 'gpus.csv'), rows + '\n');
  writeFileSync(join(dir, 'apps.csv'), readFileSync(join(FIXTURES, 'query-compute-apps-busy.csv'), 'utf8'));
  const script = `#!/bin/sh
case "$1" in
  --query-gpu=*) cat "${dir}/gpus.csv" ;;
  --query-compute-apps=*) cat "${dir}/apps.csv" ;;
  *) cat "${join(FIXTURES, 'nvidia-smi-busy.txt')}" ;;
esac
`;
  writeFileSync(join(dir, 'nvidia-smi'), script);
  chmodSync(join(dir, 'nvidia-smi'), 0o755);
  return dir;
}

/** Puts `dir` first on this process's PATH until the returned function is called. */
export function prependPath(dir: string): () => void {
  const before = process.env.PATH;
  process.env.PATH = `${dir}:${before}`;
  return () => {
    process.env.PATH = before;
  };
}

export function spec(
  experiments: Record<string, { command: string | string[]; params?: Record<string, unknown>; gpus?: number }>,
): string {
  const lines = ['experiments:'];
  for (const [name, e] of Object.entries(experiments)) {
    lines.push(`  ${name}:`);
    lines.push(`    command: ${JSON.stringify(e.command)}`);
    if (e.params) lines.push(`    params: ${JSON.stringify(e.params)}`);
    if (e.gpus !== undefined) lines.push(`    gpus: ${e.gpus}`);
  }
  return lines.join('\n') + '\n';
}

export const NODE = process.execPath;

/** Waits until the file contains `text`; returns its content. */
export async function waitForText(path: string, text: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const content = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (content.includes(text)) return content;
    if (Date.now() > deadline) throw new Error(`timed out waiting for '${text}' in ${path}; got: ${content}`);
    await delay(20);
  }
}
