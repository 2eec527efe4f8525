import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../store/atomicWrite';
import { queryCudaVersion, queryGpus, type GpuInfo } from '../gpu/nvidiaSmi';

/** The GPUs a run's environment records: the devices and the driver, not their load at that moment. */
export interface GpuSnapshot {
  gpus: GpuInfo[];
  driver: string | null;
  cuda: string | null;
}

const NONE: GpuSnapshot = { gpus: [], driver: null, cuda: null };

async function querySmi(signal?: AbortSignal): Promise<GpuSnapshot> {
  const inventory = await queryGpus({ timeoutMs: 15_000, signal });
  if (inventory.gpus.length === 0) return NONE;
  const gpus = inventory.gpus.map((g) => ({ ...g, memoryUsedMiB: null, utilizationPct: null }));
  return { gpus, driver: inventory.driverVersion, cuda: await queryCudaVersion({ timeoutMs: 15_000, signal }) };
}

/** Linux's id of the current boot: GPUs and drivers cannot change without it changing (or a module reload). */
async function bootId(): Promise<string | null> {
  return fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8').then(
    (t) => t.trim(),
    () => null,
  );
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
    const cached = await fs.readFile(file, 'utf8').then(
      (t) => JSON.parse(t) as { bootId: string; snapshot: GpuSnapshot },
      () => null,
    );
    // A cache from before GpuInfo was unified has no `driver`: ask again.
    if (cached?.bootId === boot && cached.snapshot && 'driver' in cached.snapshot) return cached.snapshot;
  }
  const snapshot = await querySmi(options.signal);
  if (file) await writeJsonAtomic(file, { bootId: boot, snapshot });
  return snapshot;
}
