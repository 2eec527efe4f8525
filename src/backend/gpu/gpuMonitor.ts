import type { GpuInventory } from '../../protocol/backend';
import { queryComputeApps, queryGpus, type ComputeApp } from '../../core/gpu/nvidiaSmi';

export interface GpuReading {
  inventory: GpuInventory;
  apps: ComputeApp[];
}

/**
 * One nvidia-smi reading shared by every sampler: calls within `maxAgeMs` of the last one reuse it, and concurrent
 * callers share the call in flight. Compute apps are only asked for when GPUs exist.
 */
export class GpuMonitor {
  private last: { at: number; reading: GpuReading } | null = null;
  private inFlight: Promise<GpuReading> | null = null;

  constructor(private readonly options: { withApps?: boolean } = {}) {}

  async inventory(maxAgeMs = 10_000): Promise<GpuInventory> {
    return (await this.read(maxAgeMs)).inventory;
  }

  read(maxAgeMs: number): Promise<GpuReading> {
    if (this.last && Date.now() - this.last.at <= maxAgeMs) return Promise.resolve(this.last.reading);
    this.inFlight ??= (async () => {
      try {
        const inventory = await queryGpus();
        const apps = inventory.gpus.length > 0 && this.options.withApps !== false ? await queryComputeApps() : [];
        const reading = { inventory, apps };
        this.last = { at: Date.now(), reading };
        return reading;
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
