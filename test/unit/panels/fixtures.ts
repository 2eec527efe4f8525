import type { RunId, RunSummary } from '../../../src/core/tracking/types';

/** A run index row with sensible defaults; tests override what they are about. */
export function summary(id: string, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id: id as RunId,
    experiment: 'exp',
    status: 'completed',
    createdAt: '2026-11-01T10:00:00.000Z',
    startedAt: '2026-11-01T10:00:00.000Z',
    endedAt: '2026-11-01T10:01:00.000Z',
    exitCode: 0,
    command: 'python train.py',
    gitCommit: null,
    parent: null,
    tags: {},
    params: {},
    metrics: {},
    step: null,
    ...over,
  };
}
