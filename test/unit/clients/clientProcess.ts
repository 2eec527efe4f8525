import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const repo = join(__dirname, '../../..');
export const pythonClientDir = join(repo, 'clients/python');
export const nodeClientPath = join(repo, 'src/client/node/index.ts');

/** A logging script running as a real child process, which tells the test when it has reached a given point. */
export interface ClientProcess {
  child: ChildProcess;
  /** Resolves when the script has printed `marker` on a line of its stdout. */
  printed(marker: string): Promise<void>;
  killHard(): Promise<void>;
}

export function startPython(script: string, cwd: string, env: NodeJS.ProcessEnv): ClientProcess {
  return watch(spawn('python3', ['-c', script], { cwd, env: { ...process.env, PYTHONPATH: pythonClientDir, ...env } }));
}

export function startNode(script: string, env: NodeJS.ProcessEnv): ClientProcess {
  return watch(spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: repo, env: { ...process.env, ...env } }));
}

function watch(child: ChildProcess): ClientProcess {
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    printed: (marker) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (stdout.split('\n').includes(marker)) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearInterval(timer);
            reject(new Error(`the script ended before printing '${marker}': ${stderr}`));
          }
        };
        const timer = setInterval(check, 10);
        check();
      }),
    killHard: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `read` until `done` holds for what it returns, or `boundMs` passes; returns the last value read. */
export async function waitFor<T>(read: () => T, done: (value: T) => boolean, boundMs = 5000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
