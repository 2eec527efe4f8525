import { execProgram } from '../lineage/exec';

/**
 * The one reader of `nvidia-smi`: the backend's live GPU inventory and a run's recorded environment both come
 * from `queryGpus`, and every GPU in the code base is a `GpuInfo`.
 */
export interface GpuInfo {
  index: number;
  name: string;
  uuid: string | null;
  memoryTotalMiB: number | null;
  /** At the time of the query; null where not sampled (a run's recorded environment keeps the devices, not their load). */
  memoryUsedMiB: number | null;
  utilizationPct: number | null;
}

export interface GpuInventory {
  gpus: GpuInfo[];
  /** "no GPU found: runs on CPU" when nvidia-smi is absent or lists nothing; why nvidia-smi failed otherwise. */
  message: string | null;
  driverVersion: string | null;
  sampledAt: string;
}

/** Columns asked of `nvidia-smi --query-gpu` (a superset of index,name,memory.total,memory.used,utilization.gpu). */
export const GPU_QUERY_FIELDS = [
  'index',
  'name',
  'uuid',
  'memory.total',
  'memory.used',
  'utilization.gpu',
  'utilization.memory',
  'temperature.gpu',
  'power.draw',
  'driver_version',
] as const;

export const NO_GPU_MESSAGE = 'no GPU found: runs on CPU';

export interface ComputeApp {
  pid: number;
  processName: string;
  usedMemoryMiB: number | null;
  gpuUuid: string;
}

/** "81559", "81559 MiB", "100 %", "[N/A]" → a number or null. */
function numberIn(cell: string | undefined): number | null {
  if (cell === undefined) return null;
  const match = /^[+-]?\d+(\.\d+)?/.exec(cell.trim());
  return match ? Number(match[0]) : null;
}

/** "memory.total [MiB]" → "memory.total". */
function headerName(cell: string): string {
  return cell.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
}

function splitCsv(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

/**
 * Parses `--query-gpu` CSV output, with or without its header line and with or without units (`nounits`).
 * Without a header the columns are `fields`, in order.
 */
export function parseGpuQuery(
  output: string,
  fields: readonly string[] = GPU_QUERY_FIELDS,
): { gpus: GpuInfo[]; driverVersion: string | null } {
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  let columns = [...fields];
  if (lines.length > 0 && /(^|,\s*)index(\s*,|$)/.test(lines[0]) && !/^\s*\d/.test(lines[0])) {
    columns = splitCsv(lines.shift()!).map(headerName);
  }
  const at = (cells: string[], name: string) => {
    const i = columns.indexOf(name);
    return i >= 0 ? cells[i] : undefined;
  };
  let driverVersion: string | null = null;
  const gpus: GpuInfo[] = [];
  for (const line of lines) {
    const cells = splitCsv(line);
    const index = numberIn(at(cells, 'index'));
    if (index === null) continue;
    const uuid = at(cells, 'uuid');
    driverVersion ??= at(cells, 'driver_version') ?? null;
    gpus.push({
      index,
      name: at(cells, 'name') ?? `GPU ${index}`,
      uuid: uuid && uuid !== '[N/A]' ? uuid : null,
      memoryTotalMiB: numberIn(at(cells, 'memory.total')),
      memoryUsedMiB: numberIn(at(cells, 'memory.used')),
      utilizationPct: numberIn(at(cells, 'utilization.gpu')),
    });
  }
  return { gpus, driverVersion };
}

/** Parses `--query-compute-apps=pid,process_name,used_memory,gpu_uuid --format=csv,noheader,nounits`. */
export function parseComputeApps(output: string): ComputeApp[] {
  const apps: ComputeApp[] = [];
  for (const line of output.split(/\r?\n/)) {
    const cells = splitCsv(line);
    const pid = numberIn(cells[0]);
    if (pid === null || cells.length < 4) continue;
    apps.push({ pid, processName: cells[1], usedMemoryMiB: numberIn(cells[2]), gpuUuid: cells[3] });
  }
  return apps;
}

/** nvidia-smi's banner says "CUDA Version: 12.4". */
export function parseCudaVersion(banner: string): string | null {
  return /CUDA Version:\s*([\d.]+)/.exec(banner)?.[1] ?? null;
}

/** nvidia-smi's output; a non-zero exit throws with its first line of stderr. */
async function run(args: string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<string> {
  const result = await execProgram('nvidia-smi', args, {
    cwd: process.cwd(),
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxBuffer: 1 << 20,
  });
  if (result.code !== 0)
    throw new Error(`exit ${result.code}${result.stderr.trim() ? `: ${result.stderr.trim().split('\n')[0]}` : ''}`);
  return result.stdout;
}

/** The highest CUDA version the driver supports, or null without nvidia-smi. */
export async function queryCudaVersion(
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string | null> {
  try {
    return parseCudaVersion(await run([], { timeoutMs: options.timeoutMs ?? 5000, signal: options.signal }));
  } catch {
    return null;
  }
}

/** Asks nvidia-smi (on PATH) for the GPUs. Never throws: a missing or failing nvidia-smi is an inventory with a message. */
export async function queryGpus(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<GpuInventory> {
  const sampledAt = new Date().toISOString();
  try {
    const out = await run([`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'], {
      timeoutMs: options.timeoutMs ?? 5000,
      signal: options.signal,
    });
    const { gpus, driverVersion } = parseGpuQuery(out);
    return { gpus, driverVersion, message: gpus.length === 0 ? NO_GPU_MESSAGE : null, sampledAt };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? NO_GPU_MESSAGE : `nvidia-smi failed (${(err as Error).message.split('\n')[0]}): runs on CPU`;
    return { gpus: [], driverVersion: null, message, sampledAt };
  }
}

/** GPU processes, to attribute GPU memory to runs that were not assigned GPUs. Empty when nvidia-smi is absent. */
export async function queryComputeApps(
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ComputeApp[]> {
  try {
    const out = await run(
      ['--query-compute-apps=pid,process_name,used_memory,gpu_uuid', '--format=csv,noheader,nounits'],
      {
        timeoutMs: options.timeoutMs ?? 5000,
        signal: options.signal,
      },
    );
    return parseComputeApps(out);
  } catch {
    return [];
  }
}
