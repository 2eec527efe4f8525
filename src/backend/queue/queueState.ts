import { MlopsError } from '../../core/errors';
import type { RunId } from '../../core/tracking/types';
import type { QueueItem } from '../../protocol/backend';
import { pickGpus } from '../gpu/gpuAllocation';

/** A process that supervises runs (a backend or a CLI), identified across pid reuse. */
export interface ProcessRef {
  pid: number;
  startTime: number | null;
}

export interface QueuedEntry extends QueueItem {
  /** Start even above the concurrency limit (GPUs must still be free). */
  runNow?: boolean;
}

export interface ActiveEntry {
  runId: RunId;
  experiment: string;
  gpus: number[];
  startedAt: string;
  claimedBy: ProcessRef;
}

/** `.mlops/queue.json`. */
export interface QueueState {
  version: 1;
  concurrency: number;
  allowGpuSharing: boolean;
  items: QueuedEntry[];
  active: ActiveEntry[];
}

export const DEFAULT_CONCURRENCY = 1;

export function emptyQueue(): QueueState {
  return { version: 1, concurrency: DEFAULT_CONCURRENCY, allowGpuSharing: false, items: [], active: [] };
}

function indexOf(state: QueueState, runId: RunId): number {
  const i = state.items.findIndex((item) => item.runId === runId);
  if (i < 0)
    throw new MlopsError(`run ${runId} is not queued`, 'not-found', "Run 'mlops queue list' to see the queue.");
  return i;
}

export function cancelItem(state: QueueState, runId: RunId): QueuedEntry {
  return state.items.splice(indexOf(state, runId), 1)[0];
}

export function moveItem(state: QueueState, runId: RunId, index: number): void {
  if (!Number.isInteger(index) || index < 0)
    throw new MlopsError(`queue position must be a whole number from 0, got ${index}`, 'bad-input');
  const [item] = state.items.splice(indexOf(state, runId), 1);
  state.items.splice(Math.min(index, state.items.length), 0, item);
}

export function markRunNow(state: QueueState, runId: RunId): void {
  moveItem(state, runId, 0);
  state.items[0].runNow = true;
}

export function setConcurrency(state: QueueState, concurrency: number, allowGpuSharing?: boolean): void {
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new MlopsError(`concurrency must be a whole number from 1 to 256, got ${concurrency}`, 'bad-input');
  }
  state.concurrency = concurrency;
  if (allowGpuSharing !== undefined) state.allowGpuSharing = allowGpuSharing;
}

export interface Claim {
  item: QueuedEntry;
  gpus: number[];
}

/**
 * Which queued runs may start now, in queue order. Concurrency counts active runs (`runNow` items ignore it). A run
 * that needs GPUs waits until that many are free; while it waits, later GPU runs wait too (no overtaking on GPUs),
 * but runs that need no GPU may start.
 */
export function chooseClaims(state: QueueState, gpuIndices: readonly number[]): Claim[] {
  const claims: Claim[] = [];
  const held = state.active.map((a) => a.gpus);
  let running = state.active.length;
  let gpuBlocked = false;
  for (const item of state.items) {
    if (running >= state.concurrency && !item.runNow) continue;
    if (item.gpus > 0 && gpuBlocked) continue;
    const gpus = pickGpus(gpuIndices, held, item.gpus, state.allowGpuSharing);
    if (!gpus) {
      gpuBlocked = true;
      continue;
    }
    claims.push({ item, gpus });
    held.push(gpus);
    running++;
  }
  return claims;
}

/** Moves claimed items from the queue to the active list. */
export function applyClaims(state: QueueState, claims: readonly Claim[], claimedBy: ProcessRef): void {
  const claimed = new Set(claims.map((c) => c.item.runId));
  state.items = state.items.filter((i) => !claimed.has(i.runId));
  const startedAt = new Date().toISOString();
  for (const { item, gpus } of claims)
    state.active.push({ runId: item.runId, experiment: item.experiment, gpus, startedAt, claimedBy });
}
