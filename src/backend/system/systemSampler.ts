import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appendLinesSync } from '../../core/store/atomicWrite';
import { runPaths } from '../../core/store/layout';
import type { SystemSample } from '../../protocol/backend';
import type { GpuMonitor, GpuReading } from '../gpu/gpuMonitor';
import { CLOCK_TICKS_PER_SECOND, listProcesses, processTree } from '../process/procfs';

export interface SystemSamplerOptions {
  runDir: string;
  pid: number;
  /** GPUs assigned to the run; without any, GPUs where the run's processes hold memory are used. */
  gpus: number[];
  /** Run start (ms): steps are whole seconds since then, so a re-adopted run continues its series. */
  startedAtMs: number;
  intervalMs: number;
  gpuMonitor: GpuMonitor | null;
  onSample?: (sample: SystemSample) => void;
}

const MIB = 1024 * 1024;
export const SYSTEM_SERIES = ['cpu', 'rss', 'gpu_util', 'gpu_mem'] as const;

/** GPU figures for a run: its assigned GPUs (mean util, summed used memory), else those its processes use. */
export function gpuFigures(
  reading: GpuReading,
  assigned: readonly number[],
  pids: ReadonlySet<number>,
): { util: number; mem: number } | null {
  let gpus = reading.inventory.gpus.filter((g) => assigned.includes(g.index));
  let mem: number | null = null;
  if (gpus.length === 0) {
    const mine = reading.apps.filter((a) => pids.has(a.pid));
    if (mine.length === 0) return null;
    const uuids = new Set(mine.map((a) => a.gpuUuid));
    gpus = reading.inventory.gpus.filter((g) => g.uuid !== null && uuids.has(g.uuid));
    mem = mine.reduce((sum, a) => sum + (a.usedMemoryMiB ?? 0), 0);
  }
  if (gpus.length === 0) return null;
  const util = gpus.reduce((sum, g) => sum + (g.utilizationPct ?? 0), 0) / gpus.length;
  mem ??= gpus.reduce((sum, g) => sum + (g.memoryUsedMiB ?? 0), 0);
  return { util, mem };
}

/** Samples CPU and RSS of the run's process tree (and its GPUs) into `<runDir>/system/<name>.tsv` every interval. */
export class SystemSampler {
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | undefined;
  private previousTicks = new Map<number, number>();
  private previousAt = 0;
  private busy = false;

  constructor(private readonly o: SystemSamplerOptions) {}

  start(): void {
    mkdirSync(runPaths(this.o.runDir).system, { recursive: true });
    this.measureCpu();
    this.timer = setInterval(() => void this.sample(), this.o.intervalMs);
    this.first = setTimeout(() => void this.sample(), Math.min(1000, this.o.intervalMs / 2));
  }

  stop(): void {
    clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sample(): Promise<SystemSample | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const cpuMem = this.measureCpu();
      if (!cpuMem) return null;
      const sample: SystemSample = { timestamp: Date.now(), cpu: cpuMem.cpu, rss: cpuMem.rssMiB };
      if (this.o.gpuMonitor) {
        const gpu = gpuFigures(await this.o.gpuMonitor.read(this.o.intervalMs / 2), this.o.gpus, cpuMem.pids);
        if (gpu) {
          sample.gpu_util = gpu.util;
          sample.gpu_mem = gpu.mem;
        }
      }
      if (!this.timer) return null;
      this.append(sample);
      this.o.onSample?.(sample);
      return sample;
    } finally {
      this.busy = false;
    }
  }

  private measureCpu(): { cpu: number; rssMiB: number; pids: Set<number> } | null {
    const tree = processTree(this.o.pid, listProcesses());
    if (tree.length === 0) return null;
    const now = Date.now();
    const seconds = (now - this.previousAt) / 1000;
    let ticks = 0;
    let rss = 0;
    const current = new Map<number, number>();
    for (const p of tree) {
      current.set(p.pid, p.cpuTicks);
      ticks += Math.max(0, p.cpuTicks - (this.previousTicks.get(p.pid) ?? 0));
      rss += p.rssBytes;
    }
    const cpu = this.previousAt > 0 && seconds > 0 ? (100 * ticks) / CLOCK_TICKS_PER_SECOND / seconds : 0;
    this.previousTicks = current;
    this.previousAt = now;
    return { cpu: Math.round(cpu * 10) / 10, rssMiB: Math.round((rss / MIB) * 10) / 10, pids: new Set(current.keys()) };
  }

  private append(sample: SystemSample): void {
    appendSystemSample(this.o.runDir, this.o.startedAtMs, sample);
  }
}

/** Appends a sample to `<runDir>/system/<name>.tsv`; steps are whole seconds since the run's start. */
export function appendSystemSample(runDir: string, startedAtMs: number, sample: SystemSample): void {
  const step = Math.max(0, Math.round((sample.timestamp - startedAtMs) / 1000));
  const dir = runPaths(runDir).system;
  mkdirSync(dir, { recursive: true });
  for (const name of SYSTEM_SERIES) {
    const value = sample[name];
    if (value === undefined) continue;
    const file = join(dir, `${name}.tsv`);
    const line = `${sample.timestamp}\t${step}\t${value}`;
    const isNew = !existsSync(file) || statSync(file).size === 0;
    appendLinesSync(file, isNew ? [`timestamp\tstep\t${name}`, line] : [line]);
  }
}
