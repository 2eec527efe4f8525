import type { RunId } from '../../core/tracking/types';
import type { QueueSnapshot } from '../../protocol/backend';
import type { ProcessRef, QueueState } from './queueState';

/** The queue as the protocol shows it. */
export function toSnapshot(state: QueueState, self: ProcessRef, pids: ReadonlyMap<RunId, number>): QueueSnapshot {
  return {
    items: state.items.map(({ runId, experiment, gpus, enqueuedAt, display }) => ({
      runId,
      experiment,
      gpus,
      enqueuedAt,
      display,
    })),
    active: state.active.map((a) => ({
      runId: a.runId,
      experiment: a.experiment,
      gpus: a.gpus,
      pid: pids.get(a.runId) ?? null,
      startedAt: a.startedAt,
      supervisedHere: a.claimedBy.pid === self.pid && a.claimedBy.startTime === self.startTime,
    })),
    concurrency: state.concurrency,
    allowGpuSharing: state.allowGpuSharing,
  };
}
