import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { GpuInfo } from '../tracking/types';
import { writeJsonAtomic } from '../store/atomicWrite';
import { execProgram } from './exec';

export interface GpuSnapshot {
  gpus: GpuInfo[];
  cuda: string | null;
}

const NONE: GpuSnapshot = { gpus: [], cuda: null };

function numberOrNull(text: string | undefined): number | null {
  const n = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(n) ? n : null;
}

/** Parses `nvidia-smi --query-gpu=index,name,driver_version,memory.total,uuid --format=csv,noheader,nounits`. */
export function parseGpuQuery(csv: string): GpuInfo[] {
  return csv
    .split('\n')
    .map((line) => line.split(',').map((f) => f.trim()))
    .filter((f) => f.length >= 2 && f[1] !== '')
    .map((f) => ({ index: numberOrNull(f[0]) ?? 0, name: f[1], driver: f[2] || null, memoryMiB: numberOrNull(f[3]), uuid: f[4] || null }));
}

/** nvidia-smi's banner says "CUDA Version: 12.4". */
export function parseCudaVersion(banner: string): string | null {
  return /CUDA Version:\s*([\d.]+)/.exec(banner)?.[1] ?? null;
}

async function querySmi(signal?: AbortSignal): Promise<GpuSnapshot> {
  const options = { cwd: process.cwd(), signal, timeoutMs: 15_000 };
  try {
    const query = await execProgram('nvidia-smi', ['--query-gpu=index,name,driver_version,memory.total,uuid', '--format=csv,noheader,nounits'], options);
    if (query.code !== 0) return NONE;
    const banner = await execProgram('nvidia-smi', [], options);
    return { gpus: parseGpuQuery(query.stdout), cuda: parseCudaVersion(banner.stdout) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return NONE;
    throw err;
  }
}

/** Linux's id of the current boot: GPUs and drivers cannot change without it changing (or a module reload). */
async function bootId(): Promise<string | null> {
  return fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8').then((t) => t.trim(), () => null);
}

let inProcess: Promise<GpuSnapshot> | null = null;

/**
 * The machine's NVIDIA GPUs (none when nvidia-smi is absent). Asked once per process; with a cache folder,
 * also once per boot across processes.
 */
export function gpuInventory(options: { cacheDir?: string; signal?: AbortSignal } = {}): Promise<GpuSnapshot> {
  inProcess ??= readThroughCache(options).catch((err) => {
    inProcess = null;
    throw err;
  });
  return inProcess;
}

async function readThroughCache(options: { cacheDir?: string; signal?: AbortSignal }): Promise<GpuSnapshot> {
  const boot = options.cacheDir ? await bootId() : null;
  const file = options.cacheDir && boot ? join(options.cacheDir, 'gpu.json') : null;
  if (file) {
    const cached = await fs.readFile(file, 'utf8').then((t) => JSON.parse(t) as { bootId: string; snapshot: GpuSnapshot }, () => null);
    if (cached?.bootId === boot) return cached.snapshot;
  }
  const snapshot = await querySmi(options.signal);
  if (file) await writeJsonAtomic(file, { bootId: boot, snapshot });
  return snapshot;
}
