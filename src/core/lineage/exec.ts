import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { MlopsError, CancelledError, throwIfAborted } from '../errors';

export interface ExecOptions {
  cwd: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  maxBuffer?: number;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs a program with an argument array (never a shell) and resolves with its exit code and output.
 * A non-zero exit is returned, not thrown; a missing program, a time-out or an abort throws.
 */
export function execProgram(file: string, args: string[], options: ExecOptions): Promise<ExecResult> {
  throwIfAborted(options.signal, file);
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        signal: options.signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (!err) return resolve({ code: 0, stdout, stderr });
        if (options.signal?.aborted) return reject(new CancelledError(`${file} ${args[0] ?? ''}`.trim()));
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
        if (e.killed)
          return reject(
            new MlopsError(
              `${file} ${args.join(' ')} timed out`,
              'io',
              'Retry, or check the repository or tool is not hung.',
            ),
          );
        if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr });
        reject(e);
      },
    );
  });
}

export interface StreamToFileResult {
  code: number;
  bytes: number;
  sha256: string;
  stderr: string;
}

/**
 * Runs a program and streams its stdout into `outPath`, hashing the bytes on the way, so outputs far larger
 * than memory (a 50 MB diff) are stored without being held whole.
 */
export function execToFile(
  file: string,
  args: string[],
  outPath: string,
  options: ExecOptions & { onChunk?: (chunk: Buffer) => void },
): Promise<StreamToFileResult> {
  throwIfAborted(options.signal, file);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out = createWriteStream(outPath);
    const hash = createHash('sha256');
    let bytes = 0;
    let stderr = '';
    let failure: Error | null = null;
    const fail = (err: Error) => {
      if (failure) return;
      failure = err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        fail(
          new MlopsError(`${file} ${args.join(' ')} timed out`, 'io', 'Retry, or check the repository is not hung.'),
        ),
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const onAbort = () => fail(new CancelledError(`${file} ${args[0] ?? ''}`.trim()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
      options.onChunk?.(chunk);
      if (!out.write(chunk)) {
        child.stdout.pause();
        out.once('drain', () => child.stdout.resume());
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    out.on('error', fail);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const finish = () => {
        if (failure) reject(failure);
        else resolve({ code: code ?? 1, bytes, sha256: hash.digest('hex'), stderr });
      };
      if (out.destroyed) finish();
      else out.end(finish);
    });
  });
}
