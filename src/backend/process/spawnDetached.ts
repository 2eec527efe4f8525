import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { WRAPPER_SCRIPT, exitStatusPath, fromShellStatus, readExitStatus, type ExitInfo } from './exitStatus';
import { processStartTime } from './procfs';

export interface DetachedSpawn {
  /** The argument vector; for a string command from the spec, ['/bin/sh', '-c', command]. */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here directly, so the process never depends on its parent's pipes. */
  logPath: string;
  runDir: string;
}

export interface SpawnedProcess {
  pid: number;
  /** /proc start time of the pid (null where /proc is absent). */
  startTime: number | null;
  /** Settles when the process (group leader) ends; never rejects. */
  exited: Promise<ExitInfo>;
  child: ChildProcess;
  /**
   * Lets the command start. Until then the wrapper waits, so the caller can record the pid first; if the caller dies
   * before, the wrapper exits without running anything.
   */
  release(): void;
}

/**
 * Starts a run in its own process group (the group id is the returned pid) with output going straight to the log
 * file. The backend may exit and the run keeps going; see exitStatus.ts for how its status is found again.
 */
export async function spawnDetached(options: DetachedSpawn): Promise<SpawnedProcess> {
  mkdirSync(dirname(options.logPath), { recursive: true });
  const fd = openSync(options.logPath, 'a');
  let child: ChildProcess;
  const useWrapper = process.platform !== 'win32';
  try {
    const [file, ...args] = useWrapper
      ? ['/bin/sh', '-c', WRAPPER_SCRIPT, 'mlops-run', exitStatusPath(options.runDir), ...options.argv]
      : options.argv;
    child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: [useWrapper ? 'pipe' : 'ignore', fd, fd],
      windowsHide: true,
    });
  } finally {
    closeSync(fd);
  }
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (err) =>
      resolve({ exitCode: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 126, signal: null }),
    );
    child.once('exit', (code, signal) => {
      void readExitStatus(options.runDir).then((fromFile) => {
        if (fromFile) resolve(fromFile);
        else if (signal) resolve({ exitCode: null, signal });
        else resolve(fromShellStatus(code ?? 1));
      });
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw Object.assign(new Error(`could not start ${options.argv[0]}`), { code: 'ENOENT' });
  }
  const stdin = child.stdin;
  stdin?.on('error', () => undefined);
  const release = () => {
    if (stdin && !stdin.destroyed) stdin.end('go\n');
  };
  return { pid, startTime: processStartTime(pid), exited, child, release };
}
