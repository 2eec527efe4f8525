/** Runs the bundled CLI (dist/cli.js) as a user would, with a bound on its time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');
export const BACKEND = join(REPO, 'dist', 'backend.js');

export function requireBuild(): void {
  for (const file of [CLI, BACKEND]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run 'npm run build' first`);
  }
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  done: Promise<CliResult>;
}

/** Starts `mlops ARGS`; `done` settles when it exits (after SIGKILL past `timeoutMs`, with timedOut). */
export function startCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: string },
): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(options.stdin ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 120_000);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { child, stdout: () => stdout, done };
}

export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: string },
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** A stack trace or a raw JavaScript error in user-facing output: the signs of an error that is not an MlopsError. */
export function internalErrorSign(text: string): string | undefined {
  const patterns = [
    /\n\s+at .+\(.+:\d+:\d+\)/,
    /^\s+at .+:\d+:\d+$/m,
    /\b(TypeError|ReferenceError|RangeError|SyntaxError|EvalError)\b/,
    /Cannot read propert(y|ies) of/,
    /is not a function/,
    /is not iterable/,
    /Maximum call stack/,
    /Invalid time value/,
  ];
  for (const p of patterns) {
    const m = p.exec(text);
    if (m) return m[0].trim();
  }
  return undefined;
}
