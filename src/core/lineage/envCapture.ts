import { promises as fs } from 'node:fs';
import { arch, cpus, platform, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import type { EnvInfo } from '../tracking/types';
import { errorMessage, throwIfAborted } from '../errors';
import { storePaths } from '../store/layout';
import { sha256File } from './fileHash';
import { gpuInventory } from './gpuInventory';
import { pythonEnv } from './pythonEnv';

export interface CaptureEnvOptions {
  /** Workspace: enables the cross-process cache (`.mlops/cache/env/`) and lock-file hashes. */
  workspace?: string;
  /** Interpreter the run uses (a path or a name on PATH); its version and packages are recorded. */
  python?: string;
  signal?: AbortSignal;
}

/** Lock files whose hash pins a run's dependencies, Node's first. */
export const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'requirements.txt',
  'poetry.lock',
  'uv.lock',
  'Pipfile.lock',
  'environment.yml',
];

export function envCacheDir(workspace: string): string {
  return join(storePaths(workspace).cache, 'env');
}

async function lockfileHashes(
  workspace: string,
  signal?: AbortSignal,
): Promise<Array<{ path: string; sha256: string }>> {
  const found: Array<{ path: string; sha256: string }> = [];
  for (const name of LOCKFILES) {
    const path = join(workspace, name);
    const isFile = await fs.stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) found.push({ path: name, sha256: await sha256File(path, signal) });
  }
  return found;
}

function hostInfo(): EnvInfo {
  const cpuList = cpus();
  return {
    os: `${type()} ${release()}`,
    platform: platform(),
    arch: arch(),
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cpuCount: cpuList.length,
    memoryBytes: totalmem(),
    node: process.version,
  };
}

/**
 * The environment a run is launched in: OS, CPU, memory, GPUs (nvidia-smi), Node, lock files, and the
 * given Python interpreter's version and packages. GPU and Python facts are cached (per boot, per
 * interpreter + site-packages state), so a second launch costs a few stat calls. A broken interpreter is
 * recorded in `pythonError`, not thrown: the run itself will report it.
 */
export async function captureEnv(options: CaptureEnvOptions = {}): Promise<EnvInfo> {
  const { workspace, signal } = options;
  throwIfAborted(signal, 'environment capture');
  const cacheDir = workspace ? envCacheDir(workspace) : undefined;
  const [gpu, python, lockfiles] = await Promise.all([
    gpuInventory({ cacheDir, signal }),
    options.python
      ? pythonEnv(options.python, { cacheDir, signal, cwd: workspace }).then(
          (env) => ({ env, error: null }),
          (err) => {
            throwIfAborted(signal, 'environment capture');
            return { env: null, error: errorMessage(err) };
          },
        )
      : null,
    workspace ? lockfileHashes(workspace, signal) : [],
  ]);
  const env: EnvInfo = {
    ...hostInfo(),
    gpu: gpu.gpus.map((g) => g.name),
    gpus: gpu.gpus,
    gpuDriver: gpu.driver,
    cuda: gpu.cuda,
  };
  if (lockfiles.length > 0) env.lockfiles = lockfiles;
  if (python?.env) {
    env.python = python.env.version;
    env.pythonExecutable = python.env.executable;
    env.packages = python.env.packages;
  } else if (python?.error) env.pythonError = python.error;
  return env;
}
