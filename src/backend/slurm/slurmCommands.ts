import { spawn } from 'node:child_process';
import { MlopsError } from '../../core/errors';
import {
  parseSacct,
  parseScontrolJob,
  parseSqueue,
  parseSstat,
  SACCT_FIELDS,
  SQUEUE_FORMAT,
  SSTAT_FIELDS,
} from './slurmParse';
import type { SlurmJobInfo } from './slurmStates';

export interface SlurmOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** How long one Slurm client command may take (a busy controller answers slowly; a dead one never). */
const COMMAND_TIMEOUT_MS = 30_000;

/**
 * Runs one Slurm client command (argv, no shell). A missing binary is an MlopsError saying Slurm's clients are not on
 * PATH; a non-zero exit is returned as is, so callers can show Slurm's own message.
 */
export function slurmCommand(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<SlurmOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      timeout: options.timeoutMs ?? COMMAND_TIMEOUT_MS,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new MlopsError(
            `${argv[0]} is not on PATH, so Slurm cannot be reached from here`,
            'bad-input',
            'Run where the Slurm client commands are installed (a login node), or use executor: local.',
          ),
        );
      } else reject(new MlopsError(`${argv[0]} could not run: ${err.message}`, 'io'));
    });
    child.once('close', (code, signal) => {
      if (signal)
        resolve({
          code: 128,
          stdout,
          stderr:
            stderr ||
            `${argv[0]} was stopped by ${signal} (no answer within ${(options.timeoutMs ?? COMMAND_TIMEOUT_MS) / 1000} s?)`,
        });
      else resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** Slurm's message for a failed command: its stderr without the `sbatch: error: ` prefixes. */
export function slurmMessage(out: SlurmOutput): string {
  const text = (out.stderr || out.stdout)
    .trim()
    .split('\n')
    .map((l) => l.replace(/^\w+: error: /, '').trim())
    .filter(Boolean)
    .join('; ');
  return text || `exit code ${out.code} and no message`;
}

async function ok(argv: string[], what: string): Promise<SlurmOutput> {
  const out = await slurmCommand(argv);
  if (out.code !== 0) throw new MlopsError(`${what}: ${slurmMessage(out)}`, 'io', `The command was: ${argv.join(' ')}`);
  return out;
}

/** squeue's view of these jobs; a job missing from the answer has left Slurm's queue. */
export async function squeueJobs(jobIds: readonly string[]): Promise<Map<string, SlurmJobInfo>> {
  const out = await slurmCommand(['squeue', '-h', '-j', jobIds.join(','), '-o', SQUEUE_FORMAT]);
  // squeue fails with "Invalid job id specified" when every id has left the controller's memory.
  if (out.code !== 0 && !/invalid job id/i.test(out.stderr))
    throw new MlopsError(`squeue failed: ${slurmMessage(out)}`, 'io');
  return new Map(parseSqueue(out.code === 0 ? out.stdout : '').map((j) => [j.jobId, j]));
}

/**
 * Slurm's last word on a job that left the queue: sacct (a cluster with accounting), else `scontrol show job` (the
 * controller keeps ended jobs for MinJobAge seconds), else undefined.
 */
export async function finalJobInfo(jobId: string): Promise<SlurmJobInfo | undefined> {
  const sacct = await slurmCommand(['sacct', '-n', '-P', '-X', '-j', jobId, '-o', SACCT_FIELDS]).catch(() => undefined);
  if (sacct && sacct.code === 0) {
    const found = parseSacct(sacct.stdout).find((j) => j.jobId === jobId);
    if (found) return found;
  }
  const show = await slurmCommand(['scontrol', 'show', 'job', '-o', jobId]).catch(() => undefined);
  return show && show.code === 0 ? parseScontrolJob(show.stdout) : undefined;
}

/** CPU seconds and RSS of the job's batch step (needs a JobAcctGather plugin; undefined where sstat has none). */
export async function sstatBatch(jobId: string): Promise<{ cpuSeconds: number; rssMiB: number } | undefined> {
  const out = await slurmCommand(['sstat', '-n', '-P', '-j', `${jobId}.batch`, '-o', SSTAT_FIELDS]).catch(
    () => undefined,
  );
  return out && out.code === 0 ? (parseSstat(out.stdout) ?? undefined) : undefined;
}

export async function scancel(jobId: string): Promise<void> {
  await ok(['scancel', jobId], `scancel ${jobId} failed`);
}

export async function releaseJob(jobId: string): Promise<void> {
  await ok(['scontrol', 'release', jobId], `scontrol release ${jobId} failed`);
}

/** Moves a pending job to the top of its user's jobs (`scontrol top`). */
export async function topJob(jobId: string): Promise<void> {
  await ok(['scontrol', 'top', jobId], `scontrol top ${jobId} failed`);
}
